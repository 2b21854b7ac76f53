import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InMemoryOrgDirectory } from '../../workflows/engine/in-memory-org-directory';
import { type OrgDirectory } from '../../workflows/engine/org-directory';
import { OrgUnit } from './org-unit.entity';
import { OrgUnitKind } from './org-unit-kind.entity';

/** How long a process trusts its copy of the organisation before reloading it. */
const DIRECTORY_TTL_MS = 30_000;

/**
 * The organisation tree. Routing reads it on every command, and it changes rarely, so each
 * process keeps an in-memory directory that expires quickly and is dropped on every change.
 */
@Injectable()
export class OrgUnitsService {
  private cached?: { directory: OrgDirectory; loadedAt: number };

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(): Promise<OrgUnit[]> {
    return this.dataSource.getRepository(OrgUnit).find({ order: { slug: 'ASC' } });
  }

  listKinds(): Promise<OrgUnitKind[]> {
    return this.dataSource.getRepository(OrgUnitKind).find({ order: { key: 'ASC' } });
  }

  async directory(): Promise<OrgDirectory> {
    if (this.cached && Date.now() - this.cached.loadedAt < DIRECTORY_TTL_MS) {
      return this.cached.directory;
    }
    const [units, kinds] = await Promise.all([this.list(), this.listKinds()]);
    const directory = new InMemoryOrgDirectory(
      units.map(({ id, slug, kind, parentId }) => ({ id, slug, kind, parentId })),
      kinds.filter((k) => k.isJurisdiction).map((k) => k.key),
      kinds.map((k) => k.key),
    );
    this.cached = { directory, loadedAt: Date.now() };
    return directory;
  }

  /** Drops the cached directory (after an admin change to units). */
  invalidate(): void {
    this.cached = undefined;
  }
}
