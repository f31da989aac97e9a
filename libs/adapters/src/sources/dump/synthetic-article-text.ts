/**
 * Wikipedia-article-shaped wikitext for the synthetic dumps benchmarks import and project: an
 * infobox, a bold lead, sections and subsections of paragraphs (sentences of 6-30 words with
 * piped and plain links, inline citation templates in <ref>s, bold/italic), bullet lists, a
 * references section, external links, a navbox and categories. What a parser and a deriver spend
 * their time on in real articles is there in similar proportions; the words are filler. Like real
 * wikitext it is not ASCII: nearly every article has a few characters beyond it (NON_ASCII).
 */
const WORDS = (
  'the of and in to a was is for as on by with from that at his an were are which this be has also ' +
  'first city river county village population century war album film species school university team ' +
  'season league station church family north south east west born died known during after before ' +
  'between including became national government district region island park railway music history ' +
  'several early later large small original public major local former new old main second third'
).split(' ');
const LINK_TARGETS = (
  'United States|England|France|Germany|World War II|London|India|Canada|Australia|Japan|Italy|' +
  'Association football|Paris|New York City|Roman Empire|European Union|Census|Railway station|' +
  'Population density|Local government|Middle Ages|Industrial Revolution|Protestantism|Catholic Church'
).split('|');
const INFOBOX_KINDS = ['settlement', 'person', 'football club', 'album', 'river', 'school', 'company', 'film'];
const PARAMS = (
  'name|image|caption|native_name|established_date|founder|location|coordinates|area_total_km2|' +
  'population_total|population_as_of|timezone|website|genre|length|label|producer|leader_title|leader_name|' +
  'elevation_m|postal_code|area_code|subdivision_type|subdivision_name|official_name'
).split('|');

/**
 * Words beyond ASCII, about as real English articles have them. In the last 2,000 revisions of
 * English Wikipedia's "Anarchism" (its history dump in ../shared/data, CC BY-SA; see SOURCES.md)
 * 3.5 characters in 1,000 are beyond ASCII: en dashes (15 %), accented Latin, names in Cyrillic,
 * Greek, Arabic, Hebrew, Georgian, Chinese; 96 % of its 14,556 revisions have some. Code working on
 * ASCII alone would be measured on a corpus real dumps are not.
 */
const NON_ASCII = [
  '1914–1918',
  '1990–2005',
  'pp. 12–34',
  '–',
  'café',
  'Zürich',
  'São Paulo',
  'Kraków',
  'Malmö',
  'Québec',
  'naïve',
  'Dvořák',
  'Ōsaka',
  'Proudhon’s',
  '20 °C',
  '…',
  '(Russian: Москва)',
  '(Greek: ἀναρχία)',
  '(Arabic: القاهرة)',
  '(Hebrew: ירושלים)',
  '(Georgian: თბილისი)',
  '(Chinese: 北京)',
];

export type Rand = () => number;

/** About what one level-2 section adds (measured on this generator's output). */
const SECTION_BYTES = 1400;

const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

function citation(rand: Rand): string {
  const w = pick(rand, WORDS);
  return (
    `<ref>{{cite web |url=https://www.example.org/${w}/${int(rand, 1, 99999)} |title=The ${w} ${pick(rand, WORDS)} ` +
    `|publisher=${pick(rand, LINK_TARGETS)} |date=${int(rand, 1, 28)} May ${int(rand, 1950, 2024)} |access-date=1 June 2024}}</ref>`
  );
}

export function sentence(rand: Rand): string {
  const n = int(rand, 6, 30);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.05) words.push(`[[${pick(rand, LINK_TARGETS)}]]`);
    else if (r < 0.08) words.push(`[[${pick(rand, LINK_TARGETS)}|${pick(rand, WORDS)} ${pick(rand, WORDS)}]]`);
    else if (r < 0.09) words.push(`''${pick(rand, WORDS)}''`);
    else if (r < 0.095) words.push(int(rand, 2, 98000).toLocaleString('en-US'));
    else if (r < 0.11) words.push(pick(rand, NON_ASCII));
    else words.push(pick(rand, WORDS));
  }
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return `${words.join(' ')}.${rand() < 0.25 ? citation(rand) : ''}`;
}

export function paragraph(rand: Rand): string {
  const n = int(rand, 2, 7);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(sentence(rand));
  return out.join(' ');
}

function list(rand: Rand): string {
  const n = int(rand, 3, 8);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`* [[${pick(rand, LINK_TARGETS)}]], ${pick(rand, WORDS)} ${pick(rand, WORDS)}`);
  return out.join('\n');
}

function infobox(rand: Rand, title: string): string {
  const n = int(rand, 6, 16);
  const lines = [`{{Infobox ${pick(rand, INFOBOX_KINDS)}`, `| name = ${title}`];
  for (let i = 0; i < n; i++) {
    const v = rand() < 0.4 ? `[[${pick(rand, LINK_TARGETS)}]]` : `${pick(rand, WORDS)} ${int(rand, 1, 9999)}`;
    lines.push(`| ${pick(rand, PARAMS)} = ${v}`);
  }
  return `${lines.join('\n')}\n}}`;
}

/** A section: heading, paragraphs, now and then a list or a subsection. */
function section(rand: Rand, level: number): string {
  const parts = [`${'='.repeat(level)} ${pick(rand, WORDS)} ${pick(rand, WORDS)} ${'='.repeat(level)}`];
  const paragraphs = int(rand, 1, 3);
  for (let i = 0; i < paragraphs; i++) parts.push(paragraph(rand));
  if (rand() < 0.2) parts.push(list(rand));
  if (level === 2 && rand() < 0.3) parts.push(section(rand, 3));
  return parts.join('\n\n');
}

/** An article of about `bytes` (at least its frame: infobox, lead, references, categories). */
export function articleText(rand: Rand, title: string, bytes: number): string {
  const lead = `'''${title}''' is a ${pick(rand, WORDS)} [[${pick(rand, LINK_TARGETS)}]] ${paragraph(rand)}`;
  // Stubs often have no infobox; longer articles nearly always do.
  const head = rand() < (bytes < 2000 ? 0.4 : 0.9) ? [infobox(rand, title), lead] : [lead];
  const tail = [
    '== References ==\n{{Reflist}}',
    `== External links ==\n* [https://www.example.org/${title.replace(/ /g, '_')} Official website]`,
    `{{${pick(rand, LINK_TARGETS)} navbox}}`,
    `[[Category:${pick(rand, LINK_TARGETS)}]]\n[[Category:${pick(rand, WORDS)} ${pick(rand, WORDS)}]]`,
  ];
  let size = head.join('\n\n').length + tail.join('\n\n').length;
  const body: string[] = [];
  while (size + SECTION_BYTES / 2 < bytes) {
    const s = section(rand, 2);
    body.push(s);
    size += s.length + 2;
  }
  return [...head, ...body, ...tail].join('\n\n') + '\n';
}

/** A small edit of an article: a sentence inserted into, or removed from, one of its paragraphs. */
export function editArticle(rand: Rand, text: string): string {
  const at = text.indexOf('. ', Math.floor(rand() * text.length));
  if (at < 0) return `${text}\n${sentence(rand)}`;
  if (rand() < 0.6) return `${text.slice(0, at + 2)}${sentence(rand)} ${text.slice(at + 2)}`;
  const end = text.indexOf('. ', at + 2);
  return end < 0 ? text : text.slice(0, at + 2) + text.slice(end + 2);
}
