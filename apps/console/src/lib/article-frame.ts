/**
 * The document shown in the sandboxed iframe: the article's HTML (Parsoid, or rendered from
 * wikitext) with readable typography. The iframe has `sandbox=""`: no script in it ever runs.
 */
export function articleDocument(html: string, title: string, wikiUrl?: string): string {
  // Parsoid HTML links relative to its wiki (`./Nut`, `//upload.wikimedia.org/...`): a base on
  // https keeps them working from this http page. Links open in a new tab, outside the sandbox.
  const origin = wikiUrl && /^https?:\/\/[a-z0-9.-]+/i.exec(wikiUrl)?.[0].replace(/^http:/, 'https:');
  const href = origin ? ` href="${escapeHtml(origin)}/wiki/"` : '';
  const base = `<base${href} target="_blank"><meta charset="utf-8"><title>${escapeHtml(title)}</title>`;
  const style = `<style>
body{font:16px/1.6 Georgia,'Times New Roman',serif;color:#1f2328;margin:16px;max-width:60rem}
h1,h2,h3{font-family:system-ui,sans-serif;line-height:1.25}
img{max-width:100%;height:auto}
table{border-collapse:collapse;max-width:100%}td,th{border:1px solid #d0d7de;padding:4px 6px}
.infobox{float:right;margin:0 0 1em 1em;font-size:14px;max-width:22rem}
@media (max-width:600px){.infobox{float:none;margin:0 0 1em}}
</style>`;
  return `<!doctype html><html><head>${base}${style}</head><body>${html}</body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
