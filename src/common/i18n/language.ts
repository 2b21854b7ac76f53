import { AsyncLocalStorage } from 'node:async_hooks';
import { type LocalizedText } from '../json/json.types';

/** The two languages of the product: Vietnamese first, English under the English switch. */
export type Language = 'vi' | 'en';

/** A message in both languages, with `{name}` placeholders for its parameters. */
export type MessageTemplate = LocalizedText;

/** A parameter of a message: plain text or a number, or text that itself differs by language. */
export type MessageParam = string | number | LocalizedText;

export type MessageParams = Readonly<Record<string, MessageParam>>;

/** Fills a template's `{name}` placeholders in one language; an unknown name stays as written. */
export function formatMessage(
  template: MessageTemplate,
  params: MessageParams,
  language: Language,
): string {
  return template[language].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (value === undefined) return whole;
    return typeof value === 'object' ? value[language] : String(value);
  });
}

/** The placeholders a template uses, for checking a catalogue's two languages agree. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))].sort();
}

const requestLanguage = new AsyncLocalStorage<Language>();

/**
 * Runs `work` with the language a request asked for (its `Accept-Language`), so code far from the
 * controller (a worker-thread task, a validator) can word its messages in it.
 */
export function withLanguage<T>(language: Language, work: () => T): T {
  return requestLanguage.run(language, work);
}

/**
 * The current request's language. Outside a request, or for a request that names neither
 * language, English: the API's `message`s have always been English, and the web app says which
 * language it shows on every request.
 */
export function currentLanguage(): Language {
  return requestLanguage.getStore() ?? 'en';
}
