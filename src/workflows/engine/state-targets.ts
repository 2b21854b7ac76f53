import type { MachineStateConfigJson } from './definition.types';

/**
 * Resolves an xstate transition target to a top-level state key: `draft` (sibling),
 * `#machineId.draft`, or `#customId` of a state that declares `id`. Anything else (a nested path,
 * an unknown id) is returned unchanged, so the caller can report or draw it as missing.
 */
export function resolveStateTarget(
  target: string,
  machineId: string,
  states: Record<string, MachineStateConfigJson>,
): string {
  if (!target.startsWith('#')) return target;
  const reference = target.slice(1);
  for (const [key, config] of Object.entries(states)) {
    if (config.id === reference) return key;
  }
  const prefix = `${machineId}.`;
  if (reference.startsWith(prefix)) return reference.slice(prefix.length);
  return target;
}
