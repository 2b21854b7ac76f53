import { type ErrorSchema } from '@rjsf/utils';
import { type ErrorDetail } from '../api/types';
import { type Language } from '../i18n/dictionary';

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function detailMessage(detail: ErrorDetail, language: Language): string {
  return detail.messages?.[language] ?? detail.message;
}

/**
 * The server's 422 details (`{ path: JSON pointer, message, messages: { vi, en } }`) as the
 * nested error schema react-jsonschema-form shows at each field (`extraErrors`). Paths outside the
 * form (such as `/comment`) are returned separately.
 */
export function toErrorSchema(
  details: readonly ErrorDetail[],
  language: Language,
  outside: readonly string[] = ['/comment'],
): { errorSchema: ErrorSchema; outside: Map<string, string[]> } {
  const errorSchema: Record<string, unknown> = {};
  const rest = new Map<string, string[]>();
  for (const detail of details) {
    const message = detailMessage(detail, language);
    if (outside.includes(detail.path)) {
      rest.set(detail.path, [...(rest.get(detail.path) ?? []), message]);
      continue;
    }
    const segments = detail.path.split('/').slice(1).map(decodeSegment);
    let node = errorSchema;
    for (const segment of segments) {
      const next = (node[segment] ?? {}) as Record<string, unknown>;
      node[segment] = next;
      node = next;
    }
    const list = (node.__errors ?? []) as string[];
    node.__errors = [...list, message];
  }
  return { errorSchema: errorSchema as ErrorSchema, outside: rest };
}
