import { Editor, RevisionFacts, SourceKind, Visibility } from '../events/page.events';

/** Fields every page command carries. Time comes in on the command, never from a clock. */
interface CommandBase {
  readonly wiki: string;
  readonly pageId: number;
  readonly source: SourceKind;
  /** RFC3339, when Okapi accepted the command. */
  readonly receivedAt: string;
}

export interface RecordRevision extends CommandBase, RevisionFacts {
  readonly type: 'RecordRevision';
  /** Absent when the source says nothing: everything visible. */
  readonly visibility?: Visibility;
}

/** Who did a page action and why; its time comes from the source. */
interface PageActionBase extends CommandBase {
  readonly timestamp: string;
  readonly performer?: Editor;
  readonly comment?: string;
}

export interface DeletePage extends PageActionBase {
  readonly type: 'DeletePage';
  readonly namespace: number;
  readonly title: string;
}

export interface MovePage extends PageActionBase {
  readonly type: 'MovePage';
  readonly toNamespace: number;
  readonly toTitle: string;
  /** From the source when it knows (EventStreams `prior_state`); otherwise taken from state. */
  readonly fromNamespace?: number;
  readonly fromTitle?: string;
  readonly revisionId?: number;
}

export interface RestorePage extends PageActionBase {
  readonly type: 'RestorePage';
  readonly namespace: number;
  readonly title: string;
  readonly revisionId?: number;
}

export interface ChangeRevisionVisibility extends CommandBase {
  readonly type: 'ChangeRevisionVisibility';
  readonly revisionId: number;
  readonly visibility: Visibility;
  readonly timestamp: string;
}

export type PageCommand = RecordRevision | DeletePage | MovePage | RestorePage | ChangeRevisionVisibility;
