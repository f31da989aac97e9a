/**
 * A value a `beforeAll` assigns, as its `afterAll` must see it: jest still runs `afterAll` when
 * `beforeAll` failed part-way, and then the `let` it assigned is unset although its type says
 * otherwise. `afterAll(() => ifSetUp(h)?.close())` closes what was opened and leaves the report to
 * the real failure instead of a TypeError.
 */
export function ifSetUp<T>(value: T): T | undefined {
  return value;
}
