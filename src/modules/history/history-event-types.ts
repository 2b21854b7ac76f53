/** The first event of every instance's history: the instance was started in its initial state. */
export const CREATED_EVENT = 'CREATED';

/** An admin moved the instance onto another version of its definition (no transition ran). */
export const MIGRATED_EVENT = 'MIGRATED';

/** Events that place an instance in a state rather than take a transition of its machine. */
export const PLACEMENT_EVENTS: ReadonlySet<string> = new Set([CREATED_EVENT, MIGRATED_EVENT]);

/**
 * A file was attached: recorded in the hash chain (with its SHA-256) and counted in the version
 * like every history event, but no transition ran and the state stays.
 */
export const ATTACHMENT_ADDED_EVENT = 'ATTACHMENT_ADDED';

/** Events that send a case back to an earlier step (a return for revision, a rejection). */
export const SEND_BACK_EVENTS: readonly string[] = ['RETURN', 'REJECT'];

/**
 * An admin merged or retired a unit and this case's open work went to the successor unit (the
 * 2025 reorganisation): no transition ran and the state stays.
 */
export const UNIT_HANDED_OVER_EVENT = 'UNIT_HANDED_OVER';

/**
 * A periodic report's pre-filled figures were recomputed while the Board was still drafting it:
 * the data changed, no transition ran and the state stays.
 */
export const REPORT_REFRESHED_EVENT = 'REPORT_REFRESHED';
