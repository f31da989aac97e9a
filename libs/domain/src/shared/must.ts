/**
 * The value, or a thrown Error naming what was missing: for a lookup the code has already made
 * sure of (a key just set, an index in range) where TypeScript cannot follow the guard.
 */
export function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`${what}: missing`);
  return value;
}
