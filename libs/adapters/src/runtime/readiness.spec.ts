import { checkReadiness, deadLetterCheck } from './readiness';

describe('checkReadiness', () => {
  it('is ok only when every probe answers in time, naming each failure without a stack', async () => {
    const ok = await checkReadiness([{ name: 'a', probe: () => Promise.resolve(1) }]);
    expect(ok).toMatchObject({ status: 'ok', checks: { a: { status: 'ok' } } });
    const bad = await checkReadiness(
      [
        { name: 'a', probe: () => Promise.resolve(1) },
        {
          name: 'b',
          probe: () => Promise.reject(new Error('connection refused')),
        },
        { name: 'c', probe: () => new Promise(() => undefined) },
      ],
      50,
    );
    expect(bad.status).toBe('fail');
    expect(bad.checks.b).toMatchObject({ status: 'fail', error: 'connection refused' });
    expect(bad.checks.c.error).toMatch(/no answer within 50 ms/);
    expect(JSON.stringify(bad)).not.toContain('    at ');
  });

  it('dead letters make it degraded (still served), with their count; none is ok; a failure still wins', async () => {
    const letters = (by: Record<string, number>) => deadLetterCheck({ counts: () => Promise.resolve(by) });
    const none = await checkReadiness([{ name: 'a', probe: () => Promise.resolve(1) }, letters({})]);
    expect(none).toMatchObject({ status: 'ok', checks: { dead_letters: { status: 'ok' } } });
    const some = await checkReadiness([
      { name: 'a', probe: () => Promise.resolve(1) },
      letters({ views: 2, publisher: 1 }),
    ]);
    expect(some.status).toBe('degraded');
    expect(some.checks.dead_letters).toMatchObject({
      status: 'degraded',
      count: 3,
      consumers: { views: 2, publisher: 1 },
    });
    expect(some.checks.dead_letters).not.toHaveProperty('degraded');
    const failing = { name: 'b', probe: () => Promise.reject(new Error('down')) };
    expect((await checkReadiness([failing, letters({ views: 1 })])).status).toBe('fail');
  });
});
