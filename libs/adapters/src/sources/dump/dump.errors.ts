import { OkapiError } from '../../errors/okapi-error';

export type DumpErrorCode =
  | 'dump.malformed'
  | 'dump.unsupported_version'
  | 'dump.invalid'
  | 'dump.decompression_failed'
  | 'dump.not_found'
  | 'dump.interrupted';

/**
 * A dump that cannot be imported as it is. The message always names the file (and, for XML
 * problems, `FILE:LINE:COLUMN` with a 1-based column) so a user can open the spot in an editor.
 */
export class DumpError extends OkapiError {
  constructor(
    code: DumpErrorCode,
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(code, code === 'dump.not_found' ? 404 : 422, message, { file, line, column });
    this.name = 'DumpError';
  }
}

/** `FILE:LINE:COLUMN: message`, the shape compilers use, so terminals make it clickable. */
export function dumpSyntaxError(file: string, line: number, column: number, message: string): DumpError {
  return new DumpError('dump.malformed', `${file}:${line}:${column}: malformed XML: ${message}`, file, line, column);
}

export function dumpInvalid(file: string, line: number, column: number, message: string): DumpError {
  return new DumpError('dump.invalid', `${file}:${line}:${column}: ${message}`, file, line, column);
}
