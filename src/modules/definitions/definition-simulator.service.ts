import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { type RunnableDefinition } from '../../workflows/engine/command-planner';
import { type OrgDirectory } from '../../workflows/engine/org-directory';
import {
  type SimulatedActor,
  type SimulationResult,
} from '../../workflows/engine/workflow-simulator';
import { HeavyWorkService } from '../heavy-work/heavy-work.service';
import { OrgUnitsService } from '../org-units/org-units.service';
import { UsersService } from '../users/users.service';
import { DefinitionRequestError, type RequestMessage } from './definitions.errors';
import { DefinitionsService } from './definitions.service';
import { type SimulateDefinitionDto, type SimulatedActorSpec } from './dto/simulate.dto';
import { HolidaysService } from '../holidays/holidays.service';
import { type JsonObject } from '../../common/json/json.types';

/**
 * Dry runs of a definition (draft or published) against the real organisation and real users.
 * The decisions are the command pipeline's own; nothing is written.
 */
@Injectable()
export class DefinitionSimulator {
  constructor(
    private readonly definitions: DefinitionsService,
    private readonly orgUnits: OrgUnitsService,
    private readonly users: UsersService,
    private readonly holidays: HolidaysService,
    private readonly clock: Clock,
    private readonly heavyWork: HeavyWorkService,
  ) {}

  async simulate(dto: SimulateDefinitionDto): Promise<SimulationResult> {
    const definition = await this.definitionFor(dto);
    const directory = await this.orgUnits.directory();
    if (!directory.unit(dto.orgUnitId)) {
      throw new DefinitionRequestError(
        { code: 'unknown-unit', params: { unitId: dto.orgUnitId } },
        [{ path: '/orgUnitId', code: 'no-such-unit' }],
      );
    }
    const actors = await this.actorsFor(
      dto.steps.map((step) => step.actor),
      directory,
    );
    // Parsed from a JSON body, so the data is JSON by construction.
    const commands = dto.steps.map((step, index) => ({
      actor: actors[index],
      type: step.type,
      data: step.data as JsonObject | undefined,
      comment: step.comment,
    }));
    const start = { orgUnitId: dto.orgUnitId, data: (dto.data ?? {}) as JsonObject };
    // Every step plans a command and a large definition has many: the run goes to the heavy-work
    // threads, within their budget (422 when a definition and its steps need more).
    return this.heavyWork.run(
      {
        kind: 'simulate',
        cacheKey: definition.cacheKey,
        document: definition.document,
        directory: directory.toData(),
        start,
        commands,
        now: this.clock.now(),
        calendar: await this.holidays.calendar(),
      },
      'input',
      'The simulation',
    );
  }

  private async definitionFor(dto: SimulateDefinitionDto): Promise<RunnableDefinition> {
    if (dto.definition !== undefined) {
      if (dto.key !== undefined || dto.version !== undefined) {
        throw new DefinitionRequestError({ code: 'definition-and-key' }, [
          { path: '/definition', code: 'definition-or-key-detail' },
        ]);
      }
      return this.definitions.draftRunnable(dto.definition, '/definition');
    }
    if (dto.key === undefined) {
      throw new DefinitionRequestError({ code: 'definition-or-key-missing' }, [
        { path: '/key', code: 'definition-or-key-missing-detail' },
      ]);
    }
    const row =
      dto.version === undefined
        ? await this.definitions.latest(dto.key)
        : await this.definitions.version(dto.key, dto.version);
    return this.definitions.runnable(row.id);
  }

  /** Resolves every step's actor, reporting all unknown ones at once. */
  private async actorsFor(
    specs: readonly SimulatedActorSpec[],
    directory: OrgDirectory,
  ): Promise<SimulatedActor[]> {
    const usernames = [...new Set(specs.filter((spec) => typeof spec === 'string'))];
    const users = new Map(
      await Promise.all(
        usernames.map(async (name) => [name, await this.users.findActiveByUsername(name)] as const),
      ),
    );
    const problems: Array<{ path: string } & RequestMessage> = [];
    const actors: SimulatedActor[] = [];
    specs.forEach((spec, index) => {
      const path = `/steps/${index}/actor`;
      if (typeof spec === 'string') {
        const user = users.get(spec);
        if (user) {
          actors.push({
            id: user.id,
            orgUnitId: user.orgUnitId,
            capabilities: user.capabilities,
            label: user.username,
          });
        } else {
          problems.push({ path, code: 'no-active-user', params: { username: spec } });
        }
        return;
      }
      const unit = directory.unit(spec.orgUnitId);
      const capabilities = spec.capabilities ?? [];
      if (unit) {
        const label = `${unit.slug}[${capabilities.join(',')}]`;
        actors.push({ id: `simulated:${label}`, orgUnitId: unit.id, capabilities, label });
      } else {
        problems.push({ path: `${path}/orgUnitId`, code: 'no-such-unit' });
      }
    });
    if (problems.length > 0) {
      throw new DefinitionRequestError({ code: 'unknown-actors' }, problems);
    }
    return actors;
  }
}
