import { DomainError, type ErrorDetail, NotFoundError } from '../../common/errors/domain-error';
import { currentLanguage, formatMessage, type MessageParams } from '../../common/i18n/language';
import { type LocalizedText } from '../../common/json/json.types';
import { type DefinitionProblem } from '../../workflows/engine/definition-validator';
import {
  DEFINITION_REQUEST_MESSAGES,
  type DefinitionRequestMessageCode,
} from './definition-request-messages';

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

/** A message of {@link DEFINITION_REQUEST_MESSAGES} with its parameters. */
export interface RequestMessage {
  code: DefinitionRequestMessageCode;
  params?: MessageParams;
}

function bilingual({ code, params = {} }: RequestMessage): LocalizedText {
  const template = DEFINITION_REQUEST_MESSAGES[code];
  return { vi: formatMessage(template, params, 'vi'), en: formatMessage(template, params, 'en') };
}

/**
 * A request that is well-formed JSON but asks for something that cannot be done. The message and
 * each detail's are worded in the request's language; each detail also carries both (`messages`).
 */
export class DefinitionRequestError extends DomainError {
  constructor(message: RequestMessage, details: ReadonlyArray<{ path: string } & RequestMessage>) {
    const language = currentLanguage();
    super(
      'validation-failed',
      bilingual(message)[language],
      details.map((detail): ErrorDetail => {
        const messages = bilingual(detail);
        return { path: detail.path, message: messages[language], messages };
      }),
    );
  }
}
