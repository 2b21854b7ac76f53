import { WorkflowFactory, ok } from '../factories/workflow-factory';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';

interface Definition {
  key: string;
  version: number;
  title: string;
}

/** Every container start runs `npm run setup`: it must never undo what an admin changed. */
describe('setup after admin edits (real PostgreSQL)', () => {
  let t: TestApp;
  let api: WorkflowFactory;
  let sql: TestSql;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    api = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
  }, 300_000);
  afterAll(async () => {
    await sql?.close();
    await t?.close();
  });

  async function runSetup(): Promise<void> {
    const { setup } = await import('../../src/cli/setup');
    const log = console.log;
    console.log = () => undefined;
    try {
      await setup();
    } finally {
      console.log = log;
    }
  }

  it('keeps renamed units, changed users and an admin’s version of a built-in workflow, twice', async () => {
    const commune = await t.unitId('an-binh');
    ok(
      await api.patch('admin', `/api/admin/org-units/${commune}`, { name: 'Xã An Bình mới' }),
      200,
      'rename unit',
    );
    const [danvan] = await sql.rows<{ id: string }>(
      `SELECT id FROM users WHERE username = 'danvan'`,
    );
    ok(
      await api.patch('admin', `/api/admin/users/${danvan.id}`, {
        fullName: 'Lê Văn Dân (Trưởng ban)',
        capabilities: ['approver'],
      }),
      200,
      'change user',
    );
    const builtIn = ok<Definition & Record<string, unknown>>(
      await api.get('admin', '/api/definitions/regulation-review'),
      200,
      'definition',
    );
    const edited = ok<{ version: number }>(
      await api.post('admin', '/api/definitions', {
        ...(builtIn.document as Record<string, unknown>),
        title: {
          vi: 'Rà soát quy chế phối hợp (bản của huyện)',
          en: 'Regulation review (district)',
        },
      }),
      201,
      'publish over the built-in',
    );
    const directives = await sql.count(`SELECT count(*) FROM directives`);

    await runSetup();
    await runSetup();

    const [unit] = await sql.rows<{ name: string }>(`SELECT name FROM org_units WHERE id = $1`, [
      commune,
    ]);
    expect(unit.name).toBe('Xã An Bình mới');
    const [user] = await sql.rows<{ full_name: string; capabilities: string[] }>(
      `SELECT full_name, capabilities FROM users WHERE username = 'danvan'`,
    );
    expect(user).toEqual({ full_name: 'Lê Văn Dân (Trưởng ban)', capabilities: ['approver'] });
    const latest = ok<Definition>(
      await api.get('admin', '/api/definitions/regulation-review'),
      200,
      'definition after setup',
    );
    expect(latest.version).toBe(edited.version);
    expect(latest.title).toBe('Rà soát quy chế phối hợp (bản của huyện)');
    expect(await sql.count(`SELECT count(*) FROM directives`)).toBe(directives);
  });
});
