// @real-data
/**
 * The web console in a real browser (Debian's Chromium via playwright-core) against a real
 * `okapi start`: a child process on a temp data dir and a free port, fed by the synthetic
 * generator (live edits) and by real Wikimedia data from OKAPI_REAL_DATA_DIR (the pywikibot XML
 * dumps, WME's "Squirrel" records, the first revisions of enwiki "Anarchism"). Each step is what a
 * user does; a failing step leaves a screenshot in test-results/screenshots.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ifSetUp, makeTempDir, realDataPath, TempDir, waitFor } from '@okapi/testing';
import {
  a11yViolations,
  AXE_SCRIPT,
  launchTestBrowser,
  step,
  TestBrowser,
  widerThanViewport,
} from '@okapi/testing/browser';
import { anarchismPrefix } from '@okapi/testing';
import { okapiCli, OkapiServer, startOkapi } from '@okapi/testing';
import { must } from '@okapi/domain';

jest.setTimeout(180_000);

// Functions passed to page.evaluate run in the browser; the root tsconfig has no DOM types.
declare const document: {
  documentElement: { scrollWidth: number };
  activeElement: { textContent: string | null } | null;
};
declare const window: { innerWidth: number; axe: unknown };

/** First revision of Anarchism in the history sample (2001), and a phrase only its text has. */
const ANARCHISM_FIRST = 233194;
const ANARCHISM_FIRST_TEXT = 'can anyone give any reference???';

