import { Injectable } from '@nestjs/common';
import { type FormCheck, isLargeDocument, validateForm } from '../../forms/form-validator';
import { throwIfFormInvalid } from '../../workflows/engine/command-planner';
import { AppConfigService } from '../../config/app-config.service';
import { containsLargeJson, toWire } from '../../common/json/large-json';
import { HeavyWorkService } from './heavy-work.service';

/**
 * Validates form data the API receives (a command, an instance's first data): inline when the
 * document is small (the usual case, a few fields, no thread hop), on the heavy-work threads when
 * it is large, so a several-megabyte body (32,000 rows) never holds the event loop that answers
 * `/health` and the inbox. A large document that needs more than the budget is refused with 422.
 */
@Injectable()
export class FormChecksService {
  private readonly inlineMaxNodes: number;

  constructor(
    private readonly heavyWork: HeavyWorkService,
    config: AppConfigService,
  ) {
    this.inlineMaxNodes = config.get('FORM_INLINE_MAX_NODES');
  }

  /** @throws DomainError `form-invalid` (422) with the field errors; see {@link HeavyWorkService.run} */
  async assertValid(check: FormCheck | null): Promise<void> {
    if (check === null) return;
    const { data, ...rest } = check;
    // Data with values still as JSON text (a big body parsed off the loop) is large by design.
    const errors =
      containsLargeJson(data) || isLargeDocument(data, this.inlineMaxNodes)
        ? await this.heavyWork.run(
            { kind: 'validate-form', check: rest, data: toWire(data) },
            'input',
            'Form data',
          )
        : validateForm(check.cacheKey, check.schema, data, check.mode);
    throwIfFormInvalid(errors);
  }
}
