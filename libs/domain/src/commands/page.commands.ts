import { Editor, Enrichment, SourceKind, Visibility } from '../events/page.events';

/** Fields every page command carries. Time comes in on the command, never from a clock. */
interface CommandBase {
  readonly wiki: string;
  readonly pageId: number;
  readonly source: SourceKind;
  /** RFC3339, when Okapi accepted the command. */
  readonly receivedAt: string;
}

export interface RecordRevision extends CommandBase {
  readonly type: 'RecordRevision';
  readonly namespace: number;
  readonly title: string;
  readonly revisionId: number;
  readonly parentId?: number;
  readonly timestamp: string;
  readonly editor: Editor;
  readonly comment?: string;
  readonly minor: boolean;
  readonly tags?: readonly string[];
  readonly sha1?: string;
  /** Content bytes; absent when unknown (hidden text the source gave no size for). */
  readonly size?: number;
  readonly contentModel?: string;
  readonly contentFormat?: string;
  readonly text?: string;
  readonly html?: string;
  readonly isRedirect?: boolean;
  readonly visibility?: Visibility;
  readonly enrichment?: Enrichment;
}

export interface DeletePage extends CommandBase {
  readonly type: 'DeletePage';
  readonly namespace: number;
  readonly title: string;
  readonly timestamp: string;
  readonly performer?: Editor;
  readonly comment?: string;
}

export interface MovePage extends CommandBase {
  readonly type: 'MovePage';
  readonly toNamespace: number;
  readonly toTitle: string;
  /** From the source when it knows (EventStreams `prior_state`); otherwise taken from state. */
  readonly fromNamespace?: number;
  readonly fromTitle?: string;
  readonly timestamp: string;
  readonly revisionId?: number;
  readonly performer?: Editor;
  readonly comment?: string;
}

export interface RestorePage extends CommandBase {
  readonly type: 'RestorePage';
  readonly namespace: number;
  readonly title: string;
  readonly timestamp: string;
  readonly revisionId?: number;
  readonly performer?: Editor;
  readonly comment?: string;
}

export interface ChangeRevisionVisibility extends CommandBase {
  readonly type: 'ChangeRevisionVisibility';
  readonly revisionId: number;
  readonly visibility: Visibility;
  readonly timestamp: string;
}

export type PageCommand = RecordRevision | DeletePage | MovePage | RestorePage | ChangeRevisionVisibility;