async function cli(dataDir: string, args: string[]): Promise<string> {
  const r = await okapiCli(dataDir, args);
  if (r.code !== 0) throw new Error(`okapi ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');

describe('Okapi console in a browser', () => {
  let tmp: TempDir;
  let server: OkapiServer;
  let browser: TestBrowser;
  let page: Page;
  let snapshotMd5: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    tmp = makeTempDir('okapi-console-e2e-');
    const data = join(tmp.path, 'data');
    await cli(data, ['import-dump', realDataPath('xml', 'pair-0.10.xml')]);
    await cli(data, ['import-dump', realDataPath('xml', 'article-pear-0.10.xml')]);
    await cli(data, ['import-dump', await anarchismPrefix(tmp.path, 6), '--wiki', 'enwiki']);
    await cli(data, ['import-snapshot', realDataPath('enterprise', 'articles.ndjson')]);
    server = await startOkapi(data, [], {
      OKAPI_SOURCES: 'generator:enwiki,dewiki',
      OKAPI_GENERATOR_RATE: '20',
      OKAPI_SNAPSHOT_TIME: 'off',
      OKAPI_BATCH_SCHEDULE: 'false',
    });
    const [meta] = (await cli(data, ['snapshot', '--wiki', 'dewiki', '--namespace', '0'])).trim().split('\n');
    snapshotMd5 = (JSON.parse(meta) as { version: string }).version;
    browser = await launchTestBrowser();
    await browser.context.addInitScript({ path: AXE_SCRIPT });
    page = browser.page;
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await ifSetUp(browser)?.close();
    const code = await ifSetUp(server)?.stop();
    ifSetUp(tmp)?.remove();
    expect(code).toBe(0);
  });

  it('logs in with the first-run admin credential', async () => {
    await step(page, 'login', async () => {
      await page.goto(server.base);
      await page.getByLabel('Username').fill('admin');
      const password = readFileSync(join(tmp.path, 'data', 'auth', 'initial-admin-password'), 'utf8').trim();
      await page.getByLabel('Password').fill('wrong password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Console sections' }).waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Live firehose');
    });
  });

  it('shows live events arriving', async () => {
    await step(page, 'live events', async () => {
      const rows = page.getByTestId('events').locator('li');
      await rows.first().waitFor({ timeout: 20_000 });
      const firstTop = await rows.first().getAttribute('data-offset');
      // New edits from the generator land on top within seconds.
      await waitFor(async () => (await rows.first().getAttribute('data-offset')) !== firstTop, {
        timeoutMs: 20_000,
        intervalMs: 250,
        message: 'a newer event on top of the list',
      });
      expect(await page.getByTestId('stream-status').textContent()).toMatch(/^Live/);
    });
  });

  it('filters the stream to one namespace and shows only it', async () => {
    await step(page, 'namespace filter', async () => {
      await page.getByLabel('Namespace').selectOption('1');
      const rows = page.getByTestId('events').locator('li');
      await waitFor(async () => (await rows.count()) >= 3, {
        timeoutMs: 20_000,
        intervalMs: 250,
        message: 'Talk events',
      });
      await page.waitForTimeout(1500); // more arrive live: they must be Talk pages too
      const namespaces = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-namespace')));
      expect(new Set(namespaces)).toEqual(new Set(['1']));
      const titles = await page.getByTestId('events').locator('.event-title').allTextContents();
      expect(titles.every((t) => t.startsWith('Talk:'))).toBe(true);
    });
  });

  it('opens an event as an Article', async () => {
    await step(page, 'open article from firehose', async () => {
      const link = page
        .getByTestId('events')
        .locator('li[data-type="create"] .event-title, li[data-type="update"] .event-title')
        .last();
      const title = must(await link.textContent(), 'the link text');
      await link.click();
      await page.getByRole('heading', { level: 2, name: title }).waitFor({ timeout: 15_000 });
      expect(page.url()).toContain('#/article');
    });
  });

  it('opens a real article, steps to an older revision and sees its text', async () => {
    await step(page, 'time travel', async () => {
      await page.getByRole('search').getByLabel('Title').fill('Anarchism');
      await page.getByRole('search').getByLabel('Project').selectOption('enwiki');
      await page.getByRole('button', { name: 'Open' }).click();
      await page.getByRole('heading', { level: 2, name: 'Anarchism' }).waitFor();
      await page.getByRole('tab', { name: 'Wikitext' }).click();
      expect(await page.getByTestId('wikitext').textContent()).not.toContain(ANARCHISM_FIRST_TEXT);
      await page.getByRole('tab', { name: 'History & diff' }).click();
      const history = page.getByRole('table', { name: 'Revision history' }).locator('tbody tr');
      await history.nth(5).waitFor();
      expect(await history.count()).toBe(6);
      await page.getByRole('link', { name: `View revision ${ANARCHISM_FIRST}` }).click();
      await page.getByTestId('time-travel').waitFor();
      const frame = page.frameLocator('iframe.article-frame');
      await frame.locator('body').getByText(ANARCHISM_FIRST_TEXT, { exact: false }).first().waitFor();
      await page.getByRole('tab', { name: 'Wikitext' }).click();
      expect(await page.getByTestId('wikitext').textContent()).toContain(ANARCHISM_FIRST_TEXT);
    });
  });

  it('compares two revisions', async () => {
    await step(page, 'diff', async () => {
      await page.getByRole('tab', { name: 'History & diff' }).click();
      await page.getByRole('button', { name: 'Compare A → B' }).click();
      const diff = page.getByTestId('diff');
      await diff.waitFor();
      expect(await diff.locator('.line.add, .line.del').count()).toBeGreaterThan(0);
    });
  });

  it('runs a SQL query and downloads the result as CSV', async () => {
    await step(page, 'sql', async () => {
      await page.getByRole('link', { name: /SQL/ }).click();
      await page
        .getByLabel('Query')
        .fill(
          "SELECT wiki, count() AS pages FROM revisions FINAL WHERE wiki = 'enwiki' AND page_id < 1000000000 GROUP BY wiki",
        );
      await page.getByRole('button', { name: 'Run query' }).click();
      const cells = page.getByTestId('sql-result').locator('tbody td');
      await cells.first().waitFor();
      const shown = await cells.allTextContents();
      expect(shown[0]).toBe('enwiki');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('okapi-query.csv');
      const csv = readFileSync(await download.path(), 'utf8');
      // Real pages below the generator's id range: Pear, Çullu, Agdam and its talk page, Anarchism,
      // Squirrel: 6 revisions of Anarchism, 2 + 2 of the pair, 1 of Pear, 1 of Squirrel.
      expect(csv).toBe(`wiki,pages\r\nenwiki,${shown[1]}\r\n`);
      expect(Number(shown[1])).toBe(12);
    });
  });

  it('downloads a snapshot whose md5 is the one shown', async () => {
    await step(page, 'bulk', async () => {
      await page.getByRole('link', { name: /Bulk/ }).click();
      const table = page.getByRole('table', { name: 'Snapshots' });
      const row = table.getByRole('row').filter({ hasText: 'dewiki_namespace_0' });
      await row.waitFor();
      expect(await row.getByTestId('md5').textContent()).toBe(snapshotMd5);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        row.getByRole('button', { name: 'Download dewiki_namespace_0.tar.gz' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('dewiki_namespace_0.tar.gz');
      expect(md5(readFileSync(await download.path()))).toBe(snapshotMd5);
    });
  });

  it("shows each projection's lag on the status view", async () => {
    await step(page, 'status', async () => {
      await page.getByRole('link', { name: /Status/ }).click();
      const lag = page.getByTestId('lag-table');
      const row = lag.getByRole('row').filter({ hasText: 'projection revisions' });
      await row.waitFor();
      expect(await row.locator('td').nth(1).textContent()).toMatch(/^\d+$/);
      await lag.getByRole('row').filter({ hasText: 'publisher' }).first().waitFor();
      await page.getByRole('table', { name: 'Readiness checks' }).getByText('event_store').waitFor();
      await page.getByRole('table', { name: 'Live sources' }).getByText('generator').waitFor();
    });
  });

  it('works from the keyboard and labels every control', async () => {
    await step(page, 'keyboard and labels', async () => {
      await page.goto('about:blank');
      await page.goto(`${server.base}#/firehose`);
      await page.getByTestId('events').waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      // Tab along the header and the navigation to "SQL", then Enter.
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate(() => document.activeElement?.textContent ?? '')).startsWith('SQL')) break;
      }
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'SQL console' }).waitFor();
      for (const view of [
        'sql',
        'firehose',
        'rates',
        'flagged',
        'status',
        'bulk',
        `article?name=Squirrel&wiki=enwiki`,
      ]) {
        await page.goto(`${server.base}#/${view}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.waitForTimeout(800);
        expect({ view, violations: await a11yViolations(page) }).toEqual({ view, violations: [] });
      }
    });
  });

  it.each([390, 1280])('fits a %i px wide screen on every view', async (width) => {
    await step(page, `layout ${width}`, async () => {
      await page.setViewportSize({ width, height: 860 });
      for (const view of [
        'firehose',
        'rates',
        'flagged',
        'article?name=Anarchism&wiki=enwiki',
        'sql',
        'bulk',
        'status',
      ]) {
        await page.goto(`${server.base}#/${view}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.waitForTimeout(500);
        if (view.startsWith('article')) {
          // The widest content: a diff of long wikitext lines.
          await page.getByRole('tab', { name: 'History & diff' }).click();
          await page.getByRole('button', { name: 'Compare A → B' }).click();
          await page.getByTestId('diff').locator('.hunk-head').first().waitFor();
        }
        expect({ view, wider: await widerThanViewport(page) }).toEqual({ view, wider: [] });
        // Every section of the console is reachable without scrolling sideways.
        const nav = await page
          .getByRole('navigation', { name: 'Console sections' })
          .getByRole('link')
          .evaluateAll((links) => links.map((a) => a.getBoundingClientRect().right <= window.innerWidth));
        expect(nav).toEqual(Array(7).fill(true));
      }
    });
  });

  it('raised no script error on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
