// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { realDataPath } from '@okapi/testing';
import { must } from '../shared/must';
import { PageEvent } from '../events/page.events';
import {
  aDeletePage,
  aMovePage,
  aRecordRevision,
  anIpEditor,
  aRestorePage,
  aVisibilityChange,
  recorded,
  recordRevisionFromWme,
  run,
  stateFrom,
  WmeRecord,
} from '../testing';
import { PageCommand } from '../commands/page.commands';
import { initialPageState, PageState } from '../page/page.state';
import { ArticleOptions, toArticles } from './article.mapper';
import { Article } from './article-types';
import { offsetOfEventIdentifier } from './event-identifier';
import { articlePartition } from './article-partition';
import { wmeTimestamp } from './wme-time';

// Three real WME Articles ("Squirrel" on dewiki, enwiki, ruwiki), WME SDK fixture.
const records: WmeRecord[] = readFileSync(realDataPath('enterprise', 'articles.ndjson'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as WmeRecord);

const WME_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Runs commands through the decider; maps the last command's events, each against the state after it. */
function announce(
  commands: PageCommand[],
  options?: ArticleOptions,
  firstOffset = 1,
): { articles: Article[]; state: PageState } {
  const { events } = run(commands);
  const all = recorded(events, firstOffset);
  let state = initialPageState();
  let articles: Article[] = [];
  for (const e of all) {
    state = stateFrom([e], state);
    articles = toArticles(state, e, options);
  }
  return { articles, state };
}

describe('WME Article mapping: round trip against real records', () => {
  it.each(records.map((r) => [r.is_part_of.identifier, r] as const))(
    '%s: same keys, order and values as WME',
    (_wiki, real) => {
      const { articles } = announce([recordRevisionFromWme(real)], {}, 1234);
      expect(articles).toHaveLength(1);
      const [ours] = articles;
      // Same top-level fields, in WME's order.
      expect(Object.keys(ours)).toEqual(Object.keys(real));
      for (const key of Object.keys(real) as (keyof WmeRecord & keyof Article)[]) {
        if (key === 'version' || key === 'event') continue;
        expect({ key, value: ours[key] }).toEqual({ key, value: real[key] });
      }
      // version: every WME field equal; Okapi adds its own score (and size/characters when WME omitted them).
      const { scores, ...version } = real.version;
      expect(ours.version).toMatchObject(version);
      expect(ours.version.scores).toMatchObject(scores ?? {});
      expect(ours.version.scores?.revertrisk).toEqual({
        prediction: expect.any(Boolean) as unknown,
        probability: { true: expect.any(Number) as unknown, false: expect.any(Number) as unknown },
      });
      for (const extra of Object.keys(ours.version).filter((k) => !(k in real.version))) {
        expect(['scores', 'number_of_characters', 'size']).toContain(extra);
      }
      // event: WME's type and receive time (in WME's whole-second format: the real record's
      // microseconds are what the Python SDK cannot parse); identifier derived from the offset;
      // partition from the page.
      expect(ours.event).toMatchObject({
        type: 'update',
        date_created: wmeTimestamp(must(real.event?.date_created, 'event.date_created')),
        partition: articlePartition(real.is_part_of.identifier, real.identifier),
        offset: 1234,
      });
      expect(ours.event?.date_created).toMatch(WME_DATE);
      expect(ours.event?.identifier).toMatch(UUID);
      expect(offsetOfEventIdentifier(must(ours.event, 'event').identifier)).toBe(1234);
    },
  );

  it('counts number_of_characters in code points, as WME does', () => {
    const en = must(
      records.find((r) => r.is_part_of.identifier === 'enwiki'),
      'enwiki',
    );
    const { articles } = announce([{ ...recordRevisionFromWme(en), enrichment: {} }]);
    expect(articles[0].version.number_of_characters).toBe(en.version.number_of_characters);
    expect(articles[0].version.size).toEqual(en.version.size);
  });
});

describe('WME Article mapping: what each event announces', () => {
  it('first revision -> create; later revision -> update with previous_version', () => {
    expect(announce([aRecordRevision({ revisionId: 1 })]).articles.map((a) => a.event?.type)).toEqual(['create']);
    const { articles } = announce([
      aRecordRevision({ revisionId: 1 }),
      aRecordRevision({ revisionId: 2, parentId: 1 }),
    ]);
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({
      name: 'Okapi',
      identifier: 42,
      url: 'https://en.wikipedia.org/wiki/Okapi',
      namespace: { identifier: 0 },
      in_language: { identifier: 'en' },
      is_part_of: { identifier: 'enwiki', url: 'https://en.wikipedia.org' },
      version: { identifier: 2, comment: 'edit 2', size: { unit_text: 'B' } },
      previous_version: { identifier: 1, number_of_characters: 'Okapi text, revision 1.'.length },
      article_body: { wikitext: 'Okapi text, revision 2.' },
      license: [{ identifier: 'CC-BY-SA-4.0' }],
      event: { type: 'update', partition: articlePartition('enwiki', 42), offset: 2 },
    });
    expect(articles[0].date_previously_modified).toBeDefined();
    expect(articles[0].date_created).toBeDefined();
    expect(articles[0]).not.toHaveProperty('visibility');
    expect(articles[0].version).not.toHaveProperty('is_minor_edit'); // false is omitted, as WME does
  });

  it('a late (older) revision announces nothing', () => {
    const { articles } = announce([
      aRecordRevision({ revisionId: 1 }),
      aRecordRevision({ revisionId: 3 }),
      aRecordRevision({ revisionId: 2 }),
    ]);
    expect(articles).toEqual([]);
  });

  it('delete -> a delete skeleton without body', () => {
    const { articles } = announce([aRecordRevision({ revisionId: 1 }), aDeletePage()]);
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({
      name: 'Okapi',
      identifier: 42,
      version: { identifier: 1 },
      event: { type: 'delete' },
    });
    expect(articles[0]).not.toHaveProperty('article_body');
  });

  it('move -> move at the new title plus delete for the old title, with distinct event ids', () => {
    const { articles } = announce([
      aRecordRevision({ revisionId: 1 }),
      aMovePage({ toNamespace: 4, toTitle: "Wikipedia:Okapi's (page)" }),
    ]);
    expect(articles.map((a) => [a.event?.type, a.name, a.namespace.identifier])).toEqual([
      ['move', "Wikipedia:Okapi's (page)", 4],
      ['delete', 'Okapi', 0],
    ]);
    expect(articles[0].url).toBe("https://en.wikipedia.org/wiki/Wikipedia:Okapi's_(page)");
    expect(articles[0].article_body?.wikitext).toBeDefined();
    expect(articles[0].event?.identifier).not.toBe(articles[1].event?.identifier);
    expect(articles.map((a) => offsetOfEventIdentifier(must(a.event, 'event').identifier))).toEqual([2, 2]);
  });

  it('restore -> create', () => {
    const { articles } = announce([aRecordRevision({ revisionId: 1 }), aDeletePage(), aRestorePage()]);
    expect(articles.map((a) => a.event?.type)).toEqual(['create']);
    expect(articles[0].version.identifier).toBe(1);
  });

  it('a revision on a deleted page announces nothing', () => {
    const { articles } = announce([
      aRecordRevision({ revisionId: 5 }),
      aDeletePage(),
      aRecordRevision({ revisionId: 2 }),
    ]);
    expect(articles).toEqual([]);
  });

  it('visibility change of the current revision -> hidden parts omitted, visibility present', () => {
    const { articles } = announce([
      aRecordRevision({ revisionId: 1, editor: anIpEditor() }),
      aVisibilityChange({ revisionId: 1, visibility: { text: false, editor: false, comment: false } }),
    ]);
    expect(articles).toHaveLength(1);
    const [a] = articles;
    expect(a.event?.type).toBe('visibility-change');
    expect(a.visibility).toEqual({ text: false, editor: false, comment: false });
    expect(a).not.toHaveProperty('article_body');
    expect(a).not.toHaveProperty('abstract');
    expect(a.version).not.toHaveProperty('editor');
    expect(a.version).not.toHaveProperty('comment');
    expect(a.version).not.toHaveProperty('number_of_characters');
  });

  it('a revision recorded with a hidden text of unknown size: visibility present, no size, no body, no invented count', () => {
    const hidden = { text: false, editor: true, comment: false };
    const { articles } = announce([
      aRecordRevision({ revisionId: 1 }),
      aRecordRevision({
        revisionId: 2,
        parentId: 1,
        text: undefined,
        size: undefined,
        sha1: undefined,
        visibility: hidden,
      }),
    ]);
    const [a] = articles;
    expect(a.event?.type).toBe('update');
    expect(a.visibility).toEqual(hidden);
    expect(a.version).toMatchObject({ identifier: 2 });
    expect(a.version).not.toHaveProperty('size');
    expect(a.version).not.toHaveProperty('number_of_characters');
    expect(a.version).not.toHaveProperty('comment');
    expect(a.version.editor).toBeDefined();
    expect(a).not.toHaveProperty('article_body');
    // The previous revision's size stays known: previous_version carries its characters.
    expect(a.previous_version).toEqual({ identifier: 1, number_of_characters: 'Okapi text, revision 1.'.length });
  });

  it('visibility change of an older revision, and reverts, announce nothing', () => {
    const older = announce([
      aRecordRevision({ revisionId: 1 }),
      aRecordRevision({ revisionId: 2 }),
      aVisibilityChange({ revisionId: 1 }),
    ]);
    expect(older.articles).toEqual([]);
    const events: PageEvent[] = run([
      aRecordRevision({ revisionId: 1 }),
      aRecordRevision({ revisionId: 2 }),
      aRecordRevision({ revisionId: 3, sha1: 'sha1-1' }),
    ]).events;
    const reverted = must(recorded(events).at(-1), 'the last recorded');
    expect(reverted.type).toBe('RevisionsReverted');
    expect(toArticles(stateFrom(events), reverted)).toEqual([]);
  });

  it('event fields: date_created = receivedAt, date_published = recordedAt, partition option', () => {
    const { events, state } = run([aRecordRevision({ revisionId: 1 })]);
    const [e] = recorded(events, 77, Date.parse('2024-06-01T00:00:00Z'));
    const [a] = toArticles(state, e, { partition: 3 });
    expect(a.event).toEqual({
      identifier: expect.stringMatching(UUID) as unknown,
      type: 'create',
      date_created: events[0].data.receivedAt,
      date_published: '2024-06-01T00:00:00Z',
      partition: 3,
      offset: 77,
    });
    expect(toArticles(state, e, { partition: 3 })).toEqual([a]); // deterministic
  });
});

describe('WME Article mapping: derived content', () => {
  const derive = jest.fn(() => ({
    html: '<p>x</p>',
    abstract: 'x',
    categories: [{ name: 'Category:X', url: 'https://en.wikipedia.org/wiki/Category:X' }],
  }));

  beforeEach(() => derive.mockClear());

  it('fills html, abstract and categories from wikitext when the source gave none', () => {
    const { articles } = announce([aRecordRevision({ revisionId: 1 })], { derive });
    expect(derive).toHaveBeenCalledWith('Okapi text, revision 1.', { wiki: 'enwiki', title: 'Okapi', namespace: 0 });
    expect(articles[0]).toMatchObject({
      abstract: 'x',
      article_body: { html: '<p>x</p>' },
      categories: [{ name: 'Category:X' }],
    });
    expect(articles[0]).not.toHaveProperty('templates');
  });

  it('keeps what the source supplied and does not derive when everything is there', () => {
    const en = must(
      records.find((r) => r.is_part_of.identifier === 'enwiki'),
      'enwiki',
    );
    const { articles } = announce([recordRevisionFromWme(en)], { derive });
    expect(derive).not.toHaveBeenCalled();
    expect(articles[0].abstract).toBe(en.abstract);
  });

  it('survives a throwing deriver and never derives hidden text', () => {
    const boom = () => {
      throw new Error('parser failure');
    };
    expect(announce([aRecordRevision({ revisionId: 1 })], { derive: boom }).articles).toHaveLength(1);
    announce([aRecordRevision({ revisionId: 1, visibility: { text: false, editor: true, comment: true } })], {
      derive,
    });
    expect(derive).not.toHaveBeenCalled();
  });
});
