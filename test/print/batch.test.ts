// Campaign batches through the real `cachet mint --csv`, on a real registry file: rows checked
// before anything is minted, the manifest and its privacy, idempotent re-runs, the contact
// sheet; then SIGKILL at random points of a 2,000-card batch, and the run that finishes it.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSerial, serialToHex } from '../../src/core/index.js';
import { parseCsv } from '../../src/services/csv.js';
import { qrText } from '../../src/print/qr.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { cachet, CACHET_BIN, cliFolder, type Run } from '../helpers/cli.js';
import { clockEnv, daysFromToday, today } from '../helpers/dates.js';
import { pdfInfo, pdfPages } from '../helpers/pdf.js';
import { decodeQr } from '../helpers/qr-decode.js';

const { dir, env, run } = cliFolder('cachet-batch-', {
  CACHET_PUBLIC_URL: 'https://verify.brand.co',
});
const ok = (r: Run) => {
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return r.stdout;
};
const HEADER = 'boutique,associate,date,occasion,client_ref,copies\n';
const csv = (name: string, body: string) => {
  writeFileSync(join(dir, name), HEADER + body);
  return join(dir, name);
};
const manifest = (folder: string) => {
  const [head, ...rows] = parseCsv(readFileSync(join(folder, 'manifest.csv'), 'utf8'));
  return rows.map((r) => Object.fromEntries(head!.fields.map((h, i) => [h, r.fields[i]!])));
};
const registry = () => {
  const store = openSqliteStore(env.CACHET_DB);
  try {
    return store.db
      .prepare('SELECT serial, client_ref, mint_key FROM cards WHERE mint_key IS NOT NULL')
      .all() as { serial: string; client_ref: string | null; mint_key: string }[];
  } finally {
    store.close();
  }
};

const cardCount = () => {
  const store = openSqliteStore(env.CACHET_DB);
  try {
    return (store.db.prepare('SELECT count(*) AS n FROM cards').get() as { n: number }).n;
  } finally {
    store.close();
  }
};

beforeAll(() => {
  ok(run('keygen'));
  ok(
    run(
      ...['boutique', 'add', '--number', '7', '--code', 'PAR-SH', '--name', 'Paris'],
      ...['--city', 'Paris', '--country', 'FR'],
    ),
  );
  ok(run('associate', 'add', '--number', '101', '--boutique', 'PAR-SH', '--name', 'Camille'));
});

describe('cachet mint --print', () => {
  it('writes the insert as 600-dpi PNG, PDF and SVG beside the QR code, with a brand mark', async () => {
    const sharp = (await import('sharp')).default;
    const mark = join(dir, 'mark.png');
    await sharp({ create: { width: 300, height: 100, channels: 3, background: '#123456' } })
      .png()
      .toFile(mark);
    const out = JSON.parse(
      ok(
        run(
          ...['mint', '--boutique', 'PAR-SH', '--associate', '101', '--out', join(dir, 'one')],
          ...['--print', '--mark', mark, '--bleed', '2', '--margin', '4', '--json'],
        ),
      ),
    );
    expect(Object.keys(out.files).sort()).toEqual([
      'insertPdf',
      'insertPng',
      'insertSvg',
      'png',
      'svg',
    ]);
    expect(out.print.moduleMm).toBeGreaterThanOrEqual(0.33);
    const png = readFileSync(out.files.insertPng);
    expect((await sharp(png).metadata()).density).toBe(600);
    expect(await decodeQr(png)).toEqual([out.qrText]);
    const [page] = pdfPages(readFileSync(out.files.insertPdf));
    expect(await decodeQr(page!)).toEqual([out.qrText]);
    expect(pdfInfo(readFileSync(out.files.insertPdf))).toMatch(/TrimBox:\s+5\.67\s+5\.67\s/);
  });

  it('refuses a QR width too small to print before minting anything', () => {
    const before = cardCount();
    const r = run(
      'mint',
      '--boutique',
      'PAR-SH',
      '--associate',
      '101',
      '--print',
      '--qr-width',
      '12',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /under the 0\.33 mm a phone needs; print it at least \d+(\.\d)? mm wide/,
    );
    expect(
      run('mint', '--boutique', 'PAR-SH', '--associate', '101', '--bleed', '2').stderr,
    ).toMatch(/--bleed goes with --print/);
    expect(cardCount()).toBe(before);
  });
});

