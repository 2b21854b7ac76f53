/** Plain JSON shapes shared by the engine, the forms and the modules. */

/** Text shown to people, Vietnamese first. */
export interface LocalizedText {
  vi: string;
  en: string;
}

/** A JSON Schema (draft 2020-12 subset understood by ajv). Kept opaque on purpose. */
export type JsonSchema = Record<string, unknown>;

/** Plain JSON value, as stored in PostgreSQL `jsonb`. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type JsonObject = { [key: string]: JsonValue };
