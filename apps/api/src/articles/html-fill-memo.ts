/**
 * Remembers documents with HTML filled in, so HTML is rendered once per stored version:
 * by identity of the read model's result array (its lookup cache hands back the same array until
 * a write invalidates it) and, failing that, by document text (bounded, oldest dropped first).
 */
export class HtmlFillMemo {
  private readonly byResult = new WeakMap<readonly string[], readonly string[]>();
  private readonly byText = new Map<string, string>();

  constructor(private readonly maxTexts = 1000) {}

  fillAll(docs: readonly string[], fill: (text: string) => string): readonly string[] {
    const known = this.byResult.get(docs);
    if (known) return known;
    const filled = docs.map((d) => this.fillOne(d, fill));
    this.byResult.set(docs, filled);
    return filled;
  }

  private fillOne(text: string, fill: (text: string) => string): string {
    const known = this.byText.get(text);
    if (known !== undefined) return known;
    const filled = fill(text);
    if (filled === text) return text;
    this.byText.set(text, filled);
    if (this.byText.size > this.maxTexts) this.byText.delete(this.byText.keys().next().value as string);
    return filled;
  }
}
