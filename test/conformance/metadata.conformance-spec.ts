/**
 * Metadata getters of both SDKs (codes, languages, projects, namespaces), each a POST carrying
 * the shared Request: answers decode into the Go structs and hold what WME's real records hold.
 */
import { WmeRequest } from './client/wme-request';
import { expectFilled, realJson, sdkClients } from './support/clients';
import { suiteState } from './support/suite-state';

/** One Request reused across endpoints, as SDK users do: WME tolerates every member everywhere. */
const REUSED: WmeRequest = {
  since: new Date(Date.now() - 3_600_000),
  limit: 5,
  parts: [0, 1],
  offsets: new Map([[0, 1]]),
  sincePerPartition: new Map([[1, new Date(Date.now() - 60_000)]]),
};

describe('WME SDK conformance: metadata', () => {
  it.each(['go', 'python'] as const)(
    '%s: languages, projects, namespaces and codes hold WME records',
    async (flavour) => {
      const c = (await sdkClients())[flavour];
      for (const req of [undefined, REUSED]) {
        const language = await c.getLanguage('en', req);
        expect(language).toEqual(realJson('language.json'));
        const languages = await c.getLanguages(req);
        expect(languages.length).toBeGreaterThan(300);
        expect(languages).toContainEqual(realJson('language.json'));
        for (const l of languages) expectFilled(l, ['identifier', 'name']);

        expect(await c.getProject('enwiki', req)).toMatchObject(realJson('project.json'));
        const projects = await c.getProjects(req);
        expect(projects.length).toBeGreaterThan(0);
        for (const p of projects) expectFilled(p, ['identifier', 'url', 'code', 'in_language.identifier']);

        const namespace = await c.getNamespace(6, req);
        expect(namespace).toEqual(realJson('namespace.json'));
        const namespaces = await c.getNamespaces(req);
        expect(namespaces).toEqual(expect.arrayContaining(realJson<unknown[]>('namespaces.json')));

        expect(await c.getCode('wiki', req)).toEqual(realJson('code.json'));
        expect(await c.getCodes(req)).toEqual(expect.arrayContaining(realJson<unknown[]>('codes.json')));
      }
    },
  );

  it('applies fields and filters, and refuses a name outside the Request (422), as WME does', async () => {
    const { go, token } = await sdkClients();
    const en = await go.getLanguages({
      fields: ['identifier', 'name'],
      filters: [{ field: 'identifier', value: 'en' }],
    });
    expect(en).toEqual([{ identifier: 'en', name: 'English' }]);
    const res = await fetch(`${suiteState().baseUrl}v2/languages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ limits: 5 }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ status: 422, message: expect.stringContaining('limits') });
  });
});
