import type { JsonObject } from '../../common/json/json.types';
import type { workflowGuards } from './guards';

type Language = 'vi' | 'en';

/** Words a guard's title needs from its definition: a state's title in the chosen language. */
type StateTitle = (key: string) => string;

type GuardTitle = (
  params: JsonObject | undefined,
  language: Language,
  stateTitle: StateTitle,
) => string;

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/*
 * What each registry guard means, worded for an official reading the process diagram (who never
 * sees the guard's code name). Keyed by the registry so a new guard cannot ship without a title.
 */
const GUARD_TITLES: Record<keyof typeof workflowGuards, GuardTitle> = {
  atTopJurisdiction: (_params, language) =>
    language === 'vi' ? 'khi đơn vị ở cấp cao nhất' : 'when the unit is at the top level',
  belowTopJurisdiction: (_params, language) =>
    language === 'vi' ? 'khi đơn vị chưa ở cấp cao nhất' : 'when the unit is below the top level',
  noApprovalsYet: (_params, language) =>
    language === 'vi' ? 'khi chưa có ai phê duyệt' : 'when nobody has approved yet',
  returnTargetIs: (params, language, stateTitle) => {
    const state = typeof params?.state === 'string' ? stateTitle(params.state) : '';
    return language === 'vi' ? `khi trả về bước «${state}»` : `when returned to “${state}”`;
  },
  jurisdictionKindIs: (params, language) => {
    const kinds = stringList(params?.kinds).join(', ');
    return language === 'vi' ? `khi đơn vị thuộc cấp ${kinds}` : `when the unit is a ${kinds}`;
  },
};

/** The title of a registry guard, or undefined for a name the registry does not know. */
export function guardTitle(
  name: string,
  params: JsonObject | undefined,
  language: Language,
  stateTitle: StateTitle,
): string | undefined {
  const title = (GUARD_TITLES as Record<string, GuardTitle | undefined>)[name];
  return title?.(params, language, stateTitle);
}
