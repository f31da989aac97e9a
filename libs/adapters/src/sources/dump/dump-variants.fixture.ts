/**
 * Test-time variants of the real pywikibot dumps in $OKAPI_REAL_DATA_DIR/xml (see SOURCES.md there):
 * textual edits of a real file beat hand-written XML, and nothing derived is checked in.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realDataPath } from '@okapi/testing';

/** The real dumps' folder, OKAPI_REAL_DATA_DIR/xml. */
export const FIXTURE_DIR = realDataPath('xml');

export function readFixture(name: 'pair-0.10.xml' | 'article-pear-0.10.xml'): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8');
}

/** Rewrites the root element's declared schema version (attribute and namespace URIs). */
export function withSchemaVersion(xml: string, version: string): string {
  return xml.replace(/export-0\.10/g, `export-${version}`).replace('version="0.10"', `version="${version}"`);
}

/** Applies `edit` to the one `<revision>` whose `<id>` is `revisionId`. */
export function editRevision(xml: string, revisionId: number, edit: (block: string) => string): string {
  const re = new RegExp(`<revision>\\s*<id>${revisionId}</id>[\\s\\S]*?</revision>`);
  const block = re.exec(xml)?.[0];
  if (block === undefined) throw new Error(`revision ${revisionId} not in fixture`);
  return xml.replace(block, edit(block));
}

/**
 * pair-0.10.xml with MediaWiki's suppression markers: 237382899 hidden editor, 237383099 hidden
 * comment, 237382916 hidden text, 237383127 an anonymous (IP) editor.
 */
export function pairWithDeletions(): string {
  let xml = readFixture('pair-0.10.xml');
  xml = editRevision(xml, 237382899, (b) =>
    b.replace(/<contributor>[\s\S]*?<\/contributor>/, '<contributor deleted="deleted" />'),
  );
  xml = editRevision(xml, 237383099, (b) => b.replace(/<comment>[^<]*<\/comment>/, '<comment deleted="deleted" />'));
  xml = editRevision(xml, 237382916, (b) =>
    b.replace(/<text xml:space="preserve" bytes="35">[^<]*<\/text>/, '<text bytes="35" deleted="deleted" />'),
  );
  xml = editRevision(xml, 237383127, (b) =>
    b.replace(
      /<contributor>[\s\S]*?<\/contributor>/,
      '<contributor>\n        <ip>192.0.2.7</ip>\n      </contributor>',
    ),
  );
  return xml;
}

/**
 * pair-0.10.xml as an export-0.11 history with every kind of MediaWiki revision deletion, written
 * the way MediaWiki writes them: 237382899 `<contributor deleted>`, 237383099
 * `<comment deleted>`, 237382916 `<text bytes="-1" deleted>` with an empty `<sha1/>`, 237383127
 * `<text deleted>` without `bytes` and no `<sha1>` at all.
 */
export function pairWithSuppressions011(): string {
  let xml = withSchemaVersion(readFixture('pair-0.10.xml'), '0.11');
  xml = editRevision(xml, 237382899, (b) =>
    b.replace(/<contributor>[\s\S]*?<\/contributor>/, '<contributor deleted="deleted" />'),
  );
  xml = editRevision(xml, 237383099, (b) => b.replace(/<comment>[^<]*<\/comment>/, '<comment deleted="deleted" />'));
  xml = editRevision(xml, 237382916, (b) =>
    b
      .replace(/<text xml:space="preserve" bytes="35">[^<]*<\/text>/, '<text bytes="-1" deleted="deleted" />')
      .replace(/<sha1>[^<]*<\/sha1>/, '<sha1 />'),
  );
  xml = editRevision(xml, 237383127, (b) =>
    b
      .replace(/<text xml:space="preserve" bytes="19">[^<]*<\/text>/, '<text deleted="deleted" />')
      .replace(/\s*<sha1>[^<]*<\/sha1>/, ''),
  );
  return xml;
}

/** Cuts the document right after the first occurrence of `marker` (occurrence `nth`, 1-based). */
export function truncateAfter(xml: string, marker: string, nth = 1): string {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = xml.indexOf(marker, at + 1);
    if (at < 0) throw new Error(`"${marker}" occurs fewer than ${nth} times`);
  }
  return xml.slice(0, at + marker.length);
}

/** 1-based line of the first occurrence of `needle`. */
export function lineOf(xml: string, needle: string): number {
  const at = xml.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not found`);
  return xml.slice(0, at).split('\n').length;
}

/** MediaWiki's `<sha1>`: SHA-1 of the UTF-8 text in base 36, 31 digits. */
export function mediawikiSha1(text: string): string {
  const hex = createHash('sha1').update(text, 'utf8').digest('hex');
  return BigInt(`0x${hex}`).toString(36).padStart(31, '0');
}
