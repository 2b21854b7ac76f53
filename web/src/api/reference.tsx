import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef } from 'react';
import { getJson } from './client';
import { type DefinitionDetail, type DefinitionSummary, type OrgUnit } from './types';
import { useLoad } from './use-load';
import { useI18n } from '../i18n/i18n';

/** Organisation units and workflow definitions, loaded once per sign-in and shared. */
export interface Reference {
  units: OrgUnit[];
  definitions: DefinitionSummary[];
  /** Both lists have been answered (or refused): names shown now are the final ones. */
  loaded: boolean;
  unitName: (id: string | null | undefined) => string;
  definitionTitle: (key: string) => string;
  definition: (key: string) => Promise<DefinitionDetail>;
  reloadDefinitions: () => void;
  /** After an admin creates or changes a unit. */
  reloadUnits: () => void;
}

const ReferenceContext = createContext<Reference | null>(null);

export function ReferenceProvider({ children }: { children: ReactNode }) {
  const { pick } = useI18n();
  const units = useLoad(() => getJson<OrgUnit[]>('/api/org-units'), []);
  const definitions = useLoad(() => getJson<DefinitionSummary[]>('/api/definitions'), []);
  const details = useRef(new Map<string, Promise<DefinitionDetail>>());

  const definition = useCallback((key: string) => {
    let pending = details.current.get(key);
    if (!pending) {
      pending = getJson<DefinitionDetail>(`/api/definitions/${encodeURIComponent(key)}`);
      pending.catch(() => details.current.delete(key));
      details.current.set(key, pending);
    }
    return pending;
  }, []);

  const reloadDefinitions = definitions.reload;
  const reloadUnits = units.reload;
  const value = useMemo<Reference>(() => {
    const unitList = units.data ?? [];
    const definitionList = definitions.data ?? [];
    const byId = new Map(unitList.map((unit) => [unit.id, unit]));
    const byKey = new Map(definitionList.map((d) => [d.key, d]));
    return {
      units: unitList,
      definitions: definitionList,
      loaded: !units.loading && !definitions.loading,
      unitName: (id) => {
        const unit = id ? byId.get(id) : undefined;
        return unit ? pick(unit.name, unit.nameEn) : (id ?? '');
      },
      definitionTitle: (key) => {
        const d = byKey.get(key);
        return d ? pick(d.title, d.titleEn) : key;
      },
      definition,
      reloadDefinitions: () => {
        details.current.clear();
        reloadDefinitions();
      },
      reloadUnits,
    };
  }, [
    units.data,
    units.loading,
    definitions.data,
    definitions.loading,
    pick,
    definition,
    reloadDefinitions,
    reloadUnits,
  ]);

  return <ReferenceContext.Provider value={value}>{children}</ReferenceContext.Provider>;
}

export function useReference(): Reference {
  const context = useContext(ReferenceContext);
  if (!context) throw new Error('useReference outside ReferenceProvider');
  return context;
}
