import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * OpenAPI generated from the controllers' decorators: the UI at `/docs`, the document at
 * `/docs/openapi.json` (and `.yaml`). Built once at startup; public (no token), like the controllers' own
 * decorators it is made from.
 */
export function setupDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Okapi API')
    .setDescription(
      'Wikimedia-Enterprise-compatible on-demand, realtime and bulk APIs, plus event replay and time travel. ' +
        'Every endpoint needs `Authorization: Bearer <access token from POST /v1/login or a static API token>` ' +
        'unless the server runs with OKAPI_AUTH=disabled, except /healthz, /readyz, /metrics, /docs and ' +
        '/v1/login, /v1/token-refresh, /v1/token-revoke. Errors are `{status, message}` plus a stable `code`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // Every page under /docs (the only public prefix for them): JSON and YAML documents included.
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
  });
}
