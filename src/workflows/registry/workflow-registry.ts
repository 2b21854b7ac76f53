import { assign, setup } from 'xstate';
import type {
  WorkflowContext,
  WorkflowDefinitionDocument,
  WorkflowEvent,
} from '../engine/definition.types';
import { clearApprovals, mergeFormData, recordApproval } from './actions';
import { workflowGuards } from './guards';
import { type JsonObject, type LocalizedText } from '../../common/json/json.types';

/** What a machine is started with: the context minus what the engine fills in itself. */
export interface WorkflowInput {
  data: WorkflowContext['data'];
  origin: WorkflowContext['origin'];
}

const workflowActions = {
  mergeFormData: assign<WorkflowContext, WorkflowEvent, undefined, WorkflowEvent, never>(
    mergeFormData,
  ),
  recordApproval: assign<WorkflowContext, WorkflowEvent, { state: string }, WorkflowEvent, never>(
    recordApproval,
  ),
  clearApprovals: assign<WorkflowContext, WorkflowEvent, undefined, WorkflowEvent, never>(
    clearApprovals,
  ),
};

const workflowSetup = setup({
  types: {
    context: {} as WorkflowContext,
    events: {} as WorkflowEvent,
    input: {} as WorkflowInput,
  },
  guards: workflowGuards,
  actions: workflowActions,
});

type WorkflowMachineConfig = Parameters<typeof workflowSetup.createMachine>[0];

/** The xstate machine built from a definition, typed with the registry's context and events. */
export type WorkflowMachine = ReturnType<typeof workflowSetup.createMachine<WorkflowMachineConfig>>;

/** Names a definition may use in `guard` references. */
export const GUARD_NAMES: readonly string[] = Object.keys(workflowGuards);

/** Names a definition may use in `actions`, `entry` and `exit` references. */
export const ACTION_NAMES: readonly string[] = Object.keys(workflowActions);

/** A problem with the params given to a registry entry, relative to the `params` object. */
export interface ParamsProblem {
  /** JSON pointer below `params` (`''` for `params` itself). */
  path: string;
  message: LocalizedText;
}

/** Facts about the definition that params checks need. */
export interface ParamsCheckScope {
  stateNames: readonly string[];
  unitKinds: readonly string[];
}

type ParamsCheck = (params: JsonObject | undefined, scope: ParamsCheckScope) => ParamsProblem[];

const noParams: ParamsCheck = () => [];

function stateParam(params: JsonObject | undefined, scope: ParamsCheckScope): ParamsProblem[] {
  const state = params?.state;
  if (typeof state !== 'string') {
    return [
      {
        path: '/state',
        message: {
          vi: 'params.state phải là tên một trạng thái',
          en: 'params.state must be a state name',
        },
      },
    ];
  }
  return scope.stateNames.includes(state)
    ? []
    : [
        {
          path: '/state',
          message: { vi: `trạng thái "${state}" không tồn tại`, en: `unknown state "${state}"` },
        },
      ];
}

function kindsParam(params: JsonObject | undefined, scope: ParamsCheckScope): ParamsProblem[] {
  const kinds = params?.kinds;
  if (!Array.isArray(kinds) || kinds.length === 0) {
    return [
      {
        path: '/kinds',
        message: {
          vi: 'params.kinds phải là danh sách các loại đơn vị, không rỗng',
          en: 'params.kinds must be a non-empty array of unit kinds',
        },
      },
    ];
  }
  const problems: ParamsProblem[] = [];
  kinds.forEach((kind, index) => {
    if (typeof kind !== 'string' || !scope.unitKinds.includes(kind)) {
      problems.push({
        path: `/kinds/${index}`,
        message: {
          vi: `loại đơn vị ${JSON.stringify(kind)} không tồn tại`,
          en: `unknown unit kind ${JSON.stringify(kind)}`,
        },
      });
    }
  });
  return problems;
}

/*
 * Params come from JSON, so the types in the guard and action signatures only hold if the validator
 * checks them first; these checks are kept next to the registry so both change together.
 */
const GUARD_PARAMS: Record<keyof typeof workflowGuards, ParamsCheck> = {
  atTopJurisdiction: noParams,
  belowTopJurisdiction: noParams,
  returnTargetIs: stateParam,
  noApprovalsYet: noParams,
  jurisdictionKindIs: kindsParam,
};

const ACTION_PARAMS: Record<keyof typeof workflowActions, ParamsCheck> = {
  mergeFormData: noParams,
  recordApproval: stateParam,
  clearApprovals: noParams,
};

/** Checks the params of a guard reference; unknown names are the caller's to report. */
export function checkGuardParams(
  name: string,
  params: JsonObject | undefined,
  scope: ParamsCheckScope,
): ParamsProblem[] {
  const check = (GUARD_PARAMS as Record<string, ParamsCheck | undefined>)[name];
  return check ? check(params, scope) : [];
}

/** Checks the params of an action reference; unknown names are the caller's to report. */
export function checkActionParams(
  name: string,
  params: JsonObject | undefined,
  scope: ParamsCheckScope,
): ParamsProblem[] {
  const check = (ACTION_PARAMS as Record<string, ParamsCheck | undefined>)[name];
  return check ? check(params, scope) : [];
}

/**
 * Builds the xstate machine for a definition. The JSON carries no context (it is per instance), so
 * the context comes from the input given at start. Throws whatever xstate throws for a config it
 * cannot build; validate the definition first.
 */
export function createWorkflowMachine(definition: WorkflowDefinitionDocument): WorkflowMachine {
  const config = {
    ...definition.machine,
    context: ({ input }: { input: WorkflowInput }): WorkflowContext => ({
      data: input.data,
      origin: input.origin,
      approvals: [],
    }),
  };
  // The JSON names guards and actions by string; the validator has checked them against the
  // registry, which is what the typed config would otherwise prove at compile time.
  return workflowSetup.createMachine(config as WorkflowMachineConfig);
}
