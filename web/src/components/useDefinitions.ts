import { useEffect, useState } from 'react';
import { useReference } from '../api/reference';
import { type DefinitionDetail } from '../api/types';
import { useI18n } from '../i18n/i18n';

/** Loads the definitions named by `keys` so that state and event names can be shown. */
export function useDefinitions(keys: readonly string[]): Map<string, DefinitionDetail> {
  return useDefinitionsState(keys).definitions;
}

/**
 * The definitions named by `keys`, and whether every one of them has answered (loaded or failed):
 * until then a page shows a placeholder rather than raw state and field keys.
 */
export function useDefinitionsState(keys: readonly string[]): {
  definitions: Map<string, DefinitionDetail>;
  settled: boolean;
} {
  const { definition } = useReference();
  const [loaded, setLoaded] = useState(new Map<string, DefinitionDetail>());
  const [settledFor, setSettledFor] = useState<string | null>(null);
  const wanted = [...new Set(keys)].sort().join('|');
  useEffect(() => {
    let cancelled = false;
    const list = wanted ? wanted.split('|') : [];
    void Promise.allSettled(list.map((key) => definition(key))).then((results) => {
      if (cancelled) return;
      const next = new Map<string, DefinitionDetail>();
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') next.set(list[i], result.value);
      });
      setLoaded(next);
      setSettledFor(list.join('|'));
    });
    return () => {
      cancelled = true;
    };
  }, [wanted, definition]);
  return { definitions: loaded, settled: settledFor === wanted };
}

/**
 * A state's title. While its definition is still loading the answer is '' (callers show a
 * placeholder), never the raw key; the key is the last resort once the definition has answered
 * (`settled`) without a title.
 */
export function useStateTitle(definitions: Map<string, DefinitionDetail>, settled = false) {
  const { pickText } = useI18n();
  return (definitionKey: string, state: string | null | undefined): string => {
    if (!state) return '';
    const definition = definitions.get(definitionKey);
    if (!definition) return settled ? state : '';
    return pickText(definition.states?.[state]?.title, state);
  };
}

/** An event's title; like {@link useStateTitle}, '' while the definition is still loading. */
export function useEventTitle(definitions: Map<string, DefinitionDetail>, settled = false) {
  const { pickText } = useI18n();
  return (definitionKey: string, type: string): string => {
    const definition = definitions.get(definitionKey);
    if (!definition) return settled ? type : '';
    return pickText(definition.events?.[type]?.title, type);
  };
}
