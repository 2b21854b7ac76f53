import { resolveAssignedUnit } from './assignment-resolver';
import { type WorkflowDefinitionDocument } from './definition.types';
import { type OrgDirectory } from './org-directory';
import { ownEntry } from './own-entry';
import { type JsonObject } from '../../common/json/json.types';

/**
 * The units a state's `copies` send the case to (nơi nhận), in the order the definition names
 * them, each once. A unit that the organisation does not know, that was merged or retired, or that
 * owns the case itself is left out: a copy gives read and comment to a unit outside the route,
 * nothing more.
 */
export function copyRecipients(
  document: WorkflowDefinitionDocument,
  state: string,
  instanceUnitId: string,
  data: JsonObject,
  directory: OrgDirectory,
): string[] {
  const specs = ownEntry(document.states, state)?.copies ?? [];
  const ids: string[] = [];
  for (const { unit } of specs) {
    if (unit.relation === 'field') {
      // A field may hold one unit id or the list the drafter named ("Nơi nhận").
      const value = data[unit.field];
      const values = Array.isArray(value) ? value : [value];
      ids.push(...values.filter((v): v is string => typeof v === 'string'));
    } else {
      const id = resolveAssignedUnit(unit, instanceUnitId, data, directory);
      if (id) ids.push(id);
    }
  }
  return [...new Set(ids)].filter((id) => {
    const node = directory.unit(id);
    return node !== undefined && !node.retired && id !== instanceUnitId;
  });
}
