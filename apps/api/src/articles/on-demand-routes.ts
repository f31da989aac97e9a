import { applyDecorators, Get, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiProduces } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { OnDemandKind, OnDemandQuery, parseOnDemandRequest } from '@okapi/projections';
import { OnDemandRequestDoc } from '../core/shared-request.dto';
import { sendBody, wantsNdjson } from './article-response';

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
      type: String,
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
    ApiParam({ name: 'name', type: String }),
    ApiBody({ type: OnDemandRequestDoc, required: false }),
    ApiProduces(...PRODUCES),
  );
}

/**
 * The GET and POST routes of an on-demand endpoint, for a controller to extend: both read the same
 * WME request (the `{name}`, the query string, a JSON body) and answer with the body the
 * controller's `body` builds, as JSON or NDJSON (`Accept`).
 */
export function OnDemandRoutes(docs: OnDemandDocs, kind: OnDemandKind) {
  abstract class Routes {
    @OnDemandGet(docs)
    async get(@Req() req: Request, @Res() res: Response): Promise<void> {
      await this.respond(req, res);
    }

    @OnDemandPost(docs)
    async post(@Req() req: Request, @Res() res: Response): Promise<void> {
      await this.respond(req, res);
    }

    /** The response body for a parsed request: a JSON array, or NDJSON when `ndjson`. */
    protected abstract body(q: OnDemandQuery, ndjson: boolean): Promise<Buffer>;

    private async respond(req: Request, res: Response): Promise<void> {
      const q = parseOnDemandRequest(req.params['name'] as string, req.query, req.body, kind);
      const ndjson = wantsNdjson(req);
      sendBody(res, await this.body(q, ndjson), ndjson);
    }
  }
  return Routes;
}
