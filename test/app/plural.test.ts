// Counts on the pages read right in every language: ICU plural forms chosen by CLDR's rules.
import { describe, expect, it } from 'vitest';
import { fill, LANGUAGES, messagesFor } from '../../src/app/i18n/index.js';

describe('plural forms', () => {
  const checked = (lang: (typeof LANGUAGES)[number], count: number) =>
    fill(messagesFor(lang).scans.count, { count, date: 'D' }, lang);

  it('says "1 time" and "2 times", and the like in each language', () => {
    expect(checked('en', 1)).toBe(
      'Before this check, this code had been checked 1 time, the first time on D.',
    );
    expect(checked('en', 2)).toBe(
      'Before this check, this code had been checked 2 times, the first time on D.',
    );
    expect(checked('en', 1500)).toBe(
      'Before this check, this code had been checked 1,500 times, the first time on D.',
    );
    expect(checked('de', 1)).toBe(
      'Vor dieser Prüfung wurde dieser Code einmal geprüft, zum ersten Mal am D.',
    );
    expect(checked('de', 3)).toBe(
      'Vor dieser Prüfung wurde dieser Code 3-mal geprüft, zum ersten Mal am D.',
    );
    expect(checked('fr', 0)).toBe(
      'Avant cette vérification, ce code avait été vérifié 0 fois, la première fois le D.',
    );
    expect(checked('vi', 1)).toBe(
      'Trước lần kiểm tra này, mã này đã được kiểm tra 1 lần, lần đầu vào D.',
    );
    expect(checked('zh', 2)).toBe('在本次查验之前，此码已被查验 2 次，首次查验于 D。');
    const found = (lang: (typeof LANGUAGES)[number], count: number) =>
      fill(messagesFor(lang).results.heading, { count }, lang);
    expect(found('en', 1)).toBe('1 code found');
    expect(found('fr', 2)).toBe('2 codes trouvés');
    expect(found('de', 1)).toBe('1 Code gefunden');
  });

  it('leaves no marker unfilled in any language', () => {
    for (const lang of LANGUAGES) {
      for (const count of [0, 1, 2, 5, 21, 1_000_000]) {
        expect(checked(lang, count), `${lang} ${count}`).not.toMatch(/[{}#]/);
      }
    }
  });

  it('prefers an exact =N case, and keeps unknown markers as they are', () => {
    expect(fill('{n, plural, =0 {none} one {# item} other {# items}}', { n: 0 })).toBe('none');
    expect(fill('{n, plural, one {# item} other {# items}} in {where}', { n: 1 })).toBe(
      '1 item in {where}',
    );
  });
});
