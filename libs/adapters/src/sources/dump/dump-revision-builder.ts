import { createHash } from 'node:crypto';
import { Editor, RecordRevision, Visibility } from '@okapi/domain';

const ALL_VISIBLE: Visibility = Object.freeze({ text: true, editor: true, comment: true });
const HIDDEN_EDITOR: Editor = Object.freeze({ isAnonymous: false, isBot: false });
/** English magic word only: dumps do not list a wiki's localised aliases. `<redirect>` covers the rest. */
const REDIRECT_TEXT = /^\s*#redirect\s*:?\s*\[\[/i;

/** The page a revision belongs to, as read from `<page>` before its revisions. */
export interface PageHeader {
  title: string;
  namespace: string;
  id: string;
  redirect: boolean;
}

/**
 * The raw strings of one `<revision>`, reused for every revision (reset, not reallocated) so the
 * hot loop creates one object per revision: the command itself.
 */
export class RevisionFields {
  id = '';
  parentId = '';
  timestamp = '';
  userName: string | undefined;
  userId: string | undefined;
  ip: string | undefined;
  editorDeleted = false;
  comment: string | undefined;
  commentDeleted = false;
  minor = false;
  model: string | undefined;
  format: string | undefined;
  text: string | undefined;
  textDeleted = false;
  textBytes: string | undefined;
  sha1: string | undefined;

  reset(): void {
    this.id = this.parentId = this.timestamp = '';
    this.userName = this.userId = this.ip = undefined;
    this.comment = this.model = this.format = this.text = this.textBytes = this.sha1 = undefined;
    this.editorDeleted = this.commentDeleted = this.minor = this.textDeleted = false;
  }

  /** Returns the name of a missing required element, or undefined when the revision is complete. */
  missing(): string | undefined {
    if (!/^\d+$/.test(this.id)) return '<revision><id>';
    if (this.timestamp === '') return '<revision><timestamp>';
    return undefined;
  }

  toCommand(page: PageHeader, wiki: string, receivedAt: string): RecordRevision {
    const text = this.textDeleted ? undefined : this.text;
    const cmd: Mutable<RecordRevision> = {
      type: 'RecordRevision',
      wiki,
      pageId: Number(page.id),
      source: 'dump',
      receivedAt,
      namespace: Number(page.namespace),
      title: page.title,
      revisionId: Number(this.id),
      timestamp: this.timestamp,
      editor: this.editor(),
      minor: this.minor,
      isRedirect: text !== undefined && REDIRECT_TEXT.test(text),
      visibility: this.visibility(),
    };
    const size = this.size(text);
    if (size !== undefined) cmd.size = size;
    if (this.parentId !== '') cmd.parentId = Number(this.parentId);
    if (this.comment !== undefined && !this.commentDeleted) cmd.comment = this.comment;
    if (this.sha1) cmd.sha1 = this.sha1;
    else if (this.sha1 === undefined && text !== undefined) cmd.sha1 = mediawikiSha1(text);
    if (this.model) cmd.contentModel = this.model;
    if (this.format) cmd.contentFormat = this.format;
    if (text !== undefined) cmd.text = text;
    return cmd;
  }

  private editor(): Editor {
    if (this.editorDeleted) return HIDDEN_EDITOR;
    if (this.ip !== undefined) return { name: this.ip, isAnonymous: true, isBot: false };
    const editor: Mutable<Editor> = { isAnonymous: false, isBot: false };
    if (this.userId !== undefined && this.userId !== '') editor.id = Number(this.userId);
    if (this.userName !== undefined) editor.name = this.userName;
    return editor;
  }

  /**
   * `bytes` is the stored size; only when a dump omits it do we measure the text we have. A hidden
   * text without a usable `bytes` (absent, empty, or MediaWiki's `-1`) has an unknown size.
   */
  private size(text: string | undefined): number | undefined {
    const bytes = this.textBytes === undefined || this.textBytes === '' ? NaN : Number(this.textBytes);
    if (Number.isSafeInteger(bytes) && bytes >= 0) return bytes;
    return text === undefined ? undefined : Buffer.byteLength(text, 'utf8');
  }

  private visibility(): Visibility {
    if (!this.textDeleted && !this.editorDeleted && !this.commentDeleted) return ALL_VISIBLE;
    return { text: !this.textDeleted, editor: !this.editorDeleted, comment: !this.commentDeleted };
  }
}

/**
 * Schemas before 0.8 carry no `<sha1>`: MediaWiki's rev_sha1 is the SHA-1 of the content in base
 * 36, zero-padded to 31 digits, so identity reverts are found in old dumps too. An empty
 * `<sha1/>` (newer schemas, hidden text) stays unknown.
 */
export function mediawikiSha1(text: string): string {
  const hex = createHash('sha1').update(text, 'utf8').digest('hex');
  return BigInt(`0x${hex}`).toString(36).padStart(31, '0');
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
