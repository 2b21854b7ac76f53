import { type EntityManager } from 'typeorm';
import { resolveAssignedUnit } from '../../workflows/engine/assignment-resolver';
import { type OrgDirectory } from '../../workflows/engine/org-directory';
import { type PeriodicReportsRepository } from './periodic-reports.repository';

/** The unit kind that follows the work and writes the periodic report (Ban Dân vận). */
export const REPORTING_BOARD_KIND = 'mass-mobilization-board';

/**
 * Unit kinds the report accounts for at the board's own level besides the communes below it: the
 * Front, the socio-political organisations and the Dân vận Board itself.
 */
export const LEVEL_ORGANISATION_KINDS: ReadonlySet<string> = new Set([
  'fatherland-front',
  'mass-organization',
  REPORTING_BOARD_KIND,
]);

/**
 * The Dân vận Board of the topmost jurisdiction (the Huyện ủy's in a district, the Tỉnh ủy's in a
 * two-tier province): the one that reports to its Standing Board on every commune below.
 */
export async function findReportingBoard(
  repository: PeriodicReportsRepository,
  manager: EntityManager,
  directory: OrgDirectory,
): Promise<string | null> {
  for (const id of await repository.rootUnitIds(manager)) {
    const board = resolveAssignedUnit(
      { relation: 'root', kind: REPORTING_BOARD_KIND },
      id,
      {},
      directory,
    );
    if (board) return board;
  }
  return null;
}
