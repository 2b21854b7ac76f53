import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource, type EntityManager } from 'typeorm';
import { InMemoryOrgDirectory } from '../../workflows/engine/in-memory-org-directory';
import { type OrgUnit } from './org-unit.entity';
import { type OrgUnitKind } from './org-unit-kind.entity';
import { OrgUnitsRepository } from './org-units.repository';

/** How long a process trusts its copy of the organisation before reloading it. */
const DIRECTORY_TTL_MS = 30_000;
const DIRECTORY_KEY = 'directory';

/**
 * The organisation tree. Routing reads it on every command, and it changes rarely, so each
 * process keeps an in-memory directory that expires quickly and is dropped on every change.
 */
@Injectable()
export class OrgUnitsService {
  private readonly cache = new LRUCache<string, InMemoryOrgDirectory>({
    max: 1,
    ttl: DIRECTORY_TTL_MS,
  });
  /** The unit kinds that read their own chain (the Front), loaded with the directory. */
  private readonly chainKinds = new LRUCache<string, ReadonlySet<string>>({
    max: 1,
    ttl: DIRECTORY_TTL_MS,
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: OrgUnitsRepository,
  ) {}

  /** Every unit, by slug, read outside any transaction. */
  list(): Promise<OrgUnit[]> {
    return this.repository.list(this.dataSource.manager);
  }

  /** Every unit kind, by key, read outside any transaction. */
  listKinds(): Promise<OrgUnitKind[]> {
    return this.repository.listKinds(this.dataSource.manager);
  }

  /** The cached directory, reloaded when stale (outside any transaction). */
  async directory(): Promise<InMemoryOrgDirectory> {
    const hit = this.cache.get(DIRECTORY_KEY);
    if (hit) return hit;
    const manager = this.dataSource.manager;
    const [units, kinds] = await Promise.all([
      this.repository.list(manager),
      this.repository.listKinds(manager),
    ]);
    return this.remember(units, kinds);
  }

  /**
   * The cached directory, reloaded on the transaction's own connection when stale: a reload must
   * not wait for a second pooled connection while the transaction holds one, or enough concurrent
   * transactions (workers) would exhaust the pool and wait on each other for ever.
   */
  async directoryIn(manager: EntityManager): Promise<InMemoryOrgDirectory> {
    const hit = this.cache.get(DIRECTORY_KEY);
    if (hit) return hit;
    const units = await this.repository.list(manager);
    const kinds = await this.repository.listKinds(manager);
    return this.remember(units, kinds);
  }

  /** Drops the cached directory (after an admin change to units). */
  invalidate(): void {
    this.cache.clear();
    this.chainKinds.clear();
  }

  /** The unit kinds that read their own chain (the Front), cached with the directory. */
  async chainReadingKinds(): Promise<ReadonlySet<string>> {
    const hit = this.chainKinds.get(DIRECTORY_KEY);
    if (hit) return hit;
    this.cache.clear();
    await this.directory();
    return this.chainKinds.get(DIRECTORY_KEY) ?? new Set();
  }

  private remember(units: OrgUnit[], kinds: OrgUnitKind[]): InMemoryOrgDirectory {
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
    this.cache.set(DIRECTORY_KEY, directory);
    this.chainKinds.set(
      DIRECTORY_KEY,
      new Set(kinds.filter((k) => k.readsOwnChain).map((k) => k.key)),
    );
    return directory;
  }
}
