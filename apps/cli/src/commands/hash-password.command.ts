import { hashPassword } from '@okapi/adapters/auth';
import { UsageError } from '../cli-args';
import { CliCommand } from '../command';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `okapi hash-password [--user NAME]`: reads a password on stdin (never argv: it would land in
 * shell history and `ps`) and prints its scrypt hash, or `NAME:hash` ready for OKAPI_USERS.
 */
export const command: CliCommand = {
  name: 'hash-password',
  summary: 'hash a password read on stdin for OKAPI_USERS (prints scrypt$... or NAME:scrypt$...)',
  usage: 'hash-password [--user NAME] < password.txt',
  flags: ['user'],
  async run(args, ctx) {
    const user = args.flags.user;
    if (user === true || (user !== undefined && !/^[a-z0-9._@-]+$/.test(user)))
      throw new UsageError('--user needs a lowercase name (a-z 0-9 . _ @ -)');
    const password = (await readStdin()).replace(/\r?\n$/, '');
    if (!password) throw new UsageError('no password on stdin');
    const hash = await hashPassword(password);
    ctx.io.stdout.write(`${user ? `${user}:` : ''}${hash}\n`);
    return 0;
  },
};
