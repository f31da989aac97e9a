import { Inject, Injectable } from '@nestjs/common';
import type { ReadModel } from '@okapi/projections';
import { OkapiConfig } from '@okapi/adapters/config';
import { Language, MetadataCatalogue, Project } from '@okapi/adapters/metadata';
import { CONFIG } from '@okapi/adapters/runtime';
import { READ_MODEL } from '@okapi/adapters/runtime';

/** How long the list of wikis seen in `articles_current` is reused (it changes rarely). */
const SEEN_TTL_MS = 10_000;

/**
 * WME metadata: projects Okapi has seen (wikis with articles) plus the configured ones
 * (OKAPI_SOURCES), each derived from its dbname; the languages of those projects; namespaces and
 * project codes from Okapi's own tables (libs/adapters/src/metadata/wiki-facts.ts).
 */
@Injectable()
export class MetadataService {
  readonly catalogue = new MetadataCatalogue();
  private seen: { at: number; wikis: string[] } | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: OkapiConfig,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  async projects(): Promise<Project[]> {
    const configured = (this.config.sources ?? []).flatMap((s) => s.wikis);
    const wikis = new Set([...configured, ...(await this.seenWikis())]);
    return [...wikis].sort().map((w) => this.catalogue.project(w));
  }

  async languages(): Promise<Language[]> {
    return this.catalogue.languagesOf(await this.projects());
  }

  private async seenWikis(): Promise<string[]> {
    const now = Date.now();
    if (this.seen && now - this.seen.at < SEEN_TTL_MS) return this.seen.wikis;
    const pairs = await this.readModel.listWikiNamespaces();
    this.seen = { at: now, wikis: [...new Set(pairs.map((p) => p.wiki))] };
    return this.seen.wikis;
  }
}
