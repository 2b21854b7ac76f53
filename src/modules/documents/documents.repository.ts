import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/**
 * The one place `document_registers` and `register_entries` are written, with the few reads
 * numbering a document needs (attachments, signer, unit names).
 */
@Injectable()
export class DocumentsRepository {
  async hasAttachment(manager: EntityManager, instanceId: string): Promise<boolean> {
    const [scan] = await manager.query<unknown[]>(
      `SELECT 1 FROM attachments WHERE instance_id = $1 LIMIT 1`,
      [instanceId],
    );
    return scan !== undefined;
  }

  async userFullName(manager: EntityManager, userId: string): Promise<string | null> {
    const [signer] = await manager.query<Array<{ full_name: string }>>(
      `SELECT full_name FROM users WHERE id = $1`,
      [userId],
    );
    return signer?.full_name ?? null;
  }

  async unitNames(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await manager.query<Array<{ id: string; name: string }>>(
      `SELECT id, name FROM org_units WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /**
   * Takes the next number of a register, creating the register at 1. The row lock it leaves
   * queues racing promulgations until the caller's transaction ends; a rollback gives it back.
   */
  /**
   * Who last moved the case on from `state` (the co-signer of that step), their unit's name and
   * the data they sent; null when nobody has.
   */
  async lastActorLeaving(
    manager: EntityManager,
    instanceId: string,
    state: string,
  ): Promise<{ fullName: string; unitName: string; data: Record<string, unknown> | null } | null> {
    const [row] = await manager.query<
      Array<{ full_name: string; unit_name: string; data: Record<string, unknown> | null }>
    >(
      `SELECT u.full_name, o.name AS unit_name, h.data
         FROM history_events h
         JOIN users u ON u.id = h.actor_id
         JOIN org_units o ON o.id = h.actor_org_unit_id
        WHERE h.instance_id = $1 AND h.from_state = $2 AND h.to_state <> $2
        ORDER BY h.seq DESC LIMIT 1`,
      [instanceId, state],
    );
    return row ? { fullName: row.full_name, unitName: row.unit_name, data: row.data } : null;
  }

  async takeNextNumber(
    manager: EntityManager,
    register: { issuingUnitId: string; documentType: string; year: number },
  ): Promise<{ registerId: string; number: number }> {
    const [row] = await manager.query<Array<{ id: string; last_number: number }>>(
      `INSERT INTO document_registers (issuing_unit_id, document_type, year, last_number)
       VALUES ($1, $2, $3, 1)
       ON CONFLICT (issuing_unit_id, document_type, year)
         DO UPDATE SET last_number = document_registers.last_number + 1
       RETURNING id, last_number`,
      [register.issuingUnitId, register.documentType, register.year],
    );
    return { registerId: row.id, number: row.last_number };
  }

  /** How many registers a unit issues from (a handover closes them as they stand). */
  async countRegistersOf(manager: EntityManager, unitId: string): Promise<number> {
    const [row] = await manager.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM document_registers WHERE issuing_unit_id = $1`,
      [unitId],
    );
    return row.count;
  }

  async addEntry(
    manager: EntityManager,
    entry: {
      registerId: string;
      number: number;
      instanceId: string;
      symbol: string;
      issuedAt: string;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO register_entries (register_id, number, instance_id, symbol, issued_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [entry.registerId, entry.number, entry.instanceId, entry.symbol, entry.issuedAt],
    );
  }
}
