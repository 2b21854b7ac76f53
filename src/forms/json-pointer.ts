/** Escapes one segment of a JSON pointer (RFC 6901): `~` → `~0`, `/` → `~1`. */
export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Reverses {@link escapePointerSegment}. */
export function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A JSON pointer from raw segments: `pointer('states', 'a/b')` → `/states/a~1b`. */
export function pointer(...segments: Array<string | number>): string {
  return segments.map((segment) => `/${escapePointerSegment(segment)}`).join('');
}
