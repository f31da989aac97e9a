import { ArticleOptions, DerivedContent, toArticles } from '@okapi/domain';
import { articleRows, ArticleDocument, ProjectionStep } from '@okapi/projections';
import { DerivationPool } from '../wikitext/derivation.pool';

type Derive = NonNullable<ArticleOptions['derive']>;

// Stands in for a document while finding out which steps need one.
const PLANNED: ArticleDocument = { json: '', eventType: 'update' };

/**
 * Derives on `pool`, all at once, every wikitext the batch's documents will ask for, and returns
 * a `derive` that answers from those results (and derives in-thread whatever it was not asked
 * before, which the planning below makes the exception). Finding the inputs runs the same pure
 * mapping the documents do, with a recording `derive`: the Articles' own logic decides what is
 * derived, not a copy of it.
 */
export async function prederive(
  steps: readonly ProjectionStep[],
  pool: DerivationPool,
  derive: Derive,
): Promise<Derive> {
  const wanted: ProjectionStep[] = [];
  articleRows(steps, (step) => (wanted.push(step), PLANNED));
  const inputs = new Map<string, Map<string, Parameters<Derive>[1]>>();
  const record: Derive = (text, ctx) => {
    let byText = inputs.get(ctx.wiki);
    if (!byText) inputs.set(ctx.wiki, (byText = new Map()));
    byText.set(text, ctx);
    return {};
  };
  for (const step of wanted) toArticles(step.after, step.event, { derive: record });
  const results = new Map<string, Map<string, DerivedContent>>();
  const pending: Promise<void>[] = [];
  for (const [wiki, byText] of inputs) {
    const out = new Map<string, DerivedContent>();
    results.set(wiki, out);
    for (const [text, ctx] of byText)
      pending.push(
        pool.derive(text, ctx).then(
          (d) => void out.set(text, d),
          () => undefined, // derived in-thread below, which never throws
        ),
      );
  }
  await Promise.all(pending);
  return (text, ctx) => results.get(ctx.wiki)?.get(text) ?? derive(text, ctx);
}

let shared: DerivationPool | undefined;

/** The process's pool (one worker per core), started on first use; idle workers do not hold the process. */
export function sharedDerivationPool(): DerivationPool {
  return (shared ??= new DerivationPool());
}
