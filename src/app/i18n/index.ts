// Picks the strings for a request. English only for now; languages join the table here.
import { en, type Messages } from './en.js';

const catalogue: Record<string, Messages> = { en };

/** The messages for a language tag, falling back to English. */
export function messagesFor(lang: string | undefined): Messages {
  return catalogue[lang?.toLowerCase().split('-')[0] ?? 'en'] ?? en;
}

export type { Messages };
