import { Controller, Injectable } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { JetStreamContext } from './jetstream.context';

interface ArticleMessage {
  readonly name: string;
  readonly is_part_of: { identifier: string };
  readonly version: { identifier: number; scores?: { revertrisk?: { probability?: { true: number } } } };
}

/** Where this example keeps what it saw (a real team would write to its own store). */
@Injectable()
export class SuspectEditsLog {
  readonly seen: { offset: number; subject: string; wiki: string; name: string; revision: number }[] = [];
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
    this.log.seen.push({
      offset: ctx.getOffset(),
      subject: ctx.getSubject(),
      wiki: article.is_part_of.identifier,
      name: article.name,
      revision: article.version.identifier,
    });
  }
}
