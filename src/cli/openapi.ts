import { NestFactory } from '@nestjs/core';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import openapiTS, { COMMENT_HEADER, astToString, type OpenAPI3 } from 'openapi-typescript';

/** Where `npm run openapi` writes, relative to the repository root; both files are committed. */
export const OPENAPI_JSON_PATH = 'openapi.json';
export const OPENAPI_TYPES_PATH = 'web/src/api/schema.d.ts';

export interface OpenApiFiles {
  /** The OpenAPI document, as /api/docs-json serves it. */
  json: string;
  /** `openapi-typescript`'s types of that document: what web/ and the tests import. */
  types: string;
}

/**
 * Builds the OpenAPI document from the controllers' and DTOs' decorators and the TypeScript types
 * generated from it. The application is created in Nest's preview mode: modules and routes are
 * scanned but no provider is instantiated, so no database, Redis or queue is needed (nor touched)
 * and the result does not depend on the environment.
 */
export async function generateOpenApiFiles(): Promise<OpenApiFiles> {
  const { AppModule } = await import('../app.module');
  const { buildOpenApiDocument } = await import('../common/http/openapi-document');
  const app = await NestFactory.create(AppModule, { preview: true, logger: false });
  try {
    const document = buildOpenApiDocument(app);
    const json = `${JSON.stringify(document, null, 2)}\n`;
    // A free-form `type: object` (instance data, definition documents) reads as
    // Record<string, unknown>, not as an object that may hold nothing.
    const ast = await openapiTS(document as unknown as OpenAPI3, { emptyObjectsUnknown: true });
    return { json, types: COMMENT_HEADER + astToString(ast) };
  } finally {
    await app.close();
  }
}

/**
 * `npm run openapi`: regenerates `openapi.json` and `web/src/api/schema.d.ts`. With
 * `--out-dir DIR` it writes them under DIR instead (the staleness test compares those).
 */
async function main(argv: readonly string[]): Promise<void> {
  const at = argv.indexOf('--out-dir');
  const root = at >= 0 && argv[at + 1] ? argv[at + 1] : join(__dirname, '..', '..');
  const files = await generateOpenApiFiles();
  await mkdir(join(root, dirname(OPENAPI_TYPES_PATH)), { recursive: true });
  await writeFile(join(root, OPENAPI_JSON_PATH), files.json);
  await writeFile(join(root, OPENAPI_TYPES_PATH), files.types);
  console.log(`wrote ${OPENAPI_JSON_PATH} and ${OPENAPI_TYPES_PATH} under ${root}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
