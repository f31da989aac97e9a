import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * OpenAPI generated from the controllers' decorators: the UI at `/docs`, the document at
 * `/docs/openapi.json`. Built once at startup.
 */
export function setupDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Okapi API')
    .setDescription(
      'Wikimedia-Enterprise-compatible on-demand, realtime and bulk APIs, plus event replay and time travel. ' +
        'Every /v2 endpoint needs `Authorization: Bearer <access token from POST /v1/login or a static API token>` ' +
        'unless the server runs with OKAPI_AUTH=disabled. Errors are `{status, message}` plus a stable `code`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
