import { RecordRevision } from '@okapi/domain';
import { SaxesParser, SaxesTagPlain } from 'saxes';
import { dumpInvalid, dumpSyntaxError, DumpError } from './dump.errors';
import { isSupportedSchemaVersion, schemaVersionOf, SUPPORTED_SCHEMA_VERSIONS } from './dump-schema';
import { PageHeader, RevisionFields } from './dump-revision.builder';

/** What `<siteinfo>` says about the wiki. */
export interface DumpSiteInfo {
  readonly wiki: string;
  readonly siteName?: string;
  readonly base?: string;
  readonly schemaVersion: string;
  /** Namespace key -> prefix as it appears in titles ('' for the main namespace). */
  readonly namespaces: ReadonlyMap<number, string>;
}

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
}

// What the current text node belongs to. Leaf elements only, so one slot is enough.
const NONE = 0, DBNAME = 1, SITENAME = 2, BASE = 3, NAMESPACE = 4, TITLE = 5, NS = 6, PAGE_ID = 7;
const REV_ID = 8, PARENT_ID = 9, TIMESTAMP = 10, USERNAME = 11, USER_ID = 12, IP = 13, COMMENT = 14;
const MODEL = 15, FORMAT = 16, TEXT = 17, SHA1 = 18;

const WIKI_ID = /^[a-z0-9_]+$/;

/**
 * Streaming parser for MediaWiki export XML (schema 0.8-0.11). Feed it decoded text with `write`,
 * then `end`; it calls `onRevisions` once per `<page>` with one RecordRevision per `<revision>`.
 * Only the current page is held. Errors are DumpErrors naming FILE:LINE:COLUMN.
 */
export class MediaWikiDumpParser {
  private readonly sax = new SaxesParser({ xmlns: false, position: true });
  private readonly rev = new RevisionFields();
  private readonly page: PageHeader = { title: '', namespace: '', id: '', redirect: false };
  private readonly namespaces = new Map<number, string>();
  private site: DumpSiteInfo | undefined;
  private siteFields: { dbname?: string; sitename?: string; base?: string } = {};
  private schemaVersion = '';
  private pending: RecordRevision[] = [];
  private pendingBytes = 0;
  private readonly maxPendingBytes: number;
  private capture = NONE;
  private parts: string[] = [];
  private namespaceKey = 0;
  private depth = 0;
  private inSiteInfo = false;
  private inPage = false;
  private inRevision = false;
  private inContributor = false;
  /** > 0 while inside a subtree we ignore (0.11 `<content>` slots, uploads, log items). */
  private skipDepth = 0;

  constructor(private readonly options: DumpParserOptions) {
    this.maxPendingBytes = options.maxPendingTextBytes ?? 64 * 1024 * 1024;
    const sax = this.sax;
    sax.on('error', (e) => this.onSaxError(e));
    sax.on('opentag', (tag) => this.onOpen(tag));
    sax.on('closetag', (tag) => this.onClose(tag.name));
    sax.on('text', (t) => { if (this.capture !== NONE) this.parts.push(t); });
    sax.on('cdata', (t) => { if (this.capture !== NONE) this.parts.push(t); });
  }

  get siteInfo(): DumpSiteInfo | undefined {
    return this.site;
  }

  write(chunk: string): void {
    this.sax.write(chunk);
  }

  /** Flushes the parser; a document cut short fails here ("unclosed tag"). */
  end(): void {
    this.sax.close();
    if (this.schemaVersion === '') throw this.invalid('not a MediaWiki export: no <mediawiki> root element');
  }

  private onSaxError(e: Error): never {
    // saxes prefixes "line:col: "; we add the file and a 1-based column instead.
    const message = e.message.replace(/^\d+:\d+: /, '');
    throw dumpSyntaxError(this.options.file, this.sax.line, this.sax.column + 1, message);
  }

