import { Injectable } from '@nestjs/common';
import { type EntityManager, QueryFailedError } from 'typeorm';
import { affectedRows } from '../../database/affected-rows';
import { requiredUserRef, type UserRefDto } from '../users/dto/user-ref.dto';
import { type InboxFiltersDto } from './dto/inbox.dto';

/** A saved inbox view with its owner. */
export interface InboxView {
  id: string;
  name: string;
  filters: InboxFiltersDto;
  owner: UserRefDto;
  sharedWithUnitId: string | null;
  sharedWithRole: string | null;
  createdAt: Date;
}

/** Who is looking: views are visible to their owner and to the unit or role they are shared with. */
export interface ViewViewer {
  id: string;
  orgUnitId: string;
  /** Roles and capabilities. */
  roles: readonly string[];
}

export interface NewInboxView {
  ownerId: string;
  name: string;
  filters: InboxFiltersDto;
  sharedWithUnitId: string | null;
  sharedWithRole: string | null;
}

interface ViewRow {
  id: string;
  name: string;
  filters: InboxFiltersDto;
  owner_id: string;
  owner_username: string;
  owner_full_name: string;
  shared_with_unit_id: string | null;
  shared_with_role: string | null;
  created_at: Date;
}

const SELECT_VIEW = `
  SELECT v.id, v.name, v.filters, v.shared_with_unit_id, v.shared_with_role, v.created_at,
         u.id AS owner_id, u.username AS owner_username, u.full_name AS owner_full_name
    FROM inbox_views v JOIN users u ON u.id = v.owner_id`;

// $1 the viewer, $2 their unit, $3 their roles and capabilities.
const VISIBLE = `(v.owner_id = $1 OR (
    (v.shared_with_unit_id IS NOT NULL OR v.shared_with_role IS NOT NULL)
    AND (v.shared_with_unit_id IS NULL OR v.shared_with_unit_id = $2)
    AND (v.shared_with_role IS NULL OR v.shared_with_role = ANY($3::text[]))))`;

/** The one place `inbox_views` is read and written. */
@Injectable()
export class InboxViewsRepository {
  /** Inserts the view and returns its id; null when the owner already has a view of that name. */
  async insert(manager: EntityManager, view: NewInboxView): Promise<string | null> {
    try {
      const [{ id }] = await manager.query<Array<{ id: string }>>(
        `INSERT INTO inbox_views (owner_id, name, filters, shared_with_unit_id, shared_with_role)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [view.ownerId, view.name, view.filters, view.sharedWithUnitId, view.sharedWithRole],
      );
      return id;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** The viewer's own views, then those shared with their unit or role, by name. */
  async listVisible(
    manager: EntityManager,
    viewer: ViewViewer,
    limit: number,
  ): Promise<InboxView[]> {
    const rows = await manager.query<ViewRow[]>(
      `${SELECT_VIEW} WHERE ${VISIBLE}
        ORDER BY (v.owner_id = $1) DESC, v.name, v.id LIMIT ${limit}`,
      visibilityParams(viewer),
    );
    return rows.map(toView);
  }

  async findVisible(
    manager: EntityManager,
    viewer: ViewViewer,
    id: string,
  ): Promise<InboxView | null> {
    const [row] = await manager.query<ViewRow[]>(`${SELECT_VIEW} WHERE v.id = $4 AND ${VISIBLE}`, [
      ...visibilityParams(viewer),
      id,
    ]);
    return row ? toView(row) : null;
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM inbox_views WHERE id = $1`, [id]);
  }

  /** A unit handover: views shared with the unit are shared with its successor; how many. */
  reshareWithUnit(manager: EntityManager, fromId: string, toId: string): Promise<number> {
    return affectedRows(
      manager,
      `UPDATE inbox_views SET shared_with_unit_id = $2 WHERE shared_with_unit_id = $1`,
      [fromId, toId],
    );
  }
}

function visibilityParams(viewer: ViewViewer): unknown[] {
  return [viewer.id, viewer.orgUnitId, [...viewer.roles]];
}

function toView(row: ViewRow): InboxView {
  return {
    id: row.id,
    name: row.name,
    filters: row.filters,
    owner: requiredUserRef(row.owner_id, row.owner_username, row.owner_full_name),
    sharedWithUnitId: row.shared_with_unit_id,
    sharedWithRole: row.shared_with_role,
    createdAt: row.created_at,
  };
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError: unknown = (error as { driverError?: unknown }).driverError;
  return (
    typeof driverError === 'object' &&
    driverError !== null &&
    (driverError as { code?: unknown }).code === '23505'
  );
}
