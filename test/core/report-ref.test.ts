// A report's reference as people type it and as the routes carry it: the printed form with its R
// and dashes, or the bare twelve characters, whatever the first of them is.
import { describe, expect, it } from 'vitest';
import { parseReportRef } from '../../src/core/index.js';

describe('a report reference', () => {
  it('reads the printed form, the bare id, and a bare id that starts with R', () => {
    expect(parseReportRef('R-9GG4-DYXV-6YY0')).toBe('9GG4DYXV6YY0');
    expect(parseReportRef('r 9gg4 dyxv 6yyo')).toBe('9GG4DYXV6YY0');
    expect(parseReportRef('9GG4DYXV6YY0')).toBe('9GG4DYXV6YY0');
    // One id in 32 starts with R: its R is part of it, not the printed prefix.
    expect(parseReportRef('R9GG4DYXV6YY')).toBe('R9GG4DYXV6YY');
    expect(parseReportRef('R-R9GG-4DYX-V6YY')).toBe('R9GG4DYXV6YY');
    expect(() => parseReportRef('R-9GG4-DYXV')).toThrow(/not a report reference/);
  });
});
