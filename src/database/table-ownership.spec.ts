import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/**
 * ADR 0001's first rule, checked: each table is written only by the repository of the module that
 * owns it. Every other module calls that repository's methods (inside one explicit transaction
 * when a change spans modules, as a unit handover does). Migrations, the CLI's seeds, tests and
 * test helpers are not scanned: they set up schema and data, they do not serve.
 */
const OWNERS: Record<string, readonly string[]> = {
  admin_audit_events: ['modules/admin-history/admin-history.repository.ts'],
  app_secrets: ['modules/auth/auth.repository.ts'],
  attachment_contents: ['modules/attachments/attachments.repository.ts'],
  attachments: ['modules/attachments/attachments.repository.ts'],
  campaign_items: ['modules/campaigns/campaigns.repository.ts'],
  campaign_reminders: ['modules/campaigns/campaigns.repository.ts'],
  campaigns: ['modules/campaigns/campaigns.repository.ts'],
  delegations: ['modules/delegations/delegations.repository.ts'],
  directive_points: ['modules/directives/directives.repository.ts'],
  directives: ['modules/directives/directives.repository.ts'],
  document_registers: ['modules/documents/documents.repository.ts'],
  form_drafts: ['modules/drafts/drafts.repository.ts'],
  history_events: ['modules/history/history.repository.ts'],
  holidays: ['modules/holidays/holidays.repository.ts'],
  inbox_views: ['modules/inbox/inbox-views.repository.ts'],
  instance_comments: ['modules/comments/comments.repository.ts'],
  instance_copies: ['modules/copies/copies.repository.ts'],
  login_attempts: ['modules/auth/auth.repository.ts'],
  meeting_events: ['modules/meetings/meetings.repository.ts'],
  meeting_minutes: ['modules/meetings/meetings.repository.ts'],
  meeting_participants: ['modules/meetings/meetings.repository.ts'],
  meetings: ['modules/meetings/meetings.repository.ts'],
  notifications: ['modules/notifications/notifications.repository.ts'],
  org_unit_kinds: ['modules/org-units/org-units.repository.ts'],
  org_units: ['modules/org-units/org-units.repository.ts'],
  periodic_report_cycles: ['modules/periodic-reports/periodic-reports.repository.ts'],
  periodic_report_runs: ['modules/periodic-reports/periodic-reports.repository.ts'],
  register_entries: ['modules/documents/documents.repository.ts'],
  tlog_checkpoints: ['modules/transparency-log/transparency-log.repository.ts'],
  tlog_leaves: ['modules/transparency-log/transparency-log.repository.ts'],
  tlog_nodes: ['modules/transparency-log/transparency-log.repository.ts'],
  tlog_pending: ['modules/transparency-log/transparency-log.repository.ts'],
  user_posts: ['modules/users/user-posts.repository.ts'],
  users: ['modules/users/users.repository.ts'],
  workflow_commands: ['modules/commands/commands.repository.ts'],
  workflow_definitions: ['modules/definitions/definitions.repository.ts'],
  workflow_instances: ['modules/instances/instances.repository.ts'],
  workflow_tasks: [
    'modules/tasks/tasks.repository.ts',
    // The one shared table, by design: the deadlines module owns a task's timer columns
    // (timers_queued_through, reminded_at, overdue_at) and the escalation copies it opens; the
    // tasks module owns the step's assignment and claim. The deadlines module depends on tasks,
    // so routing its writes through the tasks repository would only move the SQL, not the rule.
    'modules/deadlines/task-timers.repository.ts',
  ],
};

const SRC = join(__dirname, '..');

/** Not serving code: schema changes, seeds, tests and their helpers. */
function scanned(path: string): boolean {
  return (
    path.endsWith('.ts') &&
    !path.endsWith('.spec.ts') &&
    !path.endsWith('.d.ts') &&
    !path.startsWith('database/migrations/') &&
    !path.startsWith('cli/seed/') &&
    !path.split('/').includes('testing')
  );
}

export interface TableWrite {
  table: string;
  line: number;
  how: string;
}

