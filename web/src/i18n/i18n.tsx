import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import 'dayjs/locale/en';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { DICTIONARIES, format, type Language, type MessageKey } from './dictionary';
import { type Localized } from '../api/types';

const STORAGE_KEY = 'dwf.language';

export const DATE_FORMAT = 'DD/MM/YYYY';
export const DATE_TIME_FORMAT = 'DD/MM/YYYY HH:mm';

/** Function properties, not methods: pages destructure them (`const { t } = useI18n()`). */
export interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** Picks the language's side of a server-sent `{ vi, en }`, or `vi`/`en` strings. */
  pick: (vi: string | undefined | null, en: string | undefined | null) => string;
  pickText: (text: Localized | undefined | null, fallback?: string) => string;
  date: (value: string | Date | null | undefined) => string;
  dateTime: (value: string | Date | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'vi';
}

function applyLanguage(language: Language): void {
  dayjs.locale(language);
  document.documentElement.lang = language;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => {
    const first = initialLanguage();
    applyLanguage(first);
    return first;
  });

  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    applyLanguage(next);
    setLanguageState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const dictionary = DICTIONARIES[language];
    const pick = (vi: string | undefined | null, en: string | undefined | null): string =>
      (language === 'en' ? en || vi : vi || en) ?? '';
    return {
      language,
      setLanguage,
      t: (key, params) => format(dictionary[key], params),
      pick,
      pickText: (text, fallback = '') => (text ? pick(text.vi, text.en) : fallback),
      date: (v) => (v ? dayjs(v).format(DATE_FORMAT) : ''),
      dateTime: (v) => (v ? dayjs(v).format(DATE_TIME_FORMAT) : ''),
    };
  }, [language, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
