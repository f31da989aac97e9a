/**
 * Metadata getters of both SDKs (codes, languages, projects, namespaces), each a POST carrying
 * the shared Request: answers decode into the Go structs and hold what WME's real records hold.
 */
import { WmeRequest } from './client/wme-request';
import { expectFilled, realJson, sdkClients } from './support/clients';
import { suiteState } from './support/suite-state';

type Rec = Record<string, unknown>;

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
      // Okapi writes its descriptions in its own words (nothing copied): identity fields must be
      // WME's, descriptions present.
      const ids = (list: Rec[]): unknown[] => list.map((r) => [r.identifier, r.name]);
      for (const req of [undefined, REUSED]) {
        expect(await c.getLanguage('en', req)).toEqual(realJson('language.json'));
        const languages = await c.getLanguages(req);
        const realLanguages = realJson('languages.json') as Rec[];
        // The languages of the projects Okapi holds (en, de, ru from the real data; simple from traffic).
        expect(languages.map((l) => l.identifier)).toEqual(expect.arrayContaining(['en', 'de', 'ru']));
        for (const l of languages) {
          expectFilled(l, ['identifier', 'name', 'direction']);
          const real = realLanguages.find((r) => r.identifier === l.identifier);
          if (real) expect([l.identifier, l.direction]).toEqual([real.identifier, real.direction]);
        }

        expect(await c.getProject('enwiki', req)).toEqual(realJson('project.json'));
        const projects = await c.getProjects(req);
        expect(projects.map((p) => p.identifier)).toEqual(expect.arrayContaining(['enwiki', 'dewiki', 'ruwiki']));
        const realProjects = realJson('projects.json') as Rec[];
        for (const p of projects) {
          expectFilled(p, ['identifier', 'name', 'url', 'code', 'in_language.identifier']);
          // Okapi names projects by family in English (WME shows ruwiki's local name, "Википедия").
          const real = realProjects.find((r) => r.identifier === p.identifier);
          const identity = (r: Rec): unknown[] => [r.identifier, r.url, r.code, r.in_language];
          if (real) expect(identity(p)).toEqual(identity(real));
        }

        const namespace = await c.getNamespace(6, req);
        expect(ids([namespace])).toEqual(ids([realJson('namespace.json') as Rec]));
        expectFilled(namespace, ['name', 'description']);
        const namespaces = await c.getNamespaces(req);
        expect(ids(namespaces)).toEqual(ids(realJson('namespaces.json') as Rec[]));
        for (const n of namespaces) expectFilled(n, ['name', 'description']);

        expect(await c.getCode('wiki', req)).toEqual(realJson('code.json'));
        const codes = await c.getCodes(req);
        expect(ids(codes)).toEqual(expect.arrayContaining(ids(realJson('codes.json') as Rec[])));
        for (const code of codes) expectFilled(code, ['identifier', 'name', 'description']);
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
