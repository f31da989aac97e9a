import { BaseRpcContext } from '@nestjs/microservices';
import type { JsMsg } from 'nats';

/** What a handler may ask about the message it is given (`@Ctx() ctx: JetStreamContext`). */
export class JetStreamContext extends BaseRpcContext<[JsMsg, string]> {
  /** The JetStream subject, e.g. `okapi.article.enwiki.0.update.suspect`. */
  getSubject(): string {
    return this.args[1];
  }

  /** The event-store offset (`Okapi-Offset` header): resume/dedupe key. */
  getOffset(): number {
    return Number(this.args[0].headers?.get('Okapi-Offset'));
  }

  /** Times JetStream delivered it (> 1 after a failed handler). */
  getDeliveryCount(): number {
    return this.args[0].info.deliveryCount;
  }
}