describe('cachet mint --csv', () => {
  it('checks every row first and mints nothing when one is wrong, naming each line', () => {
    const file = csv(
      'wrong.csv',
      `PAR-SH,101,${today()},birthday,CRM-1,2\nLON-XX,101,,,,1\nPAR-SH,abc,,,,1\nPAR-SH,101,,party,,1\n`,
    );
    const r = run('mint', '--csv', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing was minted');
    expect(r.stderr).toContain('line 4: the associate is a number, not "abc"');
    expect(registry()).toHaveLength(0);
    const r2 = run('mint', '--csv', csv('wrong2.csv', 'LON-XX,101,,,,1\nPAR-SH,101,,party,,1\n'));
    expect(r2.stderr).toMatch(/line 2: no boutique has the code "LON-XX"/);
    expect(r2.stderr).toMatch(/line 3: occasion "party" is not one of/);
    expect(registry()).toHaveLength(0);
    expect(run('mint', '--csv', join(dir, 'absent.csv')).stderr).toMatch(/cannot read .*absent/);
  });

  it('mints every copy, writes a manifest without client_ref, and files a phone reads', async () => {
    const file = csv(
      'holiday.csv',
      `PAR-SH,101,${today()},holiday-season,"CRM-1, gold",3\n` +
        `PAR-SH,101,${today()},holiday-season,"CRM-1, gold",3\n` + // the same row twice: 6 cards
        'PAR-SH,101,,,,1\n',
    );
    const out = JSON.parse(ok(run('mint', '--csv', file, '--json')));
    expect(out).toMatchObject({ batch: 'holiday', total: 7, minted: 7, found: 0 });
    expect(out.outDir).toBe(join(dir, 'cards', 'holiday'));
    const rows = manifest(out.outDir);
    expect(Object.keys(rows[0]!)).toEqual(['row', 'copy', 'serial', 'url', 'file']);
    expect(rows.map((r) => `${r.row}:${r.copy}`)).toEqual([
      ...['2:1', '2:2', '2:3', '3:1', '3:2', '3:3', '4:1'],
    ]);
    expect(new Set(rows.map((r) => r.serial)).size).toBe(7);
    expect(readFileSync(join(out.outDir, 'manifest.csv'), 'utf8')).not.toContain('CRM-1');
    for (const r of rows.slice(0, 2)) {
      const svg = readFileSync(join(out.outDir, r.file!));
      const png = await (await import('sharp')).default(svg, { density: 300 }).png().toBuffer();
      expect(await decodeQr(png)).toEqual([qrText(r.url!)]);
    }
    // The registry keeps client_ref for legal.
    expect(registry().filter((c) => c.client_ref === 'CRM-1, gold')).toHaveLength(6);

    const again = JSON.parse(ok(run('mint', '--csv', file, '--json')));
    expect(again).toMatchObject({ total: 7, minted: 0, found: 7, filesWritten: 0 });
    expect(manifest(out.outDir)).toEqual(rows);
    expect(registry()).toHaveLength(7);
  });

  it('adds client_ref to the manifest only when asked, and re-mints only an edited row', () => {
    const vip = `PAR-SH,101,${daysFromToday(1)},birthday,VIP-9,2\n`;
    const file = csv('vip.csv', `${vip}PAR-SH,101,,,VIP-10,1\n`);
    const first = JSON.parse(ok(run('mint', '--csv', file, '--include-client-ref', '--json')));
    const rows = manifest(first.outDir);
    expect(rows.map((r) => r.client_ref)).toEqual(['VIP-9', 'VIP-9', 'VIP-10']);
    // The second row is corrected: its card is new, the first row's two stay as they were.
    csv('vip.csv', `${vip}PAR-SH,101,,,VIP-11,1\n`);
    const second = JSON.parse(ok(run('mint', '--csv', file, '--json')));
    expect(second).toMatchObject({ total: 3, minted: 1, found: 2 });
    const after = manifest(first.outDir);
    expect(after.slice(0, 2).map((r) => r.serial)).toEqual(rows.slice(0, 2).map((r) => r.serial));
    expect(after[2]!.serial).not.toBe(rows[2]!.serial);
    expect(after[0]!.client_ref).toBeUndefined();
  });

  it('writes a client reference that looks like a formula so that a spreadsheet shows it as text', () => {
    const file = csv(
      'formula.csv',
      `PAR-SH,101,${today()},,"=HYPERLINK(""https://evil.example"")",1\nPAR-SH,101,${today()},,@SUM(A1),1\n`,
    );
    const done = JSON.parse(ok(run('mint', '--csv', file, '--include-client-ref', '--json')));
    const text = readFileSync(join(done.outDir, 'manifest.csv'), 'utf8');
    // It holds client references: this account's to read, no one else's.
    expect(statSync(join(done.outDir, 'manifest.csv')).mode & 0o777).toBe(0o600);
    expect(text).toContain(`"'=HYPERLINK(""https://evil.example"")"`);
    expect(text).toContain(`,'@SUM(A1)`);
    expect(manifest(done.outDir).map((r) => r.client_ref)).toEqual([
      `'=HYPERLINK("https://evil.example")`,
      `'@SUM(A1)`,
    ]);
    // The registry keeps the reference as it was given.
    expect(registry().map((r) => r.client_ref)).toContain('=HYPERLINK("https://evil.example")');
  });

  it('says how to finish when the output cannot be written, and keeps what it minted', () => {
    const file = csv('blocked.csv', `PAR-SH,101,${daysFromToday(1)},welcome,,2\n`);
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const r = run('mint', '--csv', file, '--out', join(dir, 'not-a-folder'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the batch stopped: .*run the same command again to finish/);
    expect(r.stderr).not.toContain('unexpected error');
    const done = JSON.parse(
      ok(run('mint', '--csv', file, '--out', join(dir, 'blocked'), '--json')),
    );
    expect(done.total).toBe(2);
  });

  it('writes print files and a contact sheet, with a progress bar on standard error', () => {
    const file = csv('print.csv', `PAR-SH,101,${today()},thank-you,,4\n`);
    const r = cachet(['mint', '--csv', file, '--print', '--contact-sheet', 'letter', '--json'], {
      cwd: dir,
      env: { ...env, CACHET_PROGRESS: '1' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\[#{28}\] 4\/4/);
    const out = JSON.parse(r.stdout);
    const rows = manifest(out.outDir);
    expect(rows.map((x) => x.file)).toEqual(rows.map((x) => `${x.serial}.insert.png`));
    for (const x of rows) {
      for (const ext of ['svg', 'insert.png', 'insert.pdf'])
        expect(existsSync(join(out.outDir, `${x.serial}.${ext}`))).toBe(true);
    }
    expect(out.contactSheet).toBe(join(out.outDir, 'contact-sheet-letter.pdf'));
    expect(readFileSync(out.contactSheet).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('a 2,000-card batch killed with SIGKILL at random points', () => {
  const CARDS = 2000;
  let file: string;
  let folder: string;
  beforeAll(() => {
    file = csv(
      'campaign.csv',
      Array.from(
        { length: 20 },
        (_, i) => `PAR-SH,101,${daysFromToday(i)},new-year,C-${i},100\n`,
      ).join(''),
    );
    folder = join(dir, 'cards', 'campaign');
  });

  /** Starts the batch and kills it once its progress bar passes `at` cards (or it ends). */
  const killAt = (at: number) =>
    new Promise<{ killedAt: number | null; signal: string | null }>((resolve) => {
      const child = spawn(process.execPath, [CACHET_BIN, 'mint', '--csv', file], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', ...clockEnv(), ...env, CACHET_PROGRESS: '1' },
      });
      let killedAt: number | null = null;
      child.stderr.on('data', (chunk: Buffer) => {
        const seen = [...chunk.toString().matchAll(/ (\d+)\/2000 /g)].map((m) => Number(m[1]));
        const last = seen.at(-1) ?? 0;
        if (killedAt === null && last >= at) {
          killedAt = last;
          child.kill('SIGKILL');
        }
      });
      child.on('close', (_code, signal) => resolve({ killedAt, signal }));
    });

  it('leaves every file with its row and no duplicate, and the next run completes the manifest', async () => {
    // A seeded generator: the kill points are printed, and the same seed replays them.
    let seed = Number(process.env.CACHET_CRASH_SEED ?? Date.now() % 100_000);
    const seedText = `crash test seed ${seed} (CACHET_CRASH_SEED=${seed} replays it)`;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const kills = [1, 2, 3]
      .map(() => Math.floor(random() * (CARDS - 400)) + 1)
      .sort((a, b) => a - b);
    console.log(`${seedText}: killed after ${kills.join(', ')} cards`);
    for (const at of kills) {
      const { killedAt, signal } = await killAt(at);
      expect(killedAt, `never reached ${at} cards`).not.toBeNull();
      expect(signal, 'the batch ended before the kill').toBe('SIGKILL');
      // After every kill: no file without its registry row, no key minted twice.
      const rows = registry();
      const serials = new Set(rows.map((r) => r.serial));
      expect(new Set(rows.map((r) => r.mint_key)).size).toBe(rows.length);
      const files = readdirSync(folder).filter((f) => f.endsWith('.svg'));
      for (const f of files)
        expect(serials.has(serialToHex(parseSerial(f.slice(0, -4))))).toBe(true);
      expect(rows.filter((r) => /^C-/.test(r.client_ref ?? '')).length).toBeLessThanOrEqual(CARDS);
    }
    const final = JSON.parse(ok(run('mint', '--csv', file, '--json')));
    expect(final.total).toBe(CARDS);
    expect(final.found + final.minted).toBe(CARDS);
    expect(final.found).toBeGreaterThanOrEqual(kills.at(-1)! - 200);

    const rows = manifest(folder);
    expect(rows).toHaveLength(CARDS);
    expect(new Set(rows.map((r) => r.serial)).size).toBe(CARDS);
    const batchRows = registry().filter((r) => /^C-\d+$/.test(r.client_ref ?? ''));
    expect(batchRows).toHaveLength(CARDS);
    const registered = new Set(batchRows.map((r) => r.serial));
    for (const r of rows) {
      expect(registered.has(serialToHex(parseSerial(r.serial!)))).toBe(true);
      expect(existsSync(join(folder, r.file!))).toBe(true);
    }
    expect(readdirSync(folder).filter((f) => f.endsWith('.svg'))).toHaveLength(CARDS);
    expect(readdirSync(folder).filter((f) => f.endsWith('.partial'))).toEqual([]);
  }, 120_000);
});
