import { CONFIG_DEFAULTS, loadConfig } from '@okapi/adapters/config';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript of the launcher (bin/okapi.js), loaded before TypeScript.
const { DEFAULT_HEAP_MB, heapBoundFlag } = require('../bin/heap-bound.js') as {
  DEFAULT_HEAP_MB: number;
  heapBoundFlag: (argv: string[], env: NodeJS.ProcessEnv, execArgv: string[]) => string | undefined;
};

/** bin/okapi.js restarts `okapi start` in a node with a bounded heap, unless told otherwise. */
describe('heapBoundFlag', () => {
  it('bounds `okapi start` at the documented default', () => {
    expect(DEFAULT_HEAP_MB).toBe(CONFIG_DEFAULTS.heapMb);
    expect(heapBoundFlag(['start'], {}, [])).toBe(`--max-old-space-size=${CONFIG_DEFAULTS.heapMb}`);
    expect(heapBoundFlag(['start', '--data-dir', 'x'], { OKAPI_HEAP_MB: '2048' }, [])).toBe(
      '--max-old-space-size=2048',
    );
  });

  it('leaves other commands, and OKAPI_HEAP_MB=0, to V8', () => {
    expect(heapBoundFlag(['import-dump', 'x.xml'], {}, [])).toBeUndefined();
    expect(heapBoundFlag([], {}, [])).toBeUndefined();
    expect(heapBoundFlag(['start'], { OKAPI_HEAP_MB: '0' }, [])).toBeUndefined();
  });

  it('runs the server itself under a debugger', () => {
    expect(heapBoundFlag(['start'], {}, ['--inspect=9230'])).toBeUndefined();
  });

  it('leaves a value that is not a number to the config validator, which stops the command', () => {
    expect(heapBoundFlag(['start'], { OKAPI_HEAP_MB: '1g' }, [])).toBeUndefined();
    expect(() => loadConfig({ OKAPI_HEAP_MB: '1g' })).toThrow(/OKAPI_HEAP_MB="1g"/);
  });

  it("keeps a limit the user gave node, in NODE_OPTIONS or its arguments (and the child's own)", () => {
    expect(
      heapBoundFlag(['start'], { NODE_OPTIONS: '--enable-source-maps --max-old-space-size=512' }, []),
    ).toBeUndefined();
    expect(heapBoundFlag(['start'], { NODE_OPTIONS: '--max_old_space_size=512' }, [])).toBeUndefined();
    expect(heapBoundFlag(['start'], { NODE_OPTIONS: '--max-heap-size=512' }, [])).toBeUndefined();
    expect(heapBoundFlag(['start'], {}, ['--max-old-space-size=1024'])).toBeUndefined();
    expect(heapBoundFlag(['start'], { NODE_OPTIONS: '--max-semi-space-size=16' }, [])).toBe(
      `--max-old-space-size=${CONFIG_DEFAULTS.heapMb}`,
    );
  });
});
