import type { ArticleDocument } from '../views/article.rows';
import { articleRows, ArticleRows, DocumentOf, ProjectionStep } from '../views/article-batch-plan';

/** Lets the event loop serve I/O (HTTP next to the projector in `okapi start`) between slices. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Every this many documents built, the event loop gets a turn: one can take tens of ms (wikitext). */
const DOCUMENTS_PER_SLICE = 16;

// Stands in for a document during the planning pass; never reaches a row that is written.
const PLANNED: ArticleDocument = { json: '', eventType: 'update' };

/** The steps `articleRows` will ask documents for (it asks regardless of what they turn out to be). */
export function documentSteps(steps: readonly ProjectionStep[]): ProjectionStep[] {
  const wanted: ProjectionStep[] = [];
  articleRows(steps, (step) => (wanted.push(step), PLANNED));
  return wanted;
}

/**
 * `articleRows` with the costly part (building documents) split into slices so a long catch-up
 * does not hold the event loop for a whole batch. `articleRows` is pure and asks for documents
 * regardless of what they turn out to be, so a first pass with placeholders names exactly the
 * steps the real pass will ask for; the documents are built in between, yielding every few.
 */
export async function buildArticleRows(steps: readonly ProjectionStep[], documentOf: DocumentOf): Promise<ArticleRows> {
  const wanted = documentSteps(steps);
  const built = new Map<ProjectionStep, ArticleDocument | undefined>();
  for (let i = 0; i < wanted.length; i++) {
    if (i > 0 && i % DOCUMENTS_PER_SLICE === 0) await yieldToEventLoop();
    built.set(wanted[i], documentOf(wanted[i]));
  }
  return articleRows(steps, (step) => (built.has(step) ? built.get(step) : documentOf(step)));
}
