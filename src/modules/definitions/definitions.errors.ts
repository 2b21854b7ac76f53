import { DomainError, type ErrorDetail, NotFoundError } from '../../common/errors/domain-error';
import { type DefinitionProblem } from '../../workflows/engine/definition-validator';

export class DefinitionNotFoundError extends NotFoundError {
  constructor(key: string, version?: number) {
    super(
      version === undefined ? 'Workflow definition' : 'Workflow definition version',
      version === undefined ? key : `${key}@${version}`,
    );
  }
}

/** The document fails validation; each problem's path is a JSON pointer (under `pathPrefix`). */
export class DefinitionInvalidError extends DomainError {
  constructor(problems: readonly DefinitionProblem[], pathPrefix = '') {
    super(
      'definition-invalid',
      'The workflow definition is invalid',
      problems.map((problem) => ({ ...problem, path: `${pathPrefix}${problem.path}` })),
    );
  }
}

/** A request that is well-formed JSON but asks for something that cannot be done. */
export class DefinitionRequestError extends DomainError {
  constructor(message: string, details: readonly ErrorDetail[]) {
    super('validation-failed', message, details);
  }
}
