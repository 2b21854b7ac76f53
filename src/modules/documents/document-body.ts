import { type JsonObject, type JsonSchema, type JsonValue } from '../../common/json/json.types';

/** One line of a document's body: its text and how deep it is indented. */
export interface BodyLine {
  text: string;
  level: number;
  heading?: boolean;
}

type PropertySchema = JsonSchema & {
  title?: string;
  format?: string;
  properties?: Record<string, PropertySchema>;
  items?: PropertySchema;
  'x-enum-titles'?: Record<string, { vi?: string }>;
};

/**
 * The form data as the body of a document: each field under its Vietnamese title (from the
 * forms' JSON Schemas), lists as dashes, records numbered, dates as dd/mm/yyyy. Fields no form
 * names are left out, so internal data (ids) never reaches paper.
 */
export function documentBody(
  data: JsonObject,
  properties: Readonly<Record<string, PropertySchema>>,
): BodyLine[] {
  const lines: BodyLine[] = [];
  for (const [key, schema] of Object.entries(properties)) {
    const value = data[key];
    if (value === undefined || value === null || schema.title === undefined) continue;
    lines.push(...field(schema.title, value, schema, 0));
  }
  return lines;
}

function field(title: string, value: JsonValue, schema: PropertySchema, level: number): BodyLine[] {
  if (Array.isArray(value)) {
    const lines: BodyLine[] = [{ text: `${title}:`, level, heading: true }];
    value.forEach((item, index) => {
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        const props = schema.items?.properties ?? {};
        const entries = Object.entries(props).filter(
          ([key, sub]) =>
            item[key] !== undefined && sub.title !== undefined && sub.format !== 'uuid',
        );
        const [first, ...rest] = entries;
        lines.push({
          text: `${index + 1}. ${first ? scalar(item[first[0]], first[1]) : ''}`,
          level: level + 1,
        });
        for (const [key, sub] of rest)
          lines.push(...field(sub.title ?? key, item[key], sub, level + 2));
      } else {
        lines.push({ text: `- ${scalar(item, schema.items ?? {})}`, level: level + 1 });
      }
    });
    return lines;
  }
  if (value !== null && typeof value === 'object') {
    const lines: BodyLine[] = [{ text: `${title}:`, level, heading: true }];
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (value[key] !== undefined && sub.title)
        lines.push(...field(sub.title, value[key], sub, level + 1));
    }
    return lines;
  }
  return [{ text: `${title}: ${scalar(value, schema)}`, level }];
}

function scalar(value: JsonValue, schema: PropertySchema): string {
  if (typeof value === 'string') {
    const enumTitle = schema['x-enum-titles']?.[value]?.vi;
    if (enumTitle) return enumTitle;
    if (schema.format === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const [year, month, day] = value.split('-');
      return `${day}/${month}/${year}`;
    }
    return value;
  }
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  return value === null ? '' : typeof value === 'number' ? String(value) : JSON.stringify(value);
}
