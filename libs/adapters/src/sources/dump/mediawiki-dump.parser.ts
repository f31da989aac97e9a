import { RecordRevision } from '@okapi/domain';
import { SaxesParser, SaxesTagPlain } from 'saxes';
import { dumpInvalid, dumpSyntaxError, DumpError } from './dump.errors';
import { supportedSchemaVersion, XmlAttributes } from './dump-schema';
import { PageHeader, RevisionFields } from './dump-revision-builder';
import { DumpPageBuffer } from './dump-page-buffer';
import { DumpSiteInfo, namespaceOfTitle, SiteInfoFields } from './dump-site-info';
import { FieldSetter, fieldSetters, leafFields } from './dump-field-setters';
import { DumpTextLifter } from './dump-text-lifter';
import { TextGeometry } from './xml-char-data';

export interface DumpParserOptions {
  /** Shown in every error message. */
  readonly file: string;
  /** RFC3339 command time stamped on every command (the caller's clock, not the parser's). */
  readonly receivedAt: string;
  /** Used only when the dump has no `<siteinfo><dbname>`. */
  readonly wiki?: string;
  /**
   * Called with a page's revisions. `complete` is false when a huge page (history dumps) is
   * handed over in parts to keep memory flat; every revision in a part is itself complete.
   */
  readonly onRevisions: (revisions: RecordRevision[], complete: boolean) => void;
  readonly onSiteInfo?: (site: DumpSiteInfo) => void;
  /** Text bytes of one page held before a partial hand-over (default 64 MiB). */
  readonly maxPendingTextBytes?: number;
  /**
   * Take `<text>` content past saxes (DumpTextLifter; default true). false: saxes reads every
   * character, the reference the fast path is tested against.
   */
  readonly liftText?: boolean;
}

/**
 * Streaming parser for MediaWiki export XML (schema 0.4-0.11, see dump-schema.ts). Feed it decoded text with `write`,
 * then `end`; it calls `onRevisions` once per `<page>` with one RecordRevision per `<revision>`.
 * Only the current page is held. Errors are DumpErrors naming FILE:LINE:COLUMN.
 */
export class MediaWikiDumpParser {
  private readonly sax = new SaxesParser({ xmlns: false, position: true });
  private readonly rev = new RevisionFields();
  private readonly page: PageHeader = { title: '', namespace: '', id: '', redirect: false };
  private readonly siteFields = new SiteInfoFields();
  private site: DumpSiteInfo | undefined;
  private schemaVersion = '';
  private readonly buffer: DumpPageBuffer;
  private readonly set = fieldSetters(this.siteFields, this.page, this.rev);
  private readonly leaves = leafFields(this.set);
  /** Where the current text goes; leaf elements only, so one slot is enough. */
  private capture: FieldSetter | undefined;
  private parts: string[] = [];
  private depth = 0;
  private inSiteInfo = false;
  private inPage = false;
  private inRevision = false;
  private inContributor = false;
  /** > 0 while inside a subtree we ignore (0.11 `<content>` slots, uploads, log items). */
  private skipDepth = 0;
  /** saxes' last event was the start tag of a `<text>` element (see DumpTextLifter). */
  private openedText = false;
  /** The current `<text>` element's content, decoded by the lifter; saxes got filler instead. */
  private lifted: string | undefined;
  private readonly lifter = new DumpTextLifter({
    xml: (text) => {
      this.openedText = false;
      this.sax.write(text);
    },
    openedText: () => this.openedText,
    lifted: (text, geometry) => this.onLifted(text, geometry),
  });
  /** Columns of lifted text saxes did not see on line `shiftedLine` (added to reported columns). */
  private columnShift = 0;
  private shiftedLine = 0;

