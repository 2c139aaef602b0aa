// Picks the language of a request: `?lang=` first, then Accept-Language, then English.
import { de } from './de.js';
import { en, fill, type Messages } from './en.js';
import { fr } from './fr.js';
import { vi } from './vi.js';
import { zh } from './zh.js';

/** The languages of the pages, in the order the switcher lists them. */
export const LANGUAGES = ['en', 'fr', 'de', 'vi', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

const catalogue: Record<Language, Messages> = { en, fr, de, vi, zh };

function known(tag: string | undefined): Language | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((lang) => lang === primary);
}

/**
 * The language for a request: a known `?lang=` wins; otherwise the Accept-Language entry with
 * the highest weight that we speak (RFC 9110 §12.5.4); otherwise English.
 */
export function pickLanguage(query: string | undefined, acceptLanguage: string | undefined) {
  const asked = known(query);
  if (asked) return asked;
  let best: Language = 'en';
  let bestWeight = 0;
  for (const entry of (acceptLanguage ?? '').slice(0, 512).split(',')) {
    const [tag, ...params] = entry.split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    const weight = q === undefined ? 1 : Number(q);
    const lang = known(tag);
    if (lang && weight > bestWeight) {
      best = lang;
      bestWeight = weight;
    }
  }
  return best;
}

/** The messages of a language. */
export function messagesFor(lang: Language): Messages {
  return catalogue[lang];
}

export { fill, type Messages };
