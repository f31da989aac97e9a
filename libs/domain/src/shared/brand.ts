/** Nominal typing for primitives: `Brand<number, 'Offset'>` is not assignable from a bare number. */
export type Brand<T, B extends string> = T & { readonly __brand: B };
