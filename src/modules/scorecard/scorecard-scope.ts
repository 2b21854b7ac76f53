import { jurisdictionOf } from '../../workflows/engine/assignment-resolver';
import { type WorkflowDefinitionDocument } from '../../workflows/engine/definition.types';
import { type OrgDirectory, type OrgUnitNode } from '../../workflows/engine/org-directory';
import { subtreeOf } from '../org-units/org-tree';

/** Units whose officials follow and direct the work: the Dân vận Board and the Standing bodies. */
export const MONITORING_UNIT_KINDS: ReadonlySet<string> = new Set([
  'mass-mobilization-board',
  'standing-board',
  'standing-committee',
]);

/** The jurisdictions a scorecard has rows for, and which of them are communes (leaves). */
export interface ScorecardScope {
  jurisdictions: OrgUnitNode[];
  leaves: ReadonlySet<string>;
}

/**
 * The jurisdictions under `roots` (each root included). A leaf jurisdiction — one with no
 * jurisdiction below it, a commune in the demo district — is where work is expected to start.
 */
export function scorecardScope(roots: readonly string[], directory: OrgDirectory): ScorecardScope {
  const jurisdictions = roots
    .flatMap((root) => subtreeOf(root, directory))
    .filter((unit) => directory.isJurisdictionKind(unit.kind));
  const parents = new Set<string>();
  for (const unit of jurisdictions) {
    const parent = unit.parentId ? jurisdictionOf(unit.parentId, directory) : null;
    if (parent) parents.add(parent.id);
  }
  return {
    jurisdictions,
    leaves: new Set(jurisdictions.filter((j) => !parents.has(j.id)).map((j) => j.id)),
  };
}

/**
 * Whether every commune is expected to run the workflow: its route passes through a body of the
 * instance's own jurisdiction (`relation: "jurisdiction"`, e.g. the commune Party committee's
 * review). Ad-hoc exchanges and the district's periodic report are not commune duties, so a
 * commune without one is not "not started".
 */
export function expectedOfCommunes(document: WorkflowDefinitionDocument): boolean {
  return Object.values(document.states).some(
    (state) => state.assignment?.unit.relation === 'jurisdiction',
  );
}
