import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { makeTempDir, TempDir } from './temp-dir';

/**
 * Debian's Chromium (`.ci/run` installs the `chromium` package), driven by playwright-core: never
 * a browser download. Headless, sandbox off (tests run as root), no background networking (the
 * machine has no internet: Chromium's own calls home would only fail), fresh profile per run.
 */
export const CHROMIUM = process.env.OKAPI_TEST_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export interface TestBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

export async function launchTestBrowser(viewport = { width: 1280, height: 900 }): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium; .ci/run does)`);
  const profile: TempDir = makeTempDir('okapi-chromium-');
  const context = await chromium.launchPersistentContext(profile.path, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      profile.remove();
    },
  };
}

/** Where failing browser steps leave their screenshots (gitignored). */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', 'test-results', 'screenshots');

/**
 * Runs one user-visible step; on failure saves a full-page screenshot named after the step, so
 * a red CI run shows what the user would have seen.
 */
export async function step<T>(page: Page, name: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    throw Object.assign(e as Error, { message: `${(e as Error).message}\n(screenshot: ${file})` });
  }
}

/** axe-core's browser build, for `context.addInitScript` (init scripts are not subject to the page's CSP). */
export const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

// Functions passed to page.evaluate run in the browser; the root tsconfig has no DOM types.
declare const document: { documentElement: { scrollWidth: number } };
declare const window: { innerWidth: number; axe: unknown };

/**
 * What the axe-core audit (WCAG 2.1 A/AA rules: control names, ARIA, structure, contrast) finds on
 * the current view. The article iframe is Wikipedia's own HTML, sandboxed without scripts, so axe
 * is not sent into it. Throws when axe checked nothing (not injected).
 */
export async function a11yViolations(page: Page): Promise<string[]> {
  const result = await page.evaluate(async () => {
    type Node = { target: string[] };
    type Axe = {
      run(
        ctx: unknown,
        opts: unknown,
      ): Promise<{ passes: unknown[]; violations: { id: string; impact: string; nodes: Node[] }[] }>;
    };
    const run = await (window.axe as Axe).run(document, {
      iframes: false,
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return { passes: run.passes.length, violations: run.violations };
  });
  if (result.passes < 10) throw new Error(`axe ran only ${result.passes} checks`);
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
}

/**
 * What makes the page wider than the viewport: empty when it does not scroll sideways, else the
 * innermost elements that reach past its right edge (tag, classes, start of their text), so a
 * failure names the culprit.
 */
export async function widerThanViewport(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: BrowserDocument }).document;
    const width = (globalThis as unknown as { innerWidth: number }).innerWidth;
    if (doc.documentElement.scrollWidth <= width) return [];
    const past = Array.from(doc.body.querySelectorAll('*')).filter(
      (e) => e.getBoundingClientRect().right > width + 0.5,
    );
    return past
      .filter((e) => !past.some((other) => other !== e && e.contains(other)))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${(e.textContent ?? '').slice(0, 60)}`);
  });
}

interface BrowserElement {
  readonly tagName: string;
  readonly className: string;
  readonly textContent: string | null;
  getBoundingClientRect(): { right: number };
  contains(other: BrowserElement): boolean;
}
interface BrowserDocument {
  readonly documentElement: { scrollWidth: number };
  readonly body: { querySelectorAll(selector: string): ArrayLike<BrowserElement> };
}
