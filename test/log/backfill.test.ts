// `cachet log backfill`: a registry made before the log joins it. Every card with a token gets
// an entry, once; a card without its token is counted, not logged; the server then places them
// and a verdict names each card's entry.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../src/core/index.js';
import { cachet, launchBuiltServer } from '../helpers/cli.js';
import { makeFixture } from '../helpers/fixture.js';

const f = await makeFixture();
afterAll(() => f.close());

describe('cachet log backfill', () => {
  it('logs every card registered before the log, once, and the server places them', async () => {
    const cards = [];
    for (let i = 0; i < 4; i++) cards.push(await f.mint({ associate: 101 + (i % 2) }));
    // As a registry from before the log: no entries, and one row from before tokens were kept.
    f.store.db.exec('DELETE FROM log_entries');
    f.store.db.prepare('UPDATE cards SET token = NULL WHERE serial = ?').run(cards[3]!.serial);
    const env = { CACHET_DB: join(f.dir, 'cachet.db'), CACHET_KEYS_DIR: join(f.dir, 'keys') };

    const first = cachet(['log', 'backfill', '--json'], { cwd: f.dir, env });
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({ added: 3, withoutToken: 1 });
    const again = cachet(['log', 'backfill'], { cwd: f.dir, env });
    expect(again.stdout).toMatch(/^Added 0 cards to the issuance log; 1 registered before tokens/);
    const audit = f.store.db
      .prepare("SELECT detail FROM audit_log WHERE action = 'log.backfill' ORDER BY rowid")
      .pluck()
      .all();
    expect(audit).toEqual(['3 added, 1 without a token', '0 added, 1 without a token']);

    // The server, started on that registry, places them and signs.
    mkdirSync(env.CACHET_KEYS_DIR, { recursive: true });
    writeFileSync(
      join(env.CACHET_KEYS_DIR, 'jwks.json'),
      JSON.stringify({ keys: [f.keyring.keys[0]!.jwk] }),
    );
    const server = await launchBuiltServer(f.dir, { ...env, CACHET_DEMO: '0' });
    try {
      const note = await (await fetch(`${server.url}/log/checkpoint`)).text();
      expect(parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1)).size).toBe(3);
      const verdict = (await (
        await fetch(`${server.url}/api/v1/verify/${cards[0]!.token}`)
      ).json()) as {
        log: { index: number } | null;
      };
      expect(verdict.log?.index).toBe(0);
    } finally {
      await server.close();
    }
  }, 60_000);
});
