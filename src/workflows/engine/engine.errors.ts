/** Base of the errors the pure engine throws; `code` lets the HTTP layer map them without parsing text. */
export abstract class WorkflowEngineError extends Error {
  abstract readonly code: string;
}

/** The unit an instance was asked to start for is not in the organisation. */
export class OrgUnitNotFoundError extends WorkflowEngineError {
  readonly code = 'ORG_UNIT_NOT_FOUND';

  constructor(readonly unitId: string) {
    super(`Organisation unit ${unitId} does not exist`);
  }
}

/** The unit has no jurisdiction above it (or is not one), so no route can be computed for it. */
export class OrgUnitWithoutJurisdictionError extends WorkflowEngineError {
  readonly code = 'ORG_UNIT_WITHOUT_JURISDICTION';

  constructor(readonly unitId: string) {
    super(`Organisation unit ${unitId} lies in no jurisdiction`);
  }
}

/** A stored snapshot does not fit the definition version it claims (corrupt row or wrong version). */
export class InvalidSnapshotError extends WorkflowEngineError {
  readonly code = 'INVALID_SNAPSHOT';
}
