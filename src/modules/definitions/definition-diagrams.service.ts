import { Injectable } from '@nestjs/common';
import { type LRUCache } from 'lru-cache';
import { boundedCache, getOrCreate } from '../../common/cache/lru';
import { AppConfigService } from '../../config/app-config.service';
import type { RenderDiagramOptions } from '../../workflows/diagram/definition-diagram';
import type { WorkflowDefinitionDocument } from '../../workflows/engine/definition.types';
import { HeavyWorkService } from '../heavy-work/heavy-work.service';
import { DefinitionInvalidError } from './definitions.errors';
import { DefinitionsService } from './definitions.service';

/**
 * Diagrams of definitions, laid out on the heavy-work threads. A published version never changes,
 * so each (version, options) is drawn once and kept; concurrent requests share one computation.
 */
@Injectable()
export class DefinitionDiagramsService {
  private readonly cache: LRUCache<string, Promise<string>>;

  constructor(
    private readonly heavyWork: HeavyWorkService,
    private readonly definitions: DefinitionsService,
    config: AppConfigService,
  ) {
    this.cache = boundedCache(config.get('DIAGRAM_CACHE_SIZE'));
  }

  /** A published version's diagram (`key@version`), computed at most once per options. */
  published(
    version: { key: string; version: number; document: WorkflowDefinitionDocument },
    options: RenderDiagramOptions,
  ): Promise<string> {
    const cacheKey = `${version.key}@${version.version}:${JSON.stringify(options)}`;
    const svg = getOrCreate(this.cache, cacheKey, () =>
      this.heavyWork.run(
        { kind: 'diagram', document: version.document, options },
        'service',
        `The diagram of ${version.key}@${version.version}`,
      ),
    );
    // A refusal (budget, saturation) is not kept: the next request tries again.
    svg.catch(() => this.cache.delete(cacheKey));
    return svg;
  }

  /** A draft's diagram: validated and drawn off the event loop; an invalid draft is a 422. */
  async draft(document: unknown, options: RenderDiagramOptions): Promise<string> {
    const { problems, svg } = await this.heavyWork.run(
      {
        kind: 'validate-and-diagram',
        document,
        vocabulary: await this.definitions.vocabulary(),
        limits: this.definitions.limits,
        options,
      },
      'input',
      'The draft diagram',
    );
    if (svg === null) throw new DefinitionInvalidError(problems);
    return svg;
  }
}
