import { Client } from 'pg';
import { cleanUp, prepareEnvironment, type TestEnvironment } from '../utils/test-app';

async function snapshot(databaseUrl: string): Promise<Record<string, unknown[]>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const read = async (sql: string): Promise<unknown[]> =>
      (await client.query<Record<string, unknown>>(sql)).rows;
    return {
      kinds: await read('SELECT * FROM org_unit_kinds ORDER BY key'),
      units: await read(
        'SELECT id, slug, name, kind, parent_id, updated_at FROM org_units ORDER BY slug',
      ),
      users: await read(
        'SELECT id, username, roles, capabilities, org_unit_id, password_hash FROM users ORDER BY username',
      ),
      definitions: await read(
        'SELECT id, key, version, content_hash FROM workflow_definitions ORDER BY key, version',
      ),
      migrations: await read('SELECT name FROM schema_migrations ORDER BY id'),
    };
  } finally {
    await client.end();
  }
}

describe('npm run setup', () => {
  let environment: TestEnvironment;

  beforeAll(async () => {
    environment = await prepareEnvironment();
  });
  afterAll(async () => {
    await cleanUp(environment);
  });

  it('seeds the demo organisation, users and built-in workflows', async () => {
    const state = await snapshot(environment.databaseUrl);
    expect(state.units.length).toBeGreaterThanOrEqual(30);
    expect((state.users as Array<{ username: string }>).map((u) => u.username)).toEqual(
      expect.arrayContaining([
        'admin',
        'auditor',
        'thuongtruc',
        'btv',
        'danvan',
        'mttq.huyen',
        'mttq.an-binh',
        'dangu.an-binh',
      ]),
    );
    expect((state.definitions as Array<{ key: string }>).map((d) => d.key)).toEqual([
      'annual-summary',
      'information-exchange',
      'joint-activity-plan',
      'joint-regulation',
      'periodic-report',
      'regulation-review',
    ]);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const before = await snapshot(environment.databaseUrl);
    const { setup } = await import('../../src/cli/setup');
    const log = console.log;
    console.log = () => undefined;
    try {
      await setup();
    } finally {
      console.log = log;
    }
    expect(await snapshot(environment.databaseUrl)).toEqual(before);
  });
});