  private invalid(message: string): DumpError {
    return dumpInvalid(this.options.file, this.sax.line, this.sax.column + 1, message);
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
      case 'mediawiki': return this.openRoot(tag);
      case 'siteinfo': this.inSiteInfo = true; return;
      case 'page': return this.openPage();
      default:
        if (this.depth === 1) throw this.invalid(`not a MediaWiki export: root element is <${tag.name}>`);
        this.skip(); // <logitem> and other top-level records we do not import
    }
  }

  private openRoot(tag: SaxesTagPlain): void {
    if (this.depth !== 1) throw this.invalid('nested <mediawiki> element');
    const version = schemaVersionOf(tag.attributes);
    if (version === undefined || !isSupportedSchemaVersion(version)) {
      throw new DumpError(
        'dump.unsupported_version',
        `unsupported export schema version ${version ?? '(none declared)'} in ${this.options.file} (supported: ${SUPPORTED_SCHEMA_VERSIONS.join(', ')})`,
        this.options.file,
      );
    }
    this.schemaVersion = version;
  }

  private openInSiteInfo(tag: SaxesTagPlain): void {
    switch (tag.name) {
      case 'dbname': return this.start(DBNAME);
      case 'sitename': return this.start(SITENAME);
      case 'base': return this.start(BASE);
      case 'namespace':
        this.namespaceKey = Number(tag.attributes.key);
        return this.start(NAMESPACE);
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
    switch (tag.name) {
      case 'title': return this.start(TITLE);
      case 'ns': return this.start(NS);
      case 'id': return this.start(PAGE_ID);
      case 'redirect': this.page.redirect = true; return;
      case 'revision':
        this.inRevision = true;
        this.rev.reset();
        return;
      default: return this.skip();
    }
  }

  private openInRevision(tag: SaxesTagPlain): void {
    const rev = this.rev;
    const attrs = tag.attributes;
    if (this.inContributor) {
      switch (tag.name) {
        case 'username': return this.start(USERNAME);
        case 'id': return this.start(USER_ID);
        case 'ip': return this.start(IP);
      }
      return;
    }
    switch (tag.name) {
      case 'id': return this.start(REV_ID);
      case 'parentid': return this.start(PARENT_ID);
      case 'timestamp': return this.start(TIMESTAMP);
      case 'contributor':
        if (attrs.deleted !== undefined) rev.editorDeleted = true;
        else if (!tag.isSelfClosing) this.inContributor = true;
        return;
      case 'comment':
        if (attrs.deleted !== undefined) rev.commentDeleted = true;
        else rev.comment = '';
        return this.start(COMMENT);
      case 'minor': rev.minor = true; return;
      case 'model': return this.start(MODEL);
      case 'format': return this.start(FORMAT);
      case 'text': return this.openText(tag);
      case 'sha1': return this.start(SHA1);
      default: return this.skip(); // <content> slots (0.11), <origin>, unknown additions
    }
  }

  private openText(tag: SaxesTagPlain): void {
    const rev = this.rev;
    const attrs = tag.attributes;
    rev.textBytes = attrs.bytes;
    if (attrs.deleted !== undefined) {
      rev.textDeleted = true;
      return;
    }
    // Stub dumps reference text by id/location without including it: unknown, not empty.
    rev.text = tag.isSelfClosing && (attrs.id !== undefined || attrs.location !== undefined) ? undefined : '';
    if (!tag.isSelfClosing) this.start(TEXT);
  }

  /** Ignores the element and its subtree (saxes also sends closetag for `<x/>`, which ends it). */
  private skip(): void {
    this.skipDepth = 1;
  }

  private start(field: number): void {
    this.capture = field;
    this.parts.length = 0;
  }

  private onClose(name: string): void {
    this.depth--;
    if (this.skipDepth > 0) {
      this.skipDepth--;
      return;
    }
    if (this.capture !== NONE) return this.endCapture();
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

  private endCapture(): void {
    const parts = this.parts;
    const value = parts.length === 1 ? parts[0] : parts.length === 0 ? '' : parts.join('');
    const field = this.capture;
    this.capture = NONE;
    const rev = this.rev;
    switch (field) {
      case DBNAME: this.siteFields.dbname = value.trim(); return;
      case SITENAME: this.siteFields.sitename = value; return;
      case BASE: this.siteFields.base = value; return;
      case NAMESPACE: this.namespaces.set(this.namespaceKey, value); return;
      case TITLE: this.page.title = value; return;
      case NS: this.page.namespace = value.trim(); return;
      case PAGE_ID: this.page.id = value.trim(); return;
      case REV_ID: rev.id = value.trim(); return;
      case PARENT_ID: rev.parentId = value.trim(); return;
      case TIMESTAMP: rev.timestamp = value.trim(); return;
      case USERNAME: rev.userName = value; return;
      case USER_ID: rev.userId = value.trim(); return;
      case IP: rev.ip = value.trim(); return;
      case COMMENT: if (!rev.commentDeleted) rev.comment = value; return;
      case MODEL: rev.model = value.trim(); return;
      case FORMAT: rev.format = value.trim(); return;
      case TEXT: rev.text = value; return;
      case SHA1: rev.sha1 = value.trim(); return;
    }
  }

  private finishSiteInfo(): void {
    const wiki = this.siteFields.dbname || this.options.wiki;
    if (!wiki) throw this.invalid('the dump has no <siteinfo><dbname>; pass the wiki id explicitly (--wiki)');
    if (!WIKI_ID.test(wiki)) throw this.invalid(`"${wiki}" is not a wiki id (expected [a-z0-9_]+)`);
    const { sitename, base } = this.siteFields;
    this.site = { wiki, siteName: sitename, base, schemaVersion: this.schemaVersion, namespaces: this.namespaces };
    this.options.onSiteInfo?.(this.site);
  }

  private closeRevision(): void {
    this.inRevision = false;
    const page = this.page;
    if (!/^\d+$/.test(page.id)) throw this.invalid('<revision> before its page\'s <id>');
    if (!/^-?\d+$/.test(page.namespace)) throw this.invalid('<revision> before its page\'s <ns>');
    const missing = this.rev.missing();
    if (missing) throw this.invalid(`revision without ${missing} in page ${page.id}`);
    const cmd = this.rev.toCommand(page, this.site!.wiki, this.options.receivedAt);
    this.pending.push(cmd);
    this.pendingBytes += cmd.size;
    if (this.pendingBytes >= this.maxPendingBytes) this.handOver(false);
  }

  private closePage(): void {
    this.inPage = false;
    const pending = this.pending;
    const last = pending[pending.length - 1];
    // <redirect> describes the page's current (last) revision, whatever language its magic word is in.
    if (this.page.redirect && last !== undefined && !last.isRedirect) pending[pending.length - 1] = { ...last, isRedirect: true };
    this.handOver(true);
  }

  private handOver(complete: boolean): void {
    const revisions = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (revisions.length > 0 || complete) this.options.onRevisions(revisions, complete);
  }
}
