/**
 * WME `event.identifier` is a UUID. Okapi derives it from the event's offset (and the index of the
 * Article when one event announces two, e.g. a move) so replays produce the same identifier and
 * clients can de-duplicate on it. Layout (UUIDv8, RFC 9562 "custom"):
 *   oooooooo-oooo-8iii-8000-oooooooooooo   o = offset as 24 hex digits, i = index (0..4095)
 * No randomness, no clock.
 */
export function articleEventIdentifier(offset: number, index = 0): string {
  const o = BigInt(offset).toString(16).padStart(24, '0');
  const i = (index & 0xfff).toString(16).padStart(3, '0');
  return `${o.slice(0, 8)}-${o.slice(8, 12)}-8${i}-8000-${o.slice(12, 24)}`;
}

/** The offset encoded by `articleEventIdentifier`, or undefined for other identifiers. */
export function offsetOfEventIdentifier(identifier: string): number | undefined {
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-8[0-9a-f]{3}-8000-([0-9a-f]{12})$/.exec(identifier);
  return m ? Number(BigInt(`0x${m[1]}${m[2]}${m[3]}`)) : undefined;
}
