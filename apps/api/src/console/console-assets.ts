import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where the console's build goes (`dist/` is never committed; `okapi start` builds it when stale). */
export const CONSOLE_DIST_DIR = join(__dirname, '..', '..', '..', '..', 'dist', 'console');

/** File names Vite emits under assets/ (content-hashed): no path separators, no leading dot. */
export const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/**
 * The SPA's own code only: scripts and styles from this origin, no inline script. Article HTML is
 * shown in a sandboxed iframe (no scripts there either; it inherits this policy); uPlot sets inline
 * styles; article images and media come from Wikimedia's servers over https.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline' https:",
  "img-src 'self' data: https:",
  'media-src https:',
  "frame-src 'self'",
  "frame-ancestors 'none'",
  // The article frame sets <base href="https://{wiki domain}/wiki/"> so Parsoid's relative links resolve.
  "base-uri 'self' https:",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

export function consoleIsBuilt(dir = CONSOLE_DIST_DIR): boolean {
  return existsSync(join(dir, 'index.html'));
}

/** What `/` shows when the build is missing (e.g. an install without devDependencies). */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Okapi console</title></head>
<body><main><h1>Okapi console is not built</h1>
<p><code>okapi start</code> builds it when the front-end tools are installed (<code>npm ci</code> with
devDependencies). Build it by hand with <code>npm run build:console</code>, then reload.</p>
<p>The API works without it: see <a href="/docs">/docs</a>.</p></main></body></html>
`;
