import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { scanLines } from './line-scanner';

/**
 * The Go SDK's `ReadAll`: gunzip (pgzip, multi-member), then every tar entry read with the 20 MiB
 * line scanner. Yields each line with the entry it came from.
 */
export async function* tarGzLines(source: Readable): AsyncIterable<{ entry: string; line: Buffer }> {
  const untar = extract();
  source.pipe(createGunzip()).pipe(untar);
  for await (const entry of untar) {
    const name = entry.header.name;
    for await (const line of scanLines(entry as unknown as Readable)) yield { entry: name, line };
  }
}
