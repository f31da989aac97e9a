/**
 * The Action API reports `sha1` in hex; dumps and EventStreams use MediaWiki's base-36 form
 * (31 digits, zero-padded). Okapi stores base-36 so identity-revert detection compares like
 * with like whatever the source.
 */
export function sha1HexToBase36(hex: string): string | undefined {
  if (!/^[0-9a-f]{40}$/i.test(hex)) return undefined;
  return BigInt(`0x${hex}`).toString(36).padStart(31, '0');
}
