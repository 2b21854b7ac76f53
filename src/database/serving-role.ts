import { escapeIdentifier, escapeLiteral } from 'pg';
import { type DataSource } from 'typeorm';

/**
 * Tables the serving processes may read and append to, never change: the record itself (history,
 * comments, admin changes, attachments and their bytes, joint meetings and their minutes) and the
 * transparency log over it.
 */
export const APPEND_ONLY_TABLES = [
  'history_events',
  'instance_comments',
  'admin_audit_events',
  'attachments',
  'attachment_contents',
  'meetings',
  'meeting_participants',
  'meeting_minutes',
  'meeting_events',
  'tlog_leaves',
  'tlog_nodes',
  'tlog_checkpoints',
] as const;

export type ServingRoleOutcome =
  | { kind: 'granted'; role: string; created: boolean }
  /** One URL for setup and serving: the serving role owns the tables, nothing is limited. */
  | { kind: 'same-role'; role: string };

/**
 * Run by setup and migrate as the owner (DATABASE_OWNER_URL): makes sure the role of
 * DATABASE_URL exists (created with the URL's password when the owner may create roles) and
 * gives it what serving needs — read and write the working tables, only read and INSERT into the
 * append-only ones, nothing on the migrations table. Idempotent, and re-run after every
 * migration so new tables are covered.
 */
export async function grantServingRole(
  owner: DataSource,
  servingUrl: string,
  /** BullMQ's PostgreSQL schema, when the queues live there: used in full by serving. */
  queueSchema?: string,
): Promise<ServingRoleOutcome> {
  const url = new URL(servingUrl);
  const [{ user }] = await owner.query<Array<{ user: string }>>(`SELECT current_user AS user`);
  const role = decodeURIComponent(url.username) || user;
  if (role === user) return { kind: 'same-role', role };

  const created = await ensureRole(owner, role, decodeURIComponent(url.password));
  const grantee = escapeIdentifier(role);
  const [{ db }] = await owner.query<Array<{ db: string }>>(`SELECT current_database() AS db`);
  await owner.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${escapeIdentifier(db)} TO ${grantee}`);
  await owner.query(`GRANT USAGE ON SCHEMA public TO ${grantee}`);
  await owner.query(
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${grantee}`,
  );
  await owner.query(
    `REVOKE UPDATE, DELETE, TRUNCATE ON ${APPEND_ONLY_TABLES.join(', ')} FROM ${grantee}`,
  );
  await owner.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${grantee}`);
  await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${grantee}`);
  if (queueSchema) {
    // The queue's own tables are a transport, not the record: serving adds, moves and removes jobs
    // through BullMQ's functions (which run as the caller) and its temporary tables.
    const schema = escapeIdentifier(queueSchema);
    await owner.query(`GRANT USAGE ON SCHEMA ${schema} TO ${grantee}`);
    await owner.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${grantee}`,
    );
    await owner.query(
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${grantee}`,
    );
    await owner.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${grantee}`);
  }
  return { kind: 'granted', role, created };
}

async function ensureRole(owner: DataSource, role: string, password: string): Promise<boolean> {
  const exists = async (): Promise<boolean> =>
    (await owner.query<unknown[]>(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role])).length > 0;
  if (await exists()) return false;
  try {
    await owner.query(
      `CREATE ROLE ${escapeIdentifier(role)} LOGIN${password ? ` PASSWORD ${escapeLiteral(password)}` : ''}`,
    );
    return true;
  } catch (error) {
    // Another setup (a parallel test, a second replica) created it first.
    if (await exists()) return false;
    throw new Error(
      `The serving role "${role}" of DATABASE_URL does not exist and could not be created (${(error as Error).message}); create it, or give the owner CREATEROLE`,
    );
  }
}

/** What setup says about the roles, in one line. */
export function describeServingRole(outcome: ServingRoleOutcome): string {
  switch (outcome.kind) {
    case 'granted':
      return `serving role ${outcome.role}${outcome.created ? ' created and' : ''} limited: no UPDATE, DELETE or TRUNCATE of history or the log`;
    case 'same-role':
      return `serving role ${outcome.role} is the owner (DATABASE_OWNER_URL unset): history is protected by triggers and the signed log only`;
  }
}
