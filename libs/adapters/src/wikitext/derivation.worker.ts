/**
 * Worker thread body of the DerivationPool: derives Article parts from wikitext (or an Article's
 * structured contents), one request at a time, and answers with the same `id`. A failure is the
 * input's (deriving is pure): it is sent back as an error for that request only. Says `ready`
 * once the deriver is loaded, so the pool's deadlines do not count the worker's start, with its
 * kernel thread id, whose CPU time those deadlines count.
 */
import { must } from '@okapi/domain';
import { readlinkSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { deriveFromWikitext } from './wikitext-deriver';
import { toStructuredContent } from './structured-contents';
import { DerivationReply, DerivationRequest } from './derivation-pool';

const port = must(parentPort, 'parentPort (this module runs as a worker thread)');
port.on('message', (r: DerivationRequest) => {
  let reply: DerivationReply;
  try {
    const derived = r.article
      ? toStructuredContent(r.article)
      : r.articleJson !== undefined
        ? JSON.stringify(toStructuredContent(JSON.parse(r.articleJson) as Record<string, unknown>))
        : JSON.stringify(deriveFromWikitext(r.wikitext, r.context));
    reply = { id: r.id, derived };
  } catch (e) {
    reply = { id: r.id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true, thread: kernelThreadId() } satisfies DerivationReply);

/** This thread's id in /proc/self/task (Linux: /proc/thread-self links to `<pid>/task/<tid>`). */
function kernelThreadId(): number | undefined {
  try {
    const tid = Number(/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    return Number.isInteger(tid) ? tid : undefined;
  } catch {
    return undefined;
  }
}