// `INSERT INTO t`, `UPDATE t [AS] [alias] SET`, `DELETE FROM t`: SQL in any string or template.
const SQL_WRITES = [
  /\bINSERT\s+INTO\s+("?[a-z_][a-z0-9_]*"?)/gi,
  /\bUPDATE\s+(?:ONLY\s+)?("?[a-z_][a-z0-9_]*"?)(?:\s+(?:AS\s+)?[a-z_][a-z0-9_]*)?\s+SET\b/gi,
  /\bDELETE\s+FROM\s+(?:ONLY\s+)?("?[a-z_][a-z0-9_]*"?)/gi,
];

// TypeORM's writing calls on a repository, the entity manager or a query builder.
const WRITE_METHODS: ReadonlySet<string> = new Set([
  'insert',
  'update',
  'upsert',
  'save',
  'delete',
  'remove',
  'softDelete',
  'softRemove',
  'restore',
  'increment',
  'decrement',
  'clear',
]);

/** `@Entity({ name: 't' })` / `@Entity('t')` classes of a source file, by class name. */
export function entityTables(source: ts.SourceFile): Map<string, string> {
  const tables = new Map<string, string>();
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) && node.name) {
      for (const decorator of ts.getDecorators(node) ?? []) {
        const call = decorator.expression;
        if (!ts.isCallExpression(call) || call.expression.getText(source) !== 'Entity') continue;
        const [arg] = call.arguments;
        if (arg && ts.isStringLiteral(arg)) tables.set(node.name.text, arg.text);
        if (arg && ts.isObjectLiteralExpression(arg)) {
          for (const property of arg.properties) {
            if (
              ts.isPropertyAssignment(property) &&
              property.name.getText(source) === 'name' &&
              ts.isStringLiteral(property.initializer)
            ) {
              tables.set(node.name.text, property.initializer.text);
            }
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return tables;
}

/** Every table a source file writes, by SQL text or through TypeORM on a known entity. */
export function tableWrites(source: ts.SourceFile, entities: Map<string, string>): TableWrite[] {
  const writes: TableWrite[] = [];
  const lineOf = (node: ts.Node): number =>
    source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const entityOf = (node: ts.Node | undefined): string | undefined =>
    node && ts.isIdentifier(node) ? entities.get(node.text) : undefined;

  // `const units = manager.getRepository(OrgUnit)`: the variable stands for the entity's table.
  const boundRepositories = new Map<string, string>();
  // The entity a call chain works on: `getRepository(E)`, `createQueryBuilder(E)` or a variable.
  const chainEntity = (node: ts.Expression): string | undefined => {
    let current: ts.Expression = node;
    for (;;) {
      if (ts.isIdentifier(current)) return boundRepositories.get(current.text);
      if (ts.isCallExpression(current)) {
        const callee = current.expression;
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText();
        if (name === 'getRepository' || name === 'createQueryBuilder') {
          const table = entityOf(current.arguments[0]);
          if (table) return table;
        }
        current = callee;
      } else if (ts.isPropertyAccessExpression(current)) {
        current = current.expression;
      } else {
        return undefined;
      }
    }
  };
  const chainCalls = (node: ts.Expression, method: string): boolean => {
    let current: ts.Expression = node;
    while (ts.isCallExpression(current) || ts.isPropertyAccessExpression(current)) {
      if (
        ts.isCallExpression(current) &&
        ts.isPropertyAccessExpression(current.expression) &&
        current.expression.name.text === method
      ) {
        return true;
      }
      current = current.expression;
    }
    return false;
  };

  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const table = chainEntity(node.initializer);
      if (table && ts.isCallExpression(node.initializer)) boundRepositories.set(node.name.text, table);
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      sqlWrites(node.text, lineOf(node), writes);
    } else if (ts.isTemplateExpression(node)) {
      // `${…}` parts become a placeholder, so `UPDATE t SET ${columns}` still reads as SQL.
      const text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(
        ' $x ',
      );
      sqlWrites(text, lineOf(node), writes);
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const receiver = node.expression.expression;
      if (WRITE_METHODS.has(method)) {
        const table = chainEntity(receiver) ?? entityOf(node.arguments[0]);
        if (table) writes.push({ table, line: lineOf(node), how: `TypeORM .${method}()` });
      } else if (method === 'into' && chainCalls(receiver, 'insert')) {
        const table = entityOf(node.arguments[0]);
        if (table) writes.push({ table, line: lineOf(node), how: 'TypeORM .insert().into()' });
      } else if (method === 'from' && chainCalls(receiver, 'delete')) {
        const table = entityOf(node.arguments[0]);
        if (table) writes.push({ table, line: lineOf(node), how: 'TypeORM .delete().from()' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return writes;
}

function sqlWrites(text: string, line: number, writes: TableWrite[]): void {
  for (const pattern of SQL_WRITES) {
    for (const match of text.matchAll(pattern)) {
      const statement = match[0].split(/\s+/).slice(0, 2).join(' ').toUpperCase();
      writes.push({ table: match[1].replaceAll('"', '').toLowerCase(), line, how: statement });
    }
  }
}

function parse(path: string, text: string): ts.SourceFile {
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

describe('table ownership (ADR 0001: a table is written only by its owning repository)', () => {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .map((path) => path.split('\\').join('/'))
    .filter(scanned)
    .map((path) => parse(path, readFileSync(join(SRC, path), 'utf8')));
  const entities = new Map(files.flatMap((file) => [...entityTables(file)]));

  it('finds the SQL and TypeORM writes it is meant to find', () => {
    const sample = parse(
      'sample.ts',
      [
        "@Entity({ name: 'org_units' }) class OrgUnit {}",
        "@Entity('users') class User {}",
        'async function writes(manager: any, columns: string) {',
        "  await manager.query('insert into org_unit_kinds (key) values ($1)', ['x']);",
        '  await manager.query(`UPDATE campaign_items c SET org_unit_id = $2 FROM x`);',
        '  await manager.query(`DELETE FROM user_posts WHERE ${columns}`);',
        '  const units = manager.getRepository(OrgUnit);',
        '  await units.save({});',
        '  await manager.getRepository(User).createQueryBuilder().update().set({}).execute();',
        '  await manager.createQueryBuilder().insert().into(User).values({}).execute();',
        '  await manager.delete(OrgUnit, { id: 1 });',
        "  // Not writes: a comment's words, reads, a cache's delete, SQL grants.",
        "  await manager.query('SELECT 1 FROM users; REVOKE UPDATE, DELETE ON users FROM x');",
        '  cache.delete(OrgUnit.name);',
        '}',
      ].join('\n'),
    );
    const found = tableWrites(sample, entityTables(sample)).map((w) => `${w.line} ${w.table}`);
    expect(found).toEqual([
      '4 org_unit_kinds',
      '5 campaign_items',
      '6 user_posts',
      '8 org_units',
      '9 users',
      '10 users',
      '11 org_units',
    ]);
  });

  it('knows the entity classes, so TypeORM writes are checked too', () => {
    expect(entities.get('OrgUnit')).toBe('org_units');
    expect(entities.get('WorkflowTask')).toBe('workflow_tasks');
  });

  it('sees every table written only from its owning repository file', () => {
    const written = new Set<string>();
    const misplaced: string[] = [];
    for (const file of files) {
      const path = relative(SRC, join(SRC, file.fileName)).split('\\').join('/');
      for (const write of tableWrites(file, entities)) {
        written.add(write.table);
        const owners = OWNERS[write.table];
        if (!owners) {
          misplaced.push(`${path}:${write.line} ${write.how} ${write.table}: no owner listed`);
        } else if (!owners.includes(path)) {
          misplaced.push(
            `${path}:${write.line} ${write.how} ${write.table}: owned by ${owners.join(', ')}`,
          );
        }
      }
    }
    expect(misplaced).toEqual([]);
    // A scan that stops finding writes (a broken pattern, a moved folder) must not pass silently.
    expect([...written].sort()).toEqual(Object.keys(OWNERS).sort());
  });
});
