/**
 * The account the system acts as when nobody does (opening the periodic report each period). It
 * is a real user so every instance and history event names its creator, but nobody can sign in as
 * it: its password hash is a well-formed argon2id hash whose digest is all zeros, which no password
 * produces, and it receives no notifications.
 */
export const SYSTEM_USERNAME = 'he-thong';
export const SYSTEM_FULL_NAME = 'Hệ thống (tự động)';
export const UNUSABLE_PASSWORD_HASH =
  '$argon2id$v=19$m=65536,t=3,p=4$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
