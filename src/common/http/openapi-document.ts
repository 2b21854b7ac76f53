import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorBodyDto } from '../errors/error-body.dto';

/**
 * The OpenAPI document of the HTTP API, built from the controllers' and DTOs' decorators. Served at
 * /api/docs by `configureApp` and written to `openapi.json` by `npm run openapi` (the source of
 * the web app's and the tests' generated types), so both read exactly one description.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Directive workflow engine')
      .setDescription(
        'Quy trình công tác theo chỉ thị — directive tasks as workflows with form-driven approvals',
      )
      .setVersion('1.0.0')
      .addBearerAuth()
      .build(),
    // The error body is shared by every route's 4xx answers, so it is declared once here.
    { extraModels: [ErrorBodyDto] },
  );
}
