import { jurisdictionOf, resolveAssignedUnit } from './assignment-resolver';
import type { OrgDirectory, OrgUnitNode } from './org-directory';

/** The unit kinds escalation climbs through: Party committees lead every unit of their level. */
export const LEADING_COMMITTEE_KIND = 'party-committee';
/** The committee's standing body, which handles its day-to-day direction when it has one. */
export const COMMITTEE_STANDING_BOARD_KIND = 'standing-board';

/**
 * Which unit an overdue task escalates to: "the unit above" the assignee, in the Party's line of
 * leadership, so the same rule holds for district–commune and province–commune hierarchies.
 *
 * - A unit led by its jurisdiction's Party committee (a commune's Front, organisations and People's
 *   Committee; a district's boards, departments and organisations) escalates to that committee.
 * - The committee itself (or its standing board) escalates to the committee of the jurisdiction
 *   above — a commune's Đảng ủy to the Huyện ủy.
 * - A committee is reached through its standing board when it has one (the Thường trực Huyện ủy
 *   acts for the Huyện ủy day to day), else directly (a commune Đảng ủy).
 *
 * Null when there is nothing above (the top jurisdiction's committee) or the organisation has no
 * committee where one is needed; the task is then only marked overdue.
 */
export function escalationTargetFor(
  assigneeUnitId: string,
  directory: OrgDirectory,
): string | null {
  const jurisdiction = jurisdictionOf(assigneeUnitId, directory);
  if (!jurisdiction) return null;
  const committee = committeeOf(jurisdiction.id, directory);
  if (committee && !isCommitteeItself(assigneeUnitId, committee, directory)) {
    return actingBodyOf(committee, directory);
  }
  const parent = jurisdiction.parentId ? jurisdictionOf(jurisdiction.parentId, directory) : null;
  if (!parent || parent.id === jurisdiction.id) return null;
  const above = committeeOf(parent.id, directory);
  return above ? actingBodyOf(above, directory) : null;
}

function committeeOf(jurisdictionId: string, directory: OrgDirectory): OrgUnitNode | null {
  const id = resolveAssignedUnit(
    { relation: 'jurisdiction', kind: LEADING_COMMITTEE_KIND },
    jurisdictionId,
    {},
    directory,
  );
  return id ? (directory.unit(id) ?? null) : null;
}

function actingBodyOf(committee: OrgUnitNode, directory: OrgDirectory): string {
  const board = directory
    .children(committee.id)
    .find((unit) => unit.kind === COMMITTEE_STANDING_BOARD_KIND);
  return (board ?? committee).id;
}

/** The committee or its standing board: those answer to the committee of the level above. */
function isCommitteeItself(
  unitId: string,
  committee: OrgUnitNode,
  directory: OrgDirectory,
): boolean {
  if (unitId === committee.id) return true;
  const unit = directory.unit(unitId);
  return unit?.parentId === committee.id && unit.kind === COMMITTEE_STANDING_BOARD_KIND;
}
