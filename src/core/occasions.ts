// The fixed table of occasion codes a CT1 token may carry (byte 20). Append only: never renumber.

/** Occasion names by code. Code 0 means the card states no occasion. */
export const OCCASIONS = [
  'unspecified', // 0
  'birthday', // 1
  'anniversary', // 2
  'wedding', // 3
  'birth', // 4
  'holiday-season', // 5
  'new-year', // 6
  'lunar-new-year', // 7
  'thank-you', // 8
  'welcome', // 9
  'private-event', // 10
  'new-collection', // 11
  'condolences', // 12
  'congratulations', // 13
] as const;

export type Occasion = (typeof OCCASIONS)[number];

/** The code of an occasion name, or undefined when the table has no such name. */
export function occasionCode(name: string): number | undefined {
  const code = (OCCASIONS as readonly string[]).indexOf(name);
  return code < 0 ? undefined : code;
}

/** The name of an occasion code, or undefined for a code outside the table. */
export function occasionName(code: number): Occasion | undefined {
  return OCCASIONS[code];
}
