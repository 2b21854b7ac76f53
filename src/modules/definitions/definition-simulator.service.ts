import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { type ErrorDetail } from '../../common/errors/domain-error';
import { type RunnableDefinition } from '../../workflows/engine/command-planner';
import { type OrgDirectory } from '../../workflows/engine/org-directory';
import {
  type SimulatedActor,
  type SimulationResult,
  simulateWorkflow,
} from '../../workflows/engine/workflow-simulator';
import { OrgUnitsService } from '../org-units/org-units.service';
import { UsersService } from '../users/users.service';
import { DefinitionRequestError } from './definitions.errors';
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
  ) {}

  async simulate(dto: SimulateDefinitionDto): Promise<SimulationResult> {
    const definition = await this.definitionFor(dto);
    const directory = await this.orgUnits.directory();
    if (!directory.unit(dto.orgUnitId)) {
      throw new DefinitionRequestError(`Unknown org unit ${dto.orgUnitId}`, [
        { path: '/orgUnitId', message: 'No such unit' },
      ]);
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
    return simulateWorkflow(
      definition,
      directory,
      start,
      commands,
      this.clock.now(),
      await this.holidays.calendar(),
    );
  }

  private async definitionFor(dto: SimulateDefinitionDto): Promise<RunnableDefinition> {
    if (dto.definition !== undefined) {
      if (dto.key !== undefined || dto.version !== undefined) {
        throw new DefinitionRequestError('Give either a definition or a key, not both', [
          { path: '/definition', message: 'Either definition or key/version' },
        ]);
      }
      return this.definitions.draftRunnable(dto.definition, '/definition');
    }
    if (dto.key === undefined) {
      throw new DefinitionRequestError('A definition or a key is required', [
        { path: '/key', message: 'Give a definition document or the key of a published one' },
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
    const problems: ErrorDetail[] = [];
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
          problems.push({ path, message: `No active user "${spec}"` });
        }
        return;
      }
      const unit = directory.unit(spec.orgUnitId);
      const capabilities = spec.capabilities ?? [];
      if (unit) {
        const label = `${unit.slug}[${capabilities.join(',')}]`;
        actors.push({ id: `simulated:${label}`, orgUnitId: unit.id, capabilities, label });
      } else {
        problems.push({ path: `${path}/orgUnitId`, message: 'No such unit' });
      }
    });
    if (problems.length > 0) throw new DefinitionRequestError('Unknown actors', problems);
    return actors;
  }
}
