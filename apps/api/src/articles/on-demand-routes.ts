import { applyDecorators, Get, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiProduces } from '@nestjs/swagger';
import { OnDemandRequestDoc } from '../core/shared-request.dto';

/** What the OpenAPI page says about one on-demand endpoint (`/v2/articles`, `/v2/structured-contents`). */
export interface OnDemandDocs {
  readonly summary: string;
  readonly description: string;
  /** Description of the `{name}` path parameter, if any. */
  readonly nameDescription?: string;
  /** Description of the 200 response, if any. */
  readonly okDescription?: string;
}

const PRODUCES = ['application/json', 'application/x-ndjson'];

/** `GET {name}`: parameters in the query string, or a JSON body (WME clients send bodies on GET too). */
export function OnDemandGet(docs: OnDemandDocs): MethodDecorator {
  return applyDecorators(
    Get(':name'),
    ApiOperation({ summary: docs.summary, description: docs.description }),
    ApiParam({
      name: 'name',
      example: 'Squirrel',
      ...(docs.nameDescription ? { description: docs.nameDescription } : {}),
    }),
    ApiProduces(...PRODUCES),
    ...(docs.okDescription ? [ApiOkResponse({ description: docs.okDescription })] : []),
  );
}

/** `POST {name}`: the same parameters in a JSON body. */
export function OnDemandPost(docs: OnDemandDocs): MethodDecorator {
  return applyDecorators(
    Post(':name'),
    ApiOperation({ summary: `${docs.summary} (parameters in a JSON body)`, description: docs.description }),
    ApiBody({ type: OnDemandRequestDoc, required: false }),
    ApiProduces(...PRODUCES),
  );
}
