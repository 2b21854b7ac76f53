import { readFileSync } from 'node:fs';
import { OPENAPI_JSON, SCHEMA_TYPES, generateApiFiles } from './openapi';

// The committed document and types are what the web app and the tests compile against: a route or
// DTO changed without `npm run openapi` would let them drift from the API unseen.
describe('openapi.json and web/src/api/schema.d.ts', () => {
  it('are up to date with the controllers and DTOs (run `npm run openapi` when this fails)', async () => {
    const { json, types } = await generateApiFiles();
    expect(readFileSync(OPENAPI_JSON, 'utf8')).toBe(json);
    expect(readFileSync(SCHEMA_TYPES, 'utf8')).toBe(types);
  }, 120_000);
});
