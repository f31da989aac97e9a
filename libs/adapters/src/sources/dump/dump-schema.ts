import { DumpError } from './dump.errors';

/**
 * MediaWiki export schema versions the parser understands. 0.4 to 0.11 share the page/revision
 * shape we read. What the older ones lack is filled in: no `<ns>` before 0.6 (the namespace comes
 * from the title's prefix and `<siteinfo><namespaces>`), no `<sha1>` before 0.8 (computed from the
 * text, as MediaWiki does), no `<model>`/`<format>` before 0.8 (absent: wikitext), no `<dbname>`
 * before 0.10 (the wiki comes from `<base>` or the caller). 0.10 added `<redirect>` in pages, 0.11
 * `<origin>` and per-slot `<content>`. Older and newer versions are refused before any page is
 * read rather than half-imported.
 */
export const SUPPORTED_SCHEMA_VERSIONS: readonly string[] = ['0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '0.10', '0.11'];

const XMLNS_VERSION = /export-(\d+\.\d+)\/?$/;

/** An element's attributes as the XML parser gives them: any name may be absent. */
export type XmlAttributes = Readonly<Partial<Record<string, string>>>;

/** The version from `version="..."`, else from the `xmlns` URI; undefined when neither says. */
export function schemaVersionOf(attributes: XmlAttributes): string | undefined {
  const declared = attributes.version;
  if (declared) return declared;
  const m = XMLNS_VERSION.exec(attributes.xmlns ?? '');
  return m ? m[1] : undefined;
}

export function isSupportedSchemaVersion(version: string): boolean {
  return SUPPORTED_SCHEMA_VERSIONS.includes(version);
}

/** The root element's schema version, or a `dump.unsupported_version` DumpError naming `file`. */
export function supportedSchemaVersion(attributes: XmlAttributes, file: string): string {
  const version = schemaVersionOf(attributes);
  if (version !== undefined && isSupportedSchemaVersion(version)) return version;
  throw new DumpError(
    'dump.unsupported_version',
    `unsupported export schema version ${version ?? '(none declared)'} in ${file} (supported: ${SUPPORTED_SCHEMA_VERSIONS.join(', ')})`,
    file,
  );
}
