import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { type DiagramLanguage } from '../../workflows/diagram/definition-diagram';
import { pathHighlight } from '../../workflows/diagram/instance-path';
import { DefinitionDiagramsService } from '../definitions/definition-diagrams.service';
import { DefinitionsService } from '../definitions/definitions.service';
import { PLACEMENT_EVENTS } from '../history/history-event-types';
import { HistoryService } from '../history/history.service';
import { InstancesService } from './instances.service';

/** An instance's definition version drawn with where the instance is and the way it came. */
@Injectable()
export class InstanceDiagramService {
  constructor(
    private readonly instances: InstancesService,
    private readonly definitions: DefinitionsService,
    private readonly history: HistoryService,
    private readonly diagrams: DefinitionDiagramsService,
  ) {}

  async render(user: AuthenticatedUser, id: string, language: DiagramLanguage): Promise<string> {
    const instance = await this.instances.findReadable(user, id);
    const [definition, events] = await Promise.all([
      this.definitions.runnable(instance.definitionId),
      this.history.list(instance.id),
    ]);
    // Cached per version and path: instances that went the same way share one drawing.
    return this.diagrams.published(definition.row, {
      language,
      highlight: { currentState: instance.state, ...pathHighlight(events, PLACEMENT_EVENTS) },
    });
  }
}
