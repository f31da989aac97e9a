import { MediaWikiClient, REVISION_PARAMS } from './mediawiki-api.client';
import { LocalMediaWikiServer } from '@okapi/testing';

// Jest 29 ignores the per-project testTimeout in jest.config.
jest.setTimeout(60_000);

const UA = 'Okapi-test/0.1 (ops@example.org)';
const fixture = (revid: number) => ({
  page: { pageid: revid % 7, ns: 0, title: `Page ${revid % 7}` },
  revision: {
    revid,
    parentid: revid - 1,
    minor: false,
    user: 'A',
    userid: 1,
    timestamp: '2026-01-01T00:00:00Z',
    size: 4,
    sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    comment: '',
    tags: [],
    slots: { main: { contentmodel: 'wikitext', contentformat: 'text/x-wiki', content: `r${revid}` } },
  },
});

describe('MediaWikiClient against a local Action API', () => {
  let server: LocalMediaWikiServer;
  afterEach(() => server.stop());

  it('batches at most 50 revids per request, within the concurrency limit, with the documented params', async () => {
    server = new LocalMediaWikiServer({ lookup: (id) => (id % 10 === 0 ? undefined : fixture(id)), delayMs: 30 });
    const client = new MediaWikiClient({ apiUrlTemplate: await server.start(), userAgent: UA, concurrency: 2 });
    const ids = Array.from({ length: 230 }, (_, i) => 1001 + i);
    const out = await client.fetchRevisions('en.wikipedia.org', ids);
    expect(server.requests.map((r) => r.revids.length)).toEqual([50, 50, 50, 50, 30]);
    expect(server.maxInFlight).toBe(2);
    expect(server.requests.every((r) => r.path === '/en.wikipedia.org/w/api.php' && r.userAgent === UA)).toBe(true);
    expect(out.size).toBe(230);
    expect(out.get(1010)).toEqual({ status: 'missing', revisionId: 1010 });
    expect(out.get(1001)).toMatchObject({
      status: 'ok',
      text: 'r1001',
      sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    });
    expect(REVISION_PARAMS.rvprop).toBe('ids|timestamp|flags|comment|user|userid|size|sha1|contentmodel|content|tags');
  });

  it('gives up after maxAttempts and reports the revisions unavailable (never throws)', async () => {
    server = new LocalMediaWikiServer({ lookup: fixture, failRequests: 100, failStatus: 500 });
    const retries: number[] = [];
    const client = new MediaWikiClient({
      apiUrlTemplate: await server.start(),
      userAgent: UA,
      maxAttempts: 3,
      backoff: { initialMs: 5, maxMs: 10 },
      onRetry: (_w, n) => retries.push(n),
    });
    const out = await client.fetchRevisions('en.wikipedia.org', [1, 2]);
    expect(server.requests).toHaveLength(3);
    expect(retries).toEqual([1, 2]);
    expect(out.get(1)).toMatchObject({ status: 'unavailable', reason: 'HTTP 500' });
  });

  it('honours Retry-After on 429', async () => {
    server = new LocalMediaWikiServer({ lookup: fixture, failRequests: 1, failStatus: 429, retryAfterSeconds: 1 });
    const client = new MediaWikiClient({
      apiUrlTemplate: await server.start(),
      userAgent: UA,
      backoff: { initialMs: 5 },
    });
    const started = Date.now();
    const out = await client.fetchRevisions('en.wikipedia.org', [7]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(out.get(7)).toMatchObject({ status: 'ok', text: 'r7' });
  });
});
