import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** A directive as recorded, with its numbered points. */
export interface DirectiveRecord {
  id: string;
  symbol: string;
  /** `YYYY-MM-DD`. */
  issuedAt: string;
  issuer: string;
  title: string;
  recipients: string[];
  createdAt: Date;
  points: Array<{ no: number; text: string }>;
}

export interface NewDirective {
  symbol: string;
  issuedAt: string;
  issuer: string;
  title: string;
  recipients: string[];
  createdBy: string | null;
  points: Array<{ no: number; text: string }>;
}

interface DirectiveRow {
  id: string;
  symbol: string;
  issued_at: string;
  issuer: string;
  title: string;
  recipients: string[];
  created_at: Date;
  points: Array<{ no: number; text: string }>;
}

const SELECT_DIRECTIVE = `
  SELECT d.id, d.symbol, to_char(d.issued_at, 'YYYY-MM-DD') AS issued_at, d.issuer, d.title,
         d.recipients, d.created_at,
         COALESCE((SELECT json_agg(json_build_object('no', p.no, 'text', p.text) ORDER BY p.no)
                     FROM directive_points p WHERE p.directive_id = d.id), '[]') AS points
    FROM directives d`;

/** The one place `directives` and `directive_points` are read and written. */
@Injectable()
export class DirectivesRepository {
  /** Every directive, newest first. */
  async list(manager: EntityManager): Promise<DirectiveRecord[]> {
    const rows = await manager.query<DirectiveRow[]>(
      `${SELECT_DIRECTIVE} ORDER BY d.issued_at DESC, d.created_at DESC, d.id`,
    );
    return rows.map(toRecord);
  }

  async find(manager: EntityManager, id: string): Promise<DirectiveRecord | null> {
    const [row] = await manager.query<DirectiveRow[]>(`${SELECT_DIRECTIVE} WHERE d.id = $1`, [id]);
    return row ? toRecord(row) : null;
  }

  async symbolTaken(manager: EntityManager, symbol: string): Promise<boolean> {
    const [taken] = await manager.query<unknown[]>(`SELECT 1 FROM directives WHERE symbol = $1`, [
      symbol,
    ]);
    return taken !== undefined;
  }

  /** @returns the new directive's id */
  async insert(manager: EntityManager, directive: NewDirective): Promise<string> {
    const [row] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO directives (symbol, issued_at, issuer, title, recipients, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        directive.symbol,
        directive.issuedAt,
        directive.issuer,
        directive.title,
        directive.recipients,
        directive.createdBy,
      ],
    );
    await manager.query(
      `INSERT INTO directive_points (directive_id, no, text)
       SELECT $1, p.no, p.text FROM unnest($2::int[], $3::text[]) AS p(no, text)`,
      [row.id, directive.points.map((p) => p.no), directive.points.map((p) => p.text)],
    );
    return row.id;
  }
}

function toRecord(row: DirectiveRow): DirectiveRecord {
  return {
    id: row.id,
    symbol: row.symbol,
    issuedAt: row.issued_at,
    issuer: row.issuer,
    title: row.title,
    recipients: row.recipients,
    createdAt: row.created_at,
    points: row.points,
  };
}
