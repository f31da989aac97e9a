import { DumpError } from './dump.errors';

/**
 * MediaWiki export schema versions the parser understands. 0.8 to 0.11 share the page/revision
 * shape we read (0.8 added sha1/model/format, 0.10 `<redirect>` in pages, 0.11 `<origin>` and
 * per-slot `<content>`); older ones lack model/format and newer ones are unknown, so both are
 * refused before any page is read rather than half-imported.
 */
export const SUPPORTED_SCHEMA_VERSIONS: readonly string[] = ['0.8', '0.9', '0.10', '0.11'];

const XMLNS_VERSION = /export-(\d+\.\d+)\/?$/;

/** The version from `version="..."`, else from the `xmlns` URI; undefined when neither says. */
export function schemaVersionOf(attributes: Readonly<Record<string, string>>): string | undefined {
  const declared = attributes.version;
  if (declared) return declared;
  const m = XMLNS_VERSION.exec(attributes.xmlns ?? '');
  return m ? m[1] : undefined;
}

export function isSupportedSchemaVersion(version: string): boolean {
  return SUPPORTED_SCHEMA_VERSIONS.includes(version);
}

/** The root element's schema version, or a `dump.unsupported_version` DumpError naming `file`. */
export function supportedSchemaVersion(attributes: Readonly<Record<string, string>>, file: string): string {
  const version = schemaVersionOf(attributes);
  if (version !== undefined && isSupportedSchemaVersion(version)) return version;
  throw new DumpError(
    'dump.unsupported_version',
    `unsupported export schema version ${version ?? '(none declared)'} in ${file} (supported: ${SUPPORTED_SCHEMA_VERSIONS.join(', ')})`,
    file,
  );
}
