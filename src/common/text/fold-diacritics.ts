/**
 * Lower-case text without Vietnamese diacritics, so "phoi hop" finds "phối hợp". `đ` is a letter
 * of its own, not a combining mark, so NFD leaves it alone and it is mapped by hand.
 */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** Every string (and number) inside a JSON value, joined: what free-text search looks through. */
export function searchableText(...values: unknown[]): string {
  const parts: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') parts.push(value);
    else if (typeof value === 'number') parts.push(String(value));
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  values.forEach(visit);
  return foldDiacritics(parts.join(' '));
}
