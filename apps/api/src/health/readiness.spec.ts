import { checkReadiness } from './readiness';

describe('checkReadiness', () => {
  it('is ok only when every probe answers in time, naming each failure without a stack', async () => {
    const ok = await checkReadiness([{ name: 'a', probe: async () => 1 }]);
    expect(ok).toMatchObject({ status: 'ok', checks: { a: { status: 'ok' } } });
    const bad = await checkReadiness(
      [
        { name: 'a', probe: async () => 1 },
        {
          name: 'b',
          probe: async () => {
            throw new Error('connection refused');
          },
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
});
