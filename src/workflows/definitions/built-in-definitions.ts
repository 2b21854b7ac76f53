import type { WorkflowDefinitionDocument } from '../engine/definition.types';
import annualSummary from './annual-summary.json';
import informationExchange from './information-exchange.json';
import jointActivityPlan from './joint-activity-plan.json';
import jointRegulation from './joint-regulation.json';
import periodicReport from './periodic-report.json';
import regulationReview from './regulation-review.json';

/**
 * TypeScript widens the literals of an imported JSON file (`"final"` becomes `string`), so the files
 * cannot be typed as definitions directly. The unit test runs them through the definition validator;
 * this helper only states the type once, without `any`.
 */
function definition(json: object): WorkflowDefinitionDocument {
  return json as WorkflowDefinitionDocument;
}

/**
 * The workflows that carry out each point of the directive letter, seeded by `npm run setup`.
 * Keys are stable: instances and inbox filters refer to them.
 */
export const BUILT_IN_DEFINITIONS: readonly WorkflowDefinitionDocument[] = Object.freeze([
  definition(regulationReview),
  definition(jointActivityPlan),
  definition(annualSummary),
  definition(periodicReport),
  definition(informationExchange),
  definition(jointRegulation),
]);
