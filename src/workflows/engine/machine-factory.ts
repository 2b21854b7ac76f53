import { type LRUCache } from 'lru-cache';
import { boundedCache, getOrCreate } from '../../common/cache/lru';
import { createWorkflowMachine, type WorkflowMachine } from '../registry/workflow-registry';
import type { WorkflowDefinitionDocument } from './definition.types';

const DEFAULT_CAPACITY = 256;

/**
 * Builds machines from definition documents and keeps the most recently used ones, so a published
 * version is built once per process rather than once per command.
 */
export class MachineFactory {
  private readonly machines: LRUCache<string, WorkflowMachine>;

  constructor(capacity: number = DEFAULT_CAPACITY) {
    this.machines = boundedCache(capacity);
  }

  /**
   * The machine for the document under `cacheKey`, built on first use. The key is the caller's
   * promise that the document behind it never changes (e.g. `${key}@${version}` of a published
   * version); build drafts with {@link MachineFactory.build} instead.
   */
  machineFor(cacheKey: string, definition: WorkflowDefinitionDocument): WorkflowMachine {
    return getOrCreate(this.machines, cacheKey, () => createWorkflowMachine(definition));
  }

  /** Builds without caching, for drafts and validation. */
  build(definition: WorkflowDefinitionDocument): WorkflowMachine {
    return createWorkflowMachine(definition);
  }

  get size(): number {
    return this.machines.size;
  }
}
