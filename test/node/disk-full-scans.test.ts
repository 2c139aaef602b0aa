// Scans counted while the registry refuses writes: kept in memory up to a bound and written when
// writes resume, those past the bound counted and said, never thrown, and each outage said once.
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ScanWriter } from '../../src/services/scan-writer.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers/fixture.js';

const store = openSqliteStore(join(tempDir(), 'cachet.db'));
afterAll(() => store.close());

const scan = (n: number) => ({
  serial: '00000000000000aa',
  minute: new Date().toISOString().slice(0, 16),
  channel: 'api' as const,
  country: '',
  scanner: n.toString(16).padStart(32, '0'),
});
const written = () =>
  store.db.prepare('SELECT coalesce(sum(count), 0) FROM scans').pluck().get() as number;

describe('scans while the registry refuses writes', () => {
  it('keeps at most the bound, says the outage once, and writes what it kept when it ends', async () => {
    const said = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const writer = new ScanWriter({ store, admin: store.admin() }, 1000, { keptAtMost: 5 });
      // The registry takes no write (as on a full disk: this connection may only read).
      store.db.pragma('query_only = ON');
      for (let i = 0; i < 3; i++) writer.add(scan(i));
      await writer.flush();
      for (let i = 3; i < 9; i++) writer.add(scan(i));
      await writer.flush();
      await writer.flush();
      expect(writer.pending).toBe(5);
      expect(writer.dropped).toBe(4);
      expect(said.mock.calls.map(([line]) => String(line))).toEqual([
        expect.stringMatching(/^cachet: scans kept for the next write \(at most 5;/),
      ]);

      store.db.pragma('query_only = OFF');
      await writer.flush();
      expect(written()).toBe(5);
      expect(writer.pending).toBe(0);
      expect(said.mock.calls.at(-1)![0]).toBe(
        'cachet: scans are written again; 4 scans were not kept meanwhile',
      );
      expect(said).toHaveBeenCalledTimes(2);
    } finally {
      said.mockRestore();
    }
  });
});
