import { describe, expect, it } from 'vitest';
import {
  CLAIM_CODE_LENGTH,
  claimCodeHash,
  formatClaimCode,
  generateClaimCode,
  generateClaimId,
  generateHolderSecret,
  holderSecretHash,
  holderSecretMatches,
  isCachetError,
  normaliseHandle,
  parseClaimCode,
  parseHolderSecret,
} from '../../src/core/index.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function codeError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isCachetError(error, 'ERR_CLAIM_CODE')) return error.message;
    throw error;
  }
  throw new Error('no error');
}

describe('claim codes', () => {
  it('are 28 characters in seven groups of four, read back as typed in any case or spacing', () => {
    const code = generateClaimCode();
    expect(code).toHaveLength(CLAIM_CODE_LENGTH);
    const printed = formatClaimCode(code);
    expect(printed).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseClaimCode(printed)).toBe(code);
    expect(parseClaimCode(` ${printed.toLowerCase().replaceAll('-', ' ')} `)).toBe(code);
  });

  it('carry at least 128 random bits: no two of many codes share a prefix of 12 characters', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(generateClaimCode().slice(0, 12));
    expect(seen.size).toBe(5000);
    // 27 random characters of 5 bits each.
    expect((CLAIM_CODE_LENGTH - 1) * 5).toBeGreaterThanOrEqual(128);
  });

  it('read O as 0 and I or L as 1, as people mistype them', () => {
    // A code made of ones and zeros, whatever its check character is.
    const body = '0101010101010101010101010101'.slice(0, 27);
    const check = [...ALPHABET].find((c) => {
      try {
        parseClaimCode(body + c);
        return true;
      } catch {
        return false;
      }
    })!;
    expect(parseClaimCode(body.replaceAll('0', 'O').replaceAll('1', 'l') + check)).toBe(
      body + check,
    );
    expect(parseClaimCode(body.replaceAll('1', 'I') + check)).toBe(body + check);
  });

  it('catch every single mistyped character and every swap of neighbours but 0 and Z', () => {
    for (let round = 0; round < 20; round++) {
      const code = generateClaimCode();
      for (let i = 0; i < code.length; i++) {
        for (const other of ALPHABET) {
          if (other === code[i]) continue;
          const typo = code.slice(0, i) + other + code.slice(i + 1);
          expect(codeError(() => parseClaimCode(typo))).toMatch(/mistyped/);
        }
      }
      for (let i = 0; i + 1 < code.length; i++) {
        const pair = code[i]! + code[i + 1]!;
        // Luhn mod 32 cannot see a swap of the same characters, nor of 0 and Z (0 and 31).
        if (code[i] === code[i + 1] || pair === '0Z' || pair === 'Z0') continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(codeError(() => parseClaimCode(swapped))).toMatch(/mistyped/);
      }
    }
  });

  it('say what is wrong with a code that is too short or holds a U', () => {
    const code = generateClaimCode();
    expect(codeError(() => parseClaimCode(code.slice(1)))).toMatch(
      /28 characters; this one has 27/,
    );
    expect(codeError(() => parseClaimCode('U' + code.slice(1)))).toMatch(/no “U”/);
  });

  it('are kept as a salted hash: the same code under another salt hashes otherwise', async () => {
    const code = generateClaimCode();
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const hash = await claimCodeHash(code, salt);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(code.toLowerCase());
    expect(await claimCodeHash(code, salt)).toBe(hash);
    expect(await claimCodeHash(code, crypto.getRandomValues(new Uint8Array(16)))).not.toBe(hash);
  });
});

describe('holder secrets', () => {
  it('start with their claim id, are checked, and match only their own hash', async () => {
    const id = generateClaimId();
    const secret = generateHolderSecret(id);
    expect(secret).toHaveLength(36);
    const parsed = parseHolderSecret(formatClaimCode(secret).toLowerCase());
    expect(parsed).toEqual({ claimId: id, secret });
    const stored = await holderSecretHash(secret);
    expect(await holderSecretMatches(secret, stored)).toBe(true);
    expect(await holderSecretMatches(generateHolderSecret(id), stored)).toBe(false);
    expect(() => parseHolderSecret(generateClaimCode())).toThrow(/36 characters/);
  });
});

describe('public names', () => {
  it('are trimmed, at most 40 characters, and never control or invisible characters', () => {
    expect(normaliseHandle('  @maison_fan ')).toBe('@maison_fan');
    expect(normaliseHandle('é'.normalize('NFD'))).toBe('é');
    expect(normaliseHandle('x'.repeat(40))).toHaveLength(40);
    expect(() => normaliseHandle('x'.repeat(41))).toThrow(/at most 40/);
    expect(() => normaliseHandle('   ')).toThrow(/empty/);
    expect(() => normaliseHandle('a\u202Eb')).toThrow(/invisible/);
    expect(() => normaliseHandle('a\nb')).toThrow(/control/);
    // Characters that show nothing: a name that looks blank, or like another.
    for (const hidden of [
      '\u3164\u3164',
      '\u2800',
      'ab\u115F',
      'ab\u1160',
      '@cami\u034Flle',
      'x\uFE0F',
      '\u200B',
    ]) {
      expect(() => normaliseHandle(hidden), JSON.stringify(hidden)).toThrow(/invisible/);
    }
    expect(normaliseHandle('Léa ❤️')).toBe('Léa ❤️');
    expect(normaliseHandle('李雪')).toBe('李雪');
  });
});
