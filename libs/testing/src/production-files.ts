import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * The file set of the production image, as the Dockerfile's runtime stage copies it: the sources
 * it names with `COPY <path> ...` (not `--from` another stage), minus what .dockerignore leaves out
 * of the build context (last matching pattern wins; `!` re-includes). Repo-relative, `/`-separated.
 */
export function productionFiles(root: string): string[] {
  const ignored = dockerignore(readFileSync(join(root, '.dockerignore'), 'utf8'));
  return runtimeCopySources(readFileSync(join(root, 'Dockerfile'), 'utf8'))
    .flatMap((source) => filesUnder(root, source))
    .filter((file) => !ignored(file))
    .sort();
}

/** The `COPY` sources of the last stage (`FROM ... AS runtime`), without `--from=` copies. */
export function runtimeCopySources(dockerfile: string): string[] {
  const stages = dockerfile.split(/^FROM\s/m);
  const runtime = stages[stages.length - 1];
  return [...runtime.matchAll(/^COPY\s+(?!--from)(.+)$/gm)].flatMap((m) => {
    const words = m[1].trim().split(/\s+/);
    return words.slice(0, -1).map((w) => w.replace(/\/$/, ''));
  });
}

/** A .dockerignore as a predicate over repo-relative paths (a matched directory drops its contents). */
export function dockerignore(text: string): (file: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const exclude = !line.startsWith('!');
      const pattern = line.replace(/^!/, '').replace(/^\//, '').replace(/\/$/, '');
      return { exclude, regex: globRegex(pattern) };
    });
  return (file) => {
    const parts = file.split('/');
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const rule of rules) if (prefixes.some((p) => rule.regex.test(p))) excluded = rule.exclude;
    return excluded;
  };
}

function globRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (pattern.startsWith('**/', i)) {
      out += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      out += '.*';
      i += 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function filesUnder(root: string, path: string): string[] {
  const abs = join(root, path);
  if (!statSync(abs).isDirectory()) return [path];
  return readdirSync(abs).flatMap((name) =>
    name === 'node_modules' ? [] : filesUnder(root, relative(root, join(abs, name)).split(sep).join('/')),
  );
}

/**
 * The packages `npm ci --omit=dev` installs: package-lock.json entries not marked `dev`, by the
 * path npm gives them (`node_modules/<name>` at the top, nested ones under their parent).
 */
export function productionPackages(root: string): Set<string> {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  return new Set(
    Object.entries(lock.packages)
      .filter(([path, meta]) => path.startsWith('node_modules/') && meta.dev !== true)
      .map(([path]) => path),
  );
}
