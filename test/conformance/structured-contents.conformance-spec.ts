/**
 * Structured contents (`GetStructuredContents` / `get_structured_contents`): the SDK's own example
 * runs as written, every object decodes into the Go struct, and what Okapi derives equals WME's
 * own structured-contents response for the same revisions (identity fields and infoboxes: names,
 * sections, displayed labels, values, links, images).
 */
import { must } from '@okapi/domain';
import { expectFilled, realJson, sdkClients } from './support/clients';

type Rec = Record<string, unknown>;
const wikiOf = (a: Rec): string => (a.is_part_of as { identifier: string }).identifier;

describe('WME SDK conformance: structured contents', () => {
  it.each(['go', 'python'] as const)(
    '%s: the SDK example (name, abstract, description) runs as written',
    async (flavour) => {
      const c = (await sdkClients())[flavour];
      // wme-sdk-go example/structured-contents/main.go
      const got = await c.getStructuredContents('Squirrel', {
        fields: ['name', 'abstract', 'description'],
        filters: [{ field: 'in_language.identifier', value: 'en' }],
      });
      expect(got).toHaveLength(1);
      expectFilled(got[0], ['name', 'abstract', 'description']);
      expect(got[0]).toEqual({ name: 'Squirrel', abstract: expect.any(String), description: 'Family of rodents' });
    },
  );

  it("equals WME's own structured contents of the same revisions", async () => {
    const { go, python } = await sdkClients();
    const ours = await go.getStructuredContents('Squirrel');
    expect(await python.getStructuredContents('Squirrel')).toEqual(ours);
    const real = realJson('structured-contents.json') as Rec[];
    expect(ours.map(wikiOf).sort()).toEqual(real.map(wikiOf).sort());
    for (const r of real) {
      const o = must(
        ours.find((x) => wikiOf(x) === wikiOf(r)),
        wikiOf(r),
      );
      expect((o.version as Rec).identifier).toBe((r.version as Rec).identifier);
      for (const key of Object.keys(r)) {
        if (key === 'version' || key === 'is_part_of') continue;
        expect({ wiki: wikiOf(r), key, value: o[key] }).toEqual({ wiki: wikiOf(r), key, value: r[key] });
      }
      expect((o.is_part_of as Rec).identifier).toBe((r.is_part_of as Rec).identifier);
      expectFilled(o, ['name', 'identifier', 'url', 'article_sections']);
    }
  });
});
