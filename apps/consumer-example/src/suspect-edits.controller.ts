import { Controller, Injectable } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { JetStreamContext } from './jetstream-context';

interface ArticleMessage {
  readonly name: string;
  readonly is_part_of: { identifier: string };
  readonly version: { identifier: number; scores?: { revertrisk?: { probability?: { true: number } } } };
}

/** Where this example keeps what it saw (a real team would write to its own store). */
@Injectable()
export class SuspectEditsLog {
  readonly seen: SuspectEdit[] = [];
  /** Also called for each edit (main.ts prints it, so a person running the example sees it work). */
  onSeen?: (edit: SuspectEdit) => void;

  record(edit: SuspectEdit): void {
    this.seen.push(edit);
    this.onSeen?.(edit);
  }
}

export interface SuspectEdit {
  readonly offset: number;
  readonly subject: string;
  readonly wiki: string;
  readonly name: string;
  readonly revision: number;
}

/**
 * An internal team's subscriber: every edit Okapi flags `suspect`, in any wiki's main namespace.
 * The subject filter is set on the durable consumer (main.ts); the pattern here routes it.
 */
@Controller()
export class SuspectEditsController {
  constructor(private readonly log: SuspectEditsLog) {}

  @EventPattern('okapi.article.*.0.*.suspect')
  onSuspect(@Payload() article: ArticleMessage, @Ctx() ctx: JetStreamContext): void {
    this.log.record({
      offset: ctx.getOffset(),
      subject: ctx.getSubject(),
      wiki: article.is_part_of.identifier,
      name: article.name,
      revision: article.version.identifier,
    });
  }
}
