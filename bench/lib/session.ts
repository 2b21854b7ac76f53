import { HttpClient } from './http-client';
import { mapLimit } from './stats';

export interface OrgUnitRow {
  id: string;
  slug: string;
  name: string;
  kind: string;
  parentId: string | null;
}

/** Signed-in demo users and the organisation, read once through the API. */
export class Session {
  readonly tokens = new Map<string, string>();
  readonly units = new Map<string, OrgUnitRow>();
  readonly userIds = new Map<string, string>();
  communes: string[] = [];

  private constructor(readonly baseUrl: string) {}

  /** Signs in `admin`, reads the organisation, then signs in the users the bench acts as. */
  static async open(baseUrl: string): Promise<Session> {
    const session = new Session(baseUrl);
    const client = new HttpClient(baseUrl, 8);
    try {
      await session.login(client, 'admin');
      const units = await client.get<OrgUnitRow[]>('/api/org-units', session.token('admin'));
      if (units.status !== 200) throw new Error(`org-units: ${units.status}`);
      for (const unit of units.body) session.units.set(unit.slug, unit);
      session.communes = units.body
        .filter((u) => u.kind === 'commune')
        .map((u) => u.slug)
        .sort();
      const others = benchUsernames(session.communes).filter((u) => u !== 'admin');
      await mapLimit(others, 4, (username) => session.login(client, username));
    } finally {
      client.close();
    }
    return session;
  }

  private async login(client: HttpClient, username: string): Promise<void> {
    const res = await client.post<{ accessToken: string; user: { id: string } }>(
      '/api/auth/login',
      { username, password: 'demo' },
    );
    if (res.status !== 200) {
      throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    this.tokens.set(username, res.body.accessToken);
    this.userIds.set(username, res.body.user.id);
  }

  token(username: string): string {
    const token = this.tokens.get(username);
    if (!token) throw new Error(`${username} is not signed in`);
    return token;
  }

  unit(slug: string): OrgUnitRow {
    const unit = this.units.get(slug);
    if (!unit) throw new Error(`No unit ${slug}`);
    return unit;
  }

  /** Re-uses the tokens (same JWT secret) against another running API. */
  withBaseUrl(baseUrl: string): Session {
    const copy = new Session(baseUrl);
    for (const [k, v] of this.tokens) copy.tokens.set(k, v);
    for (const [k, v] of this.units) copy.units.set(k, v);
    for (const [k, v] of this.userIds) copy.userIds.set(k, v);
    copy.communes = [...this.communes];
    return copy;
  }
}

/** Every commune's drafter and approver, the district approvers, the auditor and the admin. */
export function benchUsernames(communes: readonly string[]): string[] {
  return [
    'admin',
    'auditor',
    'danvan',
    'btv',
    ...communes.flatMap((c) => [`mttq.${c}`, `dangu.${c}`]),
  ];
}
