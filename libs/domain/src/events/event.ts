/** A domain event: readonly data with a `type` discriminator (past tense, persisted contract). */
export type Event<Type extends string, Data extends object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;