  constructor(private readonly options: DumpParserOptions) {
    this.buffer = new DumpPageBuffer(options.onRevisions, options.maxPendingTextBytes ?? 64 * 1024 * 1024);
    const sax = this.sax;
    sax.on('error', (e) => this.onSaxError(e));
    sax.on('opentag', (tag) => {
      this.onOpen(tag);
      this.openedText = tag.name === 'text' && !tag.isSelfClosing;
    });
    sax.on('closetag', (tag) => this.onClose(tag.name));
    sax.on('text', (t) => {
      if (this.capture !== undefined && this.lifted === undefined) this.parts.push(t);
    });
    sax.on('cdata', (t) => {
      if (this.capture !== undefined) this.parts.push(t);
    });
  }

  get siteInfo(): DumpSiteInfo | undefined {
    return this.site;
  }

  write(chunk: string): void {
    if (this.options.liftText === false) this.sax.write(chunk);
    else this.lifter.write(chunk);
  }

  /** Flushes the parser; a document cut short fails here ("unclosed tag"). */
  end(): void {
    this.lifter.end();
    this.sax.close();
    if (this.schemaVersion === '') throw this.invalid('not a MediaWiki export: no <mediawiki> root element');
  }

  private onSaxError(e: Error): never {
    // saxes prefixes "line:col: "; we add the file and a 1-based column instead.
    const message = e.message.replace(/^\d+:\d+: /, '');
    throw dumpSyntaxError(this.options.file, this.sax.line, this.column(), message);
  }

  private invalid(message: string): DumpError {
    return dumpInvalid(this.options.file, this.sax.line, this.column(), message);
  }

  /** 1-based column in the file: saxes' own, plus the lifted text it did not see on this line. */
  private column(): number {
    return this.sax.column + 1 + (this.sax.line === this.shiftedLine ? this.columnShift : 0);
  }

  private onLifted(text: string, geometry: TextGeometry): void {
    this.lifted = text;
    if (geometry.lines > 0 || this.sax.line !== this.shiftedLine) this.columnShift = 0;
    this.columnShift += geometry.lastLineColumns;
    this.shiftedLine = this.sax.line;
  }

  private onOpen(tag: SaxesTagPlain): void {
    this.depth++;
    if (this.skipDepth > 0) {
      this.skipDepth++;
      return;
    }
    if (this.inRevision) return this.openInRevision(tag);
    if (this.inPage) return this.openInPage(tag);
    if (this.inSiteInfo) return this.openInSiteInfo(tag);
    switch (tag.name) {
      case 'mediawiki':
        return this.openRoot(tag);
      case 'siteinfo':
        this.inSiteInfo = true;
        return;
      case 'page':
        return this.openPage();
      default:
        if (this.depth === 1) throw this.invalid(`not a MediaWiki export: root element is <${tag.name}>`);
        this.skip(); // <logitem> and other top-level records we do not import
    }
  }

  private openRoot(tag: SaxesTagPlain): void {
    if (this.depth !== 1) throw this.invalid('nested <mediawiki> element');
    this.schemaVersion = supportedSchemaVersion(tag.attributes, this.options.file);
  }

  private openInSiteInfo(tag: SaxesTagPlain): void {
    const leaf = this.leaves.siteInfo.get(tag.name);
    if (leaf) return this.start(leaf);
    switch (tag.name) {
      case 'namespace':
        this.siteFields.namespaceKey = Number(tag.attributes.key);
        return this.start(this.set.namespace);
    }
  }

  private openPage(): void {
    if (this.site === undefined) this.finishSiteInfo();
    this.inPage = true;
    const p = this.page;
    p.title = p.namespace = p.id = '';
    p.redirect = false;
  }

  private openInPage(tag: SaxesTagPlain): void {
    const leaf = this.leaves.page.get(tag.name);
    if (leaf) return this.start(leaf);
    switch (tag.name) {
      case 'redirect':
        this.page.redirect = true;
        return;
      case 'revision':
        this.inRevision = true;
        this.rev.reset();
        return;
      default:
        return this.skip();
    }
  }

