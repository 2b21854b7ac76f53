import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
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
  private cached?: { directory: OrgDirectory; chainKinds: ReadonlySet<string>; loadedAt: number };

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(manager: EntityManager = this.dataSource.manager): Promise<OrgUnit[]> {
    return manager.getRepository(OrgUnit).find({ order: { slug: 'ASC' } });
  }

  listKinds(manager: EntityManager = this.dataSource.manager): Promise<OrgUnitKind[]> {
    return manager.getRepository(OrgUnitKind).find({ order: { key: 'ASC' } });
  }

  /**
   * The cached directory, reloaded when stale. Inside a transaction pass its manager: a reload must
   * not wait for a second pooled connection while the transaction holds one, or enough concurrent
   * transactions (workers) would exhaust the pool and wait on each other for ever.
   */
  async directory(manager?: EntityManager): Promise<OrgDirectory> {
    if (this.cached && Date.now() - this.cached.loadedAt < DIRECTORY_TTL_MS) {
      return this.cached.directory;
    }
    const [units, kinds] = manager
      ? [await this.list(manager), await this.listKinds(manager)]
      : await Promise.all([this.list(), this.listKinds()]);
    const directory = new InMemoryOrgDirectory(
      units.map(({ id, slug, kind, parentId, retiredAt }) => ({
        id,
        slug,
        kind,
        parentId,
        retired: retiredAt !== null,
      })),
      kinds.filter((k) => k.isJurisdiction).map((k) => k.key),
      kinds.map((k) => k.key),
    );
    this.cached = {
      directory,
      chainKinds: new Set(kinds.filter((k) => k.readsOwnChain).map((k) => k.key)),
      loadedAt: Date.now(),
    };
    return directory;
  }

  /** The unit kinds that read their own chain (the Front), as cached with the directory. */
  async chainReadingKinds(manager?: EntityManager): Promise<ReadonlySet<string>> {
    await this.directory(manager);
    return this.cached?.chainKinds ?? new Set();
  }

  /** Drops the cached directory (after an admin change to units). */
  invalidate(): void {
    this.cached = undefined;
  }
}
