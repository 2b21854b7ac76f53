import { type Language } from '../i18n/dictionary';
import { type JsonSchema } from '../api/types';

export type UiSchema = Record<string, unknown>;

interface EnumTitles {
  [value: string]: { vi?: string; en?: string } | undefined;
}

const LONG_TEXT = 300;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns a server form schema into what react-jsonschema-form renders: titles in the chosen
 * language (`x-title-en`), enum labels from `x-enum-titles`, long strings as text areas and unit
 * ids as a unit picker. The `x-` extensions and `$schema` are dropped from the rendered schema.
 */
export function localizeSchema(
  source: JsonSchema,
  language: Language,
): { schema: JsonSchema; uiSchema: UiSchema } {
  const uiSchema: UiSchema = {};
  const schema = localizeNode(source, language, uiSchema, '');
  return { schema, uiSchema };
}

function localizeNode(
  node: Record<string, unknown>,
  language: Language,
  ui: UiSchema,
  name: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || key === '$schema' || key === '$id') continue;
    out[key] = value;
  }
  const titleEn = node['x-title-en'];
  if (language === 'en' && typeof titleEn === 'string') out.title = titleEn;

  const enumValues = node.enum;
  const enumTitles = node['x-enum-titles'];
  if (Array.isArray(enumValues) && isRecord(enumTitles)) {
    const titles = enumTitles as EnumTitles;
    ui['ui:enumNames'] = enumValues.map((value) => {
      const entry = titles[String(value)];
      return (language === 'en' ? entry?.en || entry?.vi : entry?.vi || entry?.en) ?? String(value);
    });
  }

  if (node.type === 'string' && !node.enum) {
    const maxLength = typeof node.maxLength === 'number' ? node.maxLength : 0;
    // `recipientUnitId`, or the items of a list of units such as `copyToUnitIds` (nơi nhận).
    if (node.format === 'uuid' && /unitids?$/i.test(name)) ui['ui:widget'] = 'orgUnit';
    else if (!node.format && maxLength > LONG_TEXT) {
      ui['ui:widget'] = 'textarea';
      ui['ui:options'] = { rows: maxLength > 2000 ? 5 : 3 };
    }
  }

  if (isRecord(node.properties)) {
    const properties: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node.properties)) {
      if (!isRecord(child)) {
        properties[key] = child;
        continue;
      }
      const childUi: UiSchema = {};
      properties[key] = localizeNode(child, language, childUi, key);
      if (Object.keys(childUi).length > 0) ui[key] = childUi;
    }
    out.properties = properties;
    ui['ui:order'] = fieldOrder(node);
  }

  if (isRecord(node.items)) {
    const itemsUi: UiSchema = {};
    out.items = localizeNode(node.items, language, itemsUi, name);
    if (Object.keys(itemsUi).length > 0) ui.items = itemsUi;
  }
  return out;
}

/**
 * The order to show an object's fields in. Definitions are stored as PostgreSQL jsonb, which does
 * not keep the order of object keys, but arrays keep theirs: an explicit `x-order` wins, then the
 * `required` list (in the author's order), then the optional fields.
 */
export function fieldOrder(node: Record<string, unknown>): string[] {
  const properties = isRecord(node.properties) ? Object.keys(node.properties) : [];
  const listed = [
    ...(Array.isArray(node['x-order']) ? (node['x-order'] as unknown[]) : []),
    ...(Array.isArray(node.required) ? (node.required as unknown[]) : []),
  ].filter((key): key is string => typeof key === 'string' && properties.includes(key));
  return [...new Set(listed), '*'];
}

/** Object keys in the order `fieldOrder` gives (unknown keys last, as they come). */
export function orderKeys(keys: string[], node: Record<string, unknown> | undefined): string[] {
  if (!node) return keys;
  const order = fieldOrder(node).filter((key) => key !== '*');
  const rank = (key: string) => {
    const index = order.indexOf(key);
    return index === -1 ? order.length : index;
  };
  return [...keys].sort((a, b) => rank(a) - rank(b));
}

/** Every field's label by JSON pointer (`/a/b`), with array indices dropped, for read-only views. */
export function fieldLabels(source: JsonSchema, language: Language): Map<string, string> {
  const labels = new Map<string, string>();
  const walk = (node: unknown, pointer: string) => {
    if (!isRecord(node)) return;
    const title =
      language === 'en' && typeof node['x-title-en'] === 'string' ? node['x-title-en'] : node.title;
    if (typeof title === 'string' && pointer) labels.set(pointer, title);
    if (isRecord(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) walk(child, `${pointer}/${key}`);
    }
    if (isRecord(node.items)) walk(node.items, pointer);
  };
  walk(source, '');
  return labels;
}

/** Enum value labels by pointer (array indices dropped). */
export function enumLabels(
  source: JsonSchema,
  language: Language,
): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  const walk = (node: unknown, pointer: string) => {
    if (!isRecord(node)) return;
    if (Array.isArray(node.enum) && isRecord(node['x-enum-titles'])) {
      const titles = node['x-enum-titles'] as EnumTitles;
      result.set(
        pointer,
        new Map(
          node.enum.map((value) => {
            const entry = titles[String(value)];
            const label = language === 'en' ? entry?.en || entry?.vi : entry?.vi || entry?.en;
            return [String(value), label ?? String(value)];
          }),
        ),
      );
    }
    if (isRecord(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) walk(child, `${pointer}/${key}`);
    }
    if (isRecord(node.items)) walk(node.items, pointer);
  };
  walk(source, '');
  return result;
}

/** Each object node of a schema by pointer (array indices dropped), for ordering read-only views. */
export function objectNodes(source: JsonSchema): Map<string, Record<string, unknown>> {
  const nodes = new Map<string, Record<string, unknown>>();
  const walk = (node: unknown, pointer: string) => {
    if (!isRecord(node)) return;
    if (isRecord(node.properties)) {
      if (!nodes.has(pointer)) nodes.set(pointer, node);
      for (const [key, child] of Object.entries(node.properties)) walk(child, `${pointer}/${key}`);
    }
    if (isRecord(node.items)) walk(node.items, pointer);
  };
  walk(source, '');
  return nodes;
}
