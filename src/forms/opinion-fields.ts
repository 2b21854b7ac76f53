import { formSchemaText } from './form-schema-messages';
import { type FormSchemaNote } from './form-safety';
import { pointer } from './json-pointer';
import { type JsonObject, type JsonSchema } from '../common/json/json.types';

/**
 * The JSON Schema annotation that marks a form field as the official's opinion (ý kiến): what
 * they wrote about the case, as opposed to the case's content. Such fields are shown with the
 * comment wherever an action is read back (history, audit timeline, search, exports), and the web
 * form uses the field as the action's one opinion box instead of a separate comment box.
 */
export const OPINION_KEYWORD = 'x-opinion';

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The form's top-level properties marked as opinion fields, in the form's order. */
export function opinionFields(form: JsonSchema | undefined): string[] {
  const properties = form?.properties;
  if (!isDict(properties)) return [];
  return Object.entries(properties)
    .filter(([, schema]) => isDict(schema) && schema[OPINION_KEYWORD] === true)
    .map(([name]) => name);
}

/**
 * Where the annotation is misused: it must be `true`, on a top-level property of type string (an
 * opinion is one text the official types; a marker deeper in the form would have no one place to
 * be shown). `path` is a JSON pointer into the form.
 */
export function opinionAnnotationProblems(form: JsonSchema): FormSchemaNote[] {
  const problems: FormSchemaNote[] = [];
  const keyword = OPINION_KEYWORD;
  const properties = isDict(form.properties) ? form.properties : {};
  const visit = (node: unknown, segments: Array<string | number>): void => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => visit(child, [...segments, index]));
      return;
    }
    if (!isDict(node)) return;
    if (OPINION_KEYWORD in node) {
      const topLevelProperty =
        segments.length === 2 && segments[0] === 'properties' && properties[segments[1]] === node;
      const path = pointer(...segments, OPINION_KEYWORD);
      if (!topLevelProperty) {
        problems.push({ path, message: formSchemaText('opinion-not-top-level', { keyword }) });
      } else if (node[OPINION_KEYWORD] !== true) {
        problems.push({ path, message: formSchemaText('opinion-not-true', { keyword }) });
      } else if (node.type !== 'string') {
        problems.push({ path, message: formSchemaText('opinion-not-string', { keyword }) });
      }
    }
    for (const [key, child] of Object.entries(node)) visit(child, [...segments, key]);
  };
  visit(form, []);
  return problems;
}

/**
 * The official's words for one action: the text of the form's opinion fields, then the comment,
 * separated by a blank line; null when they wrote nothing.
 */
export function opinionOf(
  form: JsonSchema | undefined,
  data: JsonObject | null,
  comment: string | null,
): string | null {
  const texts = opinionFields(form)
    .map((field) => data?.[field])
    .filter((value): value is string => typeof value === 'string');
  if (comment) texts.push(comment);
  const parts = texts.map((text) => text.trim()).filter((text) => text.length > 0);
  return parts.length > 0 ? parts.join('\n\n') : null;
}
