import { PageCommand, RecordRevision } from '@okapi/domain';
import { RevisionContent } from './revision-content';
import { sha1HexToBase36 } from './sha1-base36';

/** Revisions whose content is worth fetching: visible text, not a redirect. */
export function needsContent(c: PageCommand): c is RecordRevision {
  return c.type === 'RecordRevision' && c.visibility?.text !== false && !c.isRedirect && c.text === undefined;
}

/**
 * Completes a RecordRevision from the event with what the API knows now. The API is the later
 * word on visibility: text, editor or comment hidden since the event are dropped here.
 * Missing (deleted since) or unavailable content leaves the revision without text: the event
 * still happened, and the page's later delete event, if any, follows in the stream.
 */
export function joinContent(cmd: RecordRevision, content: RevisionContent | undefined): RecordRevision {
  if (!content || content.status !== 'ok') return cmd;
  const visibility = {
    text: (cmd.visibility?.text ?? true) && !content.textHidden && !content.suppressed,
    editor: (cmd.visibility?.editor ?? true) && !content.userHidden,
    comment: (cmd.visibility?.comment ?? true) && !content.commentHidden,
  };
  const sha1 = cmd.sha1 ?? (content.sha1 ? sha1HexToBase36(content.sha1) : undefined);
  const { comment, ...rest } = cmd;
  return {
    ...rest,
    ...(visibility.comment && comment !== undefined ? { comment } : {}),
    editor: visibility.editor ? cmd.editor : { isAnonymous: cmd.editor.isAnonymous, isBot: cmd.editor.isBot },
    ...(content.tags.length ? { tags: content.tags } : {}),
    ...(sha1 ? { sha1 } : {}),
    ...(content.contentModel && !cmd.contentModel ? { contentModel: content.contentModel } : {}),
    ...(content.contentFormat && !cmd.contentFormat ? { contentFormat: content.contentFormat } : {}),
    ...(visibility.text && content.text !== undefined ? { text: content.text } : {}),
    ...(visibility.text && content.html !== undefined ? { html: content.html } : {}),
    visibility,
  };
}
