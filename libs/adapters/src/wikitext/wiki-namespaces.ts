/**
 * Localised names of the Category (14) and Template (10) namespaces, for the languages where they
 * are not the English ones, from each wiki's siteinfo (`action=query&meta=siteinfo&siprop=namespaces`).
 * Wikis not listed use the canonical English names, which MediaWiki accepts everywhere, so a
 * missing entry only changes how a name is displayed, never whether a link is recognised.
 */
export interface NamespaceNames {
  readonly category: string;
  readonly template: string;
}

const ENGLISH: NamespaceNames = { category: 'Category', template: 'Template' };

const LOCAL: Readonly<Record<string, NamespaceNames>> = {
  de: { category: 'Kategorie', template: 'Vorlage' },
  fr: { category: 'Catégorie', template: 'Modèle' },
  es: { category: 'Categoría', template: 'Plantilla' },
  it: { category: 'Categoria', template: 'Template' },
  pt: { category: 'Categoria', template: 'Predefinição' },
  nl: { category: 'Categorie', template: 'Sjabloon' },
  pl: { category: 'Kategoria', template: 'Szablon' },
  ru: { category: 'Категория', template: 'Шаблон' },
  uk: { category: 'Категорія', template: 'Шаблон' },
  sv: { category: 'Kategori', template: 'Mall' },
  no: { category: 'Kategori', template: 'Mal' },
  da: { category: 'Kategori', template: 'Skabelon' },
  fi: { category: 'Luokka', template: 'Malline' },
  cs: { category: 'Kategorie', template: 'Šablona' },
  hu: { category: 'Kategória', template: 'Sablon' },
  ca: { category: 'Categoria', template: 'Plantilla' },
  tr: { category: 'Kategori', template: 'Şablon' },
  id: { category: 'Kategori', template: 'Templat' },
  vi: { category: 'Thể loại', template: 'Bản mẫu' },
  ko: { category: '분류', template: '틀' },
  ar: { category: 'تصنيف', template: 'قالب' },
  fa: { category: 'رده', template: 'الگو' },
  he: { category: 'קטגוריה', template: 'תבנית' },
};

export function namespaceNames(language: string): NamespaceNames {
  return LOCAL[language] ?? ENGLISH;
}

/** Every prefix that means "Category" / "Template" on this wiki (local and canonical), lower-cased. */
export function namespaceAliases(language: string): { category: Set<string>; template: Set<string> } {
  const local = namespaceNames(language);
  return {
    category: new Set([local.category, ENGLISH.category].map((n) => n.toLowerCase())),
    template: new Set([local.template, ENGLISH.template].map((n) => n.toLowerCase())),
  };
}

/** Canonical namespace prefixes: a transclusion `{{User:X/sig}}` names that page, not a template. */
export const CANONICAL_NAMESPACES: ReadonlySet<string> = new Set(
  [
    'Media',
    'Special',
    'Talk',
    'User',
    'User talk',
    'Project',
    'Project talk',
    'Wikipedia',
    'Wikipedia talk',
    'File',
    'File talk',
    'Image',
    'MediaWiki',
    'MediaWiki talk',
    'Template talk',
    'Help',
    'Help talk',
    'Category talk',
    'Portal',
    'Portal talk',
    'Draft',
    'Draft talk',
    'Module',
    'Module talk',
    'WP',
  ].map((n) => n.toLowerCase()),
);