  private openInRevision(tag: SaxesTagPlain): void {
    const rev = this.rev;
    const attrs: XmlAttributes = tag.attributes;
    const leaf = (this.inContributor ? this.leaves.contributor : this.leaves.revision).get(tag.name);
    if (leaf) return this.start(leaf);
    if (this.inContributor) return;
    switch (tag.name) {
      case 'contributor':
        if (attrs.deleted !== undefined) rev.editorDeleted = true;
        else if (!tag.isSelfClosing) this.inContributor = true;
        return;
      case 'comment':
        if (attrs.deleted !== undefined) rev.commentDeleted = true;
        else rev.comment = '';
        return this.start(this.set.comment);
      case 'minor':
        rev.minor = true;
        return;
      case 'text':
        return this.openText(tag);
      default:
        return this.skip(); // <content> slots (0.11), <origin>, unknown additions
    }
  }

  private openText(tag: SaxesTagPlain): void {
    const rev = this.rev;
    const attrs: XmlAttributes = tag.attributes;
    rev.textBytes = attrs.bytes;
    if (attrs.deleted !== undefined) {
      rev.textDeleted = true;
      return;
    }
    // Stub dumps reference text by id/location without including it: unknown, not empty.
    rev.text = tag.isSelfClosing && (attrs.id !== undefined || attrs.location !== undefined) ? undefined : '';
    if (!tag.isSelfClosing) this.start(this.set.text);
  }

  /** Ignores the element and its subtree (saxes also sends closetag for `<x/>`, which ends it). */
  private skip(): void {
    this.skipDepth = 1;
  }

  private start(field: FieldSetter): void {
    this.capture = field;
    this.parts.length = 0;
  }

  private onClose(name: string): void {
    this.depth--;
    // A lifted text belongs to the element closing now, whether we read it or skip it.
    const lifted = this.lifted;
    this.lifted = undefined;
    if (this.skipDepth > 0) {
      this.skipDepth--;
      return;
    }
    if (this.capture !== undefined) return this.endCapture(this.capture, lifted);
    if (this.inRevision) {
      if (this.inContributor) {
        if (name === 'contributor') this.inContributor = false;
      } else if (name === 'revision') {
        this.closeRevision();
      }
    } else if (this.inPage) {
      if (name === 'page') this.closePage();
    } else if (this.inSiteInfo && name === 'siteinfo') {
      this.inSiteInfo = false;
      this.finishSiteInfo();
    }
  }

  private endCapture(set: FieldSetter, lifted: string | undefined): void {
    const parts = this.parts;
    this.capture = undefined;
    if (lifted !== undefined) return set(lifted);
    const value = parts.length === 1 ? parts[0] : parts.length === 0 ? '' : parts.join('');
    set(set === this.set.text ? value : detached(value));
  }

  private finishSiteInfo(): void {
    const site = this.siteFields.build(this.schemaVersion, this.options.wiki);
    if (typeof site === 'string') throw this.invalid(site);
    this.site = site;
    this.options.onSiteInfo?.(site);
  }

  private closeRevision(): void {
    this.inRevision = false;
    const page = this.page;
    const site = this.site;
    if (!site) throw this.invalid('<revision> before <siteinfo>');
    if (!/^\d+$/.test(page.id)) throw this.invalid("<revision> before its page's <id>");
    // Schemas before 0.6 have no <ns>: the title's prefix names the namespace.
    if (page.namespace === '' && page.title !== '') page.namespace = String(namespaceOfTitle(page.title, site));
    if (!/^-?\d+$/.test(page.namespace)) throw this.invalid("<revision> before its page's <ns>");
    const missing = this.rev.missing();
    if (missing) throw this.invalid(`revision without ${missing} in page ${page.id}`);
    this.buffer.add(this.rev.toCommand(page, site.wiki, this.options.receivedAt));
  }

  private closePage(): void {
    this.inPage = false;
    this.buffer.closePage(this.page.redirect);
  }
}

/**
 * A flat copy of a short field. saxes hands out slices of the decoded input chunk, and a V8
 * slice keeps its whole parent alive: an editor name kept in page state (or a title in a cached
 * page) would pin a 256 KB chunk each, and a long history replay grew to 1.6 GB that way.
 */
function detached(value: string): string {
  return value.length > 256 ? value : Buffer.from(value, 'utf8').toString('utf8');
}
