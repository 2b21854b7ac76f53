import { type Language } from '../../common/i18n/language';
import {
  type RenderDiagramOptions,
  renderDefinitionDiagram,
} from '../../workflows/diagram/definition-diagram';
import type { WorkflowDefinitionDocument } from '../../workflows/engine/definition.types';
import {
  type DefinitionLimits,
  type DefinitionProblem,
  type DefinitionVocabulary,
  definitionSizeProblems,
  validateDefinition,
} from '../../workflows/engine/definition-validator';
import { type FormCheck, type FormFieldError, validateForm } from '../../forms/form-validator';
import type { ParsedOffThread } from '../../common/http/body-parsing';
import { fromWire, type WireJson } from '../../common/json/large-json';
import { parseJsonBody } from './json-body';
import { boundedCache, getOrCreate } from '../../common/cache/lru';
import { type ChainedEventFields, canonicalHash, hashEvent } from '../history/hash-chain';
import { searchableText } from '../../common/text/fold-diacritics';
import { type LogRecord, recordLeafHash } from '../transparency-log/log-leaf';
import { type JsonObject } from '../../common/json/json.types';
import { type WorkingCalendar } from '../../workflows/calendar/working-calendar';
import {
  InMemoryOrgDirectory,
  type OrgDirectoryData,
} from '../../workflows/engine/in-memory-org-directory';
import {
  type SimulatedCommand,
  type SimulationResult,
  simulateWorkflow,
} from '../../workflows/engine/workflow-simulator';
import {
  createWorkflowMachine,
  type WorkflowMachine,
} from '../../workflows/registry/workflow-registry';
import {
  type CandidateDefinition,
  importStatelyMachine,
  type StatelyImportInput,
} from '../../workflows/import/stately-import';

/**
 * The CPU-heavy tasks the worker threads run, as plain data in and out (structured clone). Each is
 * a pure function of its input, so a thread that overruns its budget can be killed at any point.
 */
export type HeavyTask =
  | { kind: 'ping' }
  | { kind: 'diagram'; document: WorkflowDefinitionDocument; options: RenderDiagramOptions }
  | {
      kind: 'validate';
      document: unknown;
      vocabulary: DefinitionVocabulary;
      limits: DefinitionLimits;
    }
  | {
      kind: 'validate-and-diagram';
      document: unknown;
      vocabulary: DefinitionVocabulary;
      limits: DefinitionLimits;
      options: RenderDiagramOptions;
    }
  /** A form check whose data may hold LargeJson texts (see {@link toWire}). */
  | { kind: 'validate-form'; check: Omit<FormCheck, 'data'>; data: WireJson }
  | { kind: 'canonical-hash'; value: WireJson }
  | { kind: 'parse-json-body'; bytes: Uint8Array; formField: string; largeMinNodes: number }
  | { kind: 'searchable-text'; values: unknown[] }
  | { kind: 'history-digest'; fields: ChainedEventFields; comment: string | null }
  | { kind: 'leaf-hash'; record: LogRecord }
  | {
      kind: 'simulate';
      /** A valid (published or validated draft) definition and its immutable cache key. */
      cacheKey: string;
      document: WorkflowDefinitionDocument;
      directory: OrgDirectoryData;
      start: { orgUnitId: string; data: JsonObject };
      commands: SimulatedCommand[];
      now: Date;
      calendar: WorkingCalendar;
    }
  | {
      kind: 'import-stately';
      input: StatelyImportInput;
      vocabulary: DefinitionVocabulary;
      limits: DefinitionLimits;
    };

export interface HeavyResults {
  ping: null;
  diagram: string;
  validate: DefinitionProblem[];
  'validate-form': FormFieldError[];
  simulate: SimulationResult;
  'canonical-hash': string;
  'parse-json-body': ParsedOffThread;
  'searchable-text': string;
  /** A history event's chain hash and its search text. */
  'history-digest': { hash: string; searchText: string };
  /** A transparency-log leaf hash (a Buffer arrives as a plain Uint8Array). */
  'leaf-hash': Uint8Array;
  'validate-and-diagram': { problems: DefinitionProblem[]; svg: string | null };
  'import-stately': {
    document: CandidateDefinition | null;
    problems: DefinitionProblem[];
    removed: string[];
  };
}

export type HeavyResult<K extends HeavyTask['kind']> = HeavyResults[K];

// Machines a thread built for simulations, per definition version (or draft content hash).
const machines = boundedCache<WorkflowMachine>(64);

/** Runs one task; the worker thread's whole job. */
export async function runHeavyTask(
  task: HeavyTask,
  language: Language,
): Promise<HeavyResults[HeavyTask['kind']]> {
  switch (task.kind) {
    case 'ping':
      return null;
    case 'diagram':
      return renderDefinitionDiagram(task.document, task.options);
    case 'validate':
      return validateDefinition(task.document, task.vocabulary, task.limits, language);
    case 'validate-form': {
      // Each thread compiles a schema once per cache key (definition version and event).
      const { cacheKey, schema, mode } = task.check;
      return validateForm(cacheKey, schema, fromWire(task.data), mode);
    }
    case 'validate-and-diagram': {
      const problems = validateDefinition(task.document, task.vocabulary, task.limits, language);
      const svg =
        problems.length === 0
          ? await renderDefinitionDiagram(task.document as WorkflowDefinitionDocument, task.options)
          : null;
      return { problems, svg };
    }
    case 'canonical-hash':
      return canonicalHash(fromWire(task.value));
    case 'parse-json-body':
      return parseJsonBody(task.bytes, task.formField, task.largeMinNodes);
    case 'searchable-text':
      return searchableText(...task.values);
    case 'history-digest':
      return {
        hash: hashEvent(task.fields),
        searchText: searchableText(task.fields.data, task.comment),
      };
    case 'leaf-hash':
      return recordLeafHash(task.record);
    case 'simulate': {
      const machine = getOrCreate(machines, task.cacheKey, () =>
        createWorkflowMachine(task.document),
      );
      return simulateWorkflow(
        { cacheKey: task.cacheKey, document: task.document, machine },
        InMemoryOrgDirectory.fromData(task.directory),
        task.start,
        task.commands,
        task.now,
        task.calendar,
        language,
      );
    }
    case 'import-stately': {
      // The import walks every state and target: a machine past the limits is refused unread.
      const oversize = definitionSizeProblems(task.input, task.limits, language);
      if (oversize.length > 0) return { document: null, problems: oversize, removed: [] };
      const { document, removed } = importStatelyMachine(task.input);
      return {
        document,
        problems: validateDefinition(document, task.vocabulary, task.limits, language),
        removed,
      };
    }
  }
}
