import { defineConfig } from 'vite';

// The console builds to dist/console (never committed); `okapi start` runs this build when the
// output is missing or older than these sources (apps/cli/src/start/console-build.ts).
export default defineConfig({
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No inline <script>: the console's Content-Security-Policy allows scripts from its origin only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
