import { useEffect, useState } from 'react';
import { useReference } from '../api/reference';
import { type DefinitionDetail } from '../api/types';
import { useI18n } from '../i18n/i18n';

/** Loads the definitions named by `keys` so that state and event names can be shown. */
export function useDefinitions(keys: readonly string[]): Map<string, DefinitionDetail> {
  const { definition } = useReference();
  const [loaded, setLoaded] = useState(new Map<string, DefinitionDetail>());
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
    });
    return () => {
      cancelled = true;
    };
  }, [wanted, definition]);
  return loaded;
}

export function useStateTitle(definitions: Map<string, DefinitionDetail>) {
  const { pickText } = useI18n();
  return (definitionKey: string, state: string | null | undefined): string => {
    if (!state) return '';
    return pickText(definitions.get(definitionKey)?.states?.[state]?.title, state);
  };
}

export function useEventTitle(definitions: Map<string, DefinitionDetail>) {
  const { pickText } = useI18n();
  return (definitionKey: string, type: string): string =>
    pickText(definitions.get(definitionKey)?.events?.[type]?.title, type);
}
