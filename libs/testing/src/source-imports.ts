const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
/** Statements only (not a `'from'` string in code): import/export ... from, bare import, require(), import(). */
const LOADED_SPECIFIER =
  /(?:^\s*(?:import|export)\s[^;'"]*?\bfrom\s*|^\s*import\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/gm;
/** `import type ...;` and `export type ... from ...;`: erased by the compiler, never loaded. */
const TYPE_ONLY = /^\s*(?:import|export)\s+type\s[^;]*;/gm;

/** Blanks out comments (keeping line numbers) so prose like "no Date.now()" is not flagged. */
export function stripComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function lineOf(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

/** Every module a source file names in import, export-from, require() or import(), with its line. */
export function importsOf(source: string): { specifier: string; line: number }[] {
  const code = stripComments(source);
  return [...code.matchAll(IMPORT_SPECIFIER)].map((m) => ({ specifier: m[1], line: lineOf(code, m.index) }));
}

/** The imports that load a module at run time: type-only imports and exports left out. */
export function loadedImportsOf(source: string): { specifier: string; line: number }[] {
  const code = stripComments(source).replace(TYPE_ONLY, (statement) => statement.replace(/[^\n]/g, ' '));
  return [...code.matchAll(LOADED_SPECIFIER)].map((m) => ({ specifier: m[1], line: lineOf(code, m.index) }));
}
