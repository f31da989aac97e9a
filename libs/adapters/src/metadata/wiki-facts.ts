/**
 * Public facts about Wikimedia projects that Okapi's metadata endpoints need, written for Okapi
 * (no table here is copied from another repository): the project families and their mottos,
 * the namespaces WME serves, MediaWiki's canonical namespace names, which languages MediaWiki
 * writes right to left, and English names for the Wikimedia language codes that are not BCP 47
 * tags (ICU, which ships with Node and names every other language, cannot know them).
 * The real WME lists in OKAPI_REAL_DATA_DIR check these tables (metadata-catalogue.spec.ts).
 */

/** Project families: dbname suffix, name, and the motto each project shows under its logo. */
export const PROJECT_CODES: readonly { identifier: string; name: string; description: string }[] = [
  { identifier: 'wiki', name: 'Wikipedia', description: 'The free encyclopedia.' },
  { identifier: 'wikibooks', name: 'Wikibooks', description: 'Free textbooks and manuals.' },
  { identifier: 'wikinews', name: 'Wikinews', description: 'The free news source.' },
  { identifier: 'wikiquote', name: 'Wikiquote', description: 'The free quote compendium.' },
  { identifier: 'wikisource', name: 'Wikisource', description: 'The free library.' },
  { identifier: 'wikiversity', name: 'Wikiversity', description: 'Free learning resources.' },
  { identifier: 'wikivoyage', name: 'Wikivoyage', description: 'The free worldwide travel guide.' },
  { identifier: 'wiktionary', name: 'Wiktionary', description: 'The free dictionary.' },
];

/** The namespaces WME publishes (articles, files, templates, categories), described in our words. */
export const SERVED_NAMESPACES: readonly { name: string; identifier: number; description: string }[] = [
  {
    name: 'Articles',
    identifier: 0,
    description: 'The main namespace: the encyclopedic articles (or dictionary entries, books, ...) themselves.',
  },
  {
    name: 'File',
    identifier: 6,
    description: 'Description pages of uploaded media (images, audio, video, documents), titled File:Name.',
  },
  {
    name: 'Template',
    identifier: 10,
    description: 'Reusable wikitext, transcluded into other pages with {{Name}} (infoboxes, navigation boxes, ...).',
  },
  {
    name: 'Category',
    identifier: 14,
    description: 'Category pages, listing every page that carries a [[Category:Name]] link.',
  },
];

/** MediaWiki core's canonical names for the other common namespaces (plus Portal, Draft, Module). */
export const CANONICAL_NAMESPACES: ReadonlyMap<number, string> = new Map([
  [-2, 'Media'],
  [-1, 'Special'],
  [1, 'Talk'],
  [2, 'User'],
  [3, 'User talk'],
  [4, 'Project'],
  [5, 'Project talk'],
  [7, 'File talk'],
  [8, 'MediaWiki'],
  [9, 'MediaWiki talk'],
  [11, 'Template talk'],
  [12, 'Help'],
  [13, 'Help talk'],
  [15, 'Category talk'],
  [100, 'Portal'],
  [101, 'Portal talk'],
  [118, 'Draft'],
  [119, 'Draft talk'],
  [828, 'Module'],
  [829, 'Module talk'],
]);

/** Languages of Wikimedia wikis written right to left (Arabic, Hebrew, Thaana, N'Ko scripts). */
export const RTL_LANGUAGES: ReadonlySet<string> = new Set([
  'ar',
  'arc',
  'ary',
  'arz',
  'azb',
  'bcc',
  'bqi',
  'ckb',
  'dv',
  'fa',
  'glk',
  'he',
  'khw',
  'ks',
  'lrc',
  'mzn',
  'nqo',
  'pnb',
  'ps',
  'sd',
  'skr',
  'ug',
  'ur',
  'yi',
]);

/** English names of Wikimedia language codes ICU does not name, or names as another language (`sh`, `mo`). */
export const WIKIMEDIA_LANGUAGE_NAMES: ReadonlyMap<string, string> = new Map([
  ['als', 'Alemannic'],
  ['ami', 'Amis'],
  ['azb', 'South Azerbaijani'],
  ['bat-smg', 'Samogitian'],
  ['be-tarask', 'Belarusian (Taraškievica orthography)'],
  ['be-x-old', 'Belarusian (Taraškievica orthography)'],
  ['blk', "Pa'O"],
  ['btm', 'Batak Mandailing'],
  ['cbk-zam', 'Chavacano'],
  ['cdo', 'Min Dong Chinese'],
  ['dag', 'Dagbani'],
  ['dty', 'Doteli'],
  ['eml', 'Emiliano-Romagnolo'],
  ['fiu-vro', 'Võro'],
  ['gcr', 'Guianan Creole'],
  ['gpe', 'Ghanaian Pidgin'],
  ['guw', 'Gun'],
  ['hyw', 'Western Armenian'],
  ['kbp', 'Kabiye'],
  ['lbe', 'Lak'],
  ['lld', 'Ladin'],
  ['map-bms', 'Banyumasan'],
  ['mnw', 'Mon'],
  ['mo', 'Moldovan'],
  ['nah', 'Nahuatl'],
  ['nds-nl', 'Low Saxon'],
  ['nrm', 'Norman'],
  ['olo', 'Livvi-Karelian'],
  ['pih', 'Norfuk / Pitkern'],
  ['pwn', 'Paiwan'],
  ['roa-rup', 'Aromanian'],
  ['roa-tara', 'Tarantino'],
  ['sh', 'Serbo-Croatian'],
  ['shy', 'Shawiya'],
  ['simple', 'Simple English'],
  ['skr', 'Saraiki'],
  ['szy', 'Sakizaya'],
  ['tay', 'Tayal'],
  ['zh-classical', 'Classical Chinese'],
  ['zh-min-nan', 'Min Nan Chinese'],
  ['zh-yue', 'Cantonese'],
]);
