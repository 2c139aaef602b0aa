// Claim slips through the real `cachet mint` (built, in child processes) on a real registry file:
// one card with --claim-slip, its slip files read back by an independent QR decoder (zxing-wasm)
// and by Poppler, the card's own code checked to carry no claim code; CSV batches with a
// claim_slip column, and a batch run again that cannot show a code twice.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  claimCodeHash,
  fromHex,
  parseClaimCode,
  parseSerial,
  serialToHex,
} from '../../src/core/index.js';
import { claimCard } from '../../src/services/claims.js';
import { parseCsv } from '../../src/services/csv.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { cliFolder, type Run } from '../helpers/cli.js';
import { pdfPages } from '../helpers/pdf.js';
import { decodeQr } from '../helpers/qr-decode.js';

const ORIGIN = 'https://verify.brand.co';
const { dir, env, run } = cliFolder('cachet-slip-', { CACHET_PUBLIC_URL: ORIGIN });
const ok = (r: Run) => {
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return r.stdout;
};
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$/;

/** The claim codes the registry keeps for a card: serial → code hash. */
function keptCodes(): Map<string, string> {
  const store = openSqliteStore(env.CACHET_DB);
  try {
    const rows = store.db.prepare('SELECT code_hash, serial FROM claim_codes').all() as {
      code_hash: string;
      serial: string;
    }[];
    return new Map(rows.map((r) => [r.serial, r.code_hash]));
  } finally {
    store.close();
  }
}

async function hashOf(code: string): Promise<string> {
  const store = openSqliteStore(env.CACHET_DB);
  try {
    return await claimCodeHash(parseClaimCode(code), await store.claims().claimSalt());
  } finally {
    store.close();
  }
}

const manifest = (folder: string) => {
  const [head, ...rows] = parseCsv(readFileSync(join(folder, 'manifest.csv'), 'utf8'));
  return rows.map((r) => Object.fromEntries(head!.fields.map((h, i) => [h, r.fields[i]!])));
};

beforeAll(() => {
  ok(run('keygen'));
  ok(
    run(
      ...['boutique', 'add', '--number', '7', '--code', 'PAR-SH', '--name', 'Paris Saint-Honoré'],
      ...['--city', 'Paris', '--country', 'FR'],
    ),
  );
  ok(run('associate', 'add', '--number', '101', '--boutique', 'PAR-SH', '--name', 'Camille'));
});

describe('cachet mint --claim-slip', () => {
  it('says what --claim-slip does in its help', () => {
    expect(ok(run('mint', '--help'))).toMatch(/--claim-slip\s+add a claim slip/);
  });

  it('hands out the code once, keeps only its salted hash, and prints a slip that leads to /claim', async () => {
    const out = JSON.parse(
      ok(
        run(
          ...['mint', '--boutique', 'PAR-SH', '--associate', '101', '--claim-slip'],
          ...['--print', '--json', '--out', join(dir, 'one')],
        ),
      ),
    );
    expect(out.claimCode).toMatch(CODE);
    expect(out.claimUrl).toBe(`${ORIGIN}/claim?code=${out.claimCode}`);
    const serial = serialToHex(parseSerial(out.serialText));
    expect(keptCodes().get(serial)).toBe(await hashOf(out.claimCode));
    // Never in the clear: not in the registry file, nor in the card's URL or token.
    const canonical = parseClaimCode(out.claimCode);
    const db = readFileSync(env.CACHET_DB).toString('latin1');
    expect(db).not.toContain(canonical);
    expect(db).not.toContain(out.claimCode);
    expect(out.url).not.toContain(canonical);

    // The slip, as PNG and as PDF: its QR code leads to the claim page with a code that parses.
    const slipPng = readFileSync(out.files.slipPng);
    const [read] = await decodeQr(slipPng);
    const url = new URL(read!);
    expect(`${url.origin}${url.pathname}`).toBe(`${ORIGIN}/claim`);
    expect(parseClaimCode(url.searchParams.get('code')!)).toBe(canonical);
    const [page] = pdfPages(readFileSync(out.files.slipPdf), 300);
    expect(await decodeQr(page!)).toEqual([out.claimUrl]);
    expect(readFileSync(out.files.slipSvg, 'utf8')).toContain(
      `claim slip for card ${out.serialText}`,
    );
    expect(statSync(out.files.slipPdf).mode & 0o077).toBe(0);

    // The card itself carries no claim code: its insert's QR code is the card URL alone.
    const insert = await decodeQr(readFileSync(out.files.insertPng));
    expect(insert).toEqual([out.qrText]);
    expect(insert[0]).not.toMatch(/claim/i);
    expect(insert[0]).not.toContain(canonical);
  });

  it('prints the code in groups and the claim URL for people', () => {
    const text = ok(
      run(
        'mint',
        '--boutique',
        'PAR-SH',
        '--associate',
        '101',
        '--claim-slip',
        '--out',
        join(dir, 'two'),
      ),
    );
    const code = /claim code\s+(\S+)/.exec(text)?.[1];
    expect(code).toMatch(CODE);
    expect(text).toContain(`claim url   ${ORIGIN}/claim?code=${code}`);
    expect(text).toMatch(/shown this once/);
  });

  it('mints a card without a slip as before: no code, nothing kept', () => {
    const out = JSON.parse(
      ok(
        run(
          'mint',
          '--boutique',
          'PAR-SH',
          '--associate',
          '101',
          '--json',
          '--out',
          join(dir, 'three'),
        ),
      ),
    );
    expect(out).not.toHaveProperty('claimCode');
    expect(out).not.toHaveProperty('claimUrl');
    expect(Object.keys(out.files).sort()).toEqual(['png', 'svg']);
    expect(keptCodes().has(serialToHex(parseSerial(out.serialText)))).toBe(false);
  });
});

describe('cachet mint --csv with a claim_slip column', () => {
  const HEADER = 'boutique,associate,copies,claim_slip\n';

  it('refuses a claim_slip value it does not know, naming the line, before minting anything', () => {
    const before = keptCodes().size;
    const file = join(dir, 'bad.csv');
    writeFileSync(file, `${HEADER}PAR-SH,101,1,yes\nPAR-SH,101,1,maybe\n`);
    const r = run('mint', '--csv', file, '--out', join(dir, 'bad'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/line 3: claim_slip is yes, true or 1.*"maybe"/);
    expect(keptCodes().size).toBe(before);
  });

  it('shows a card’s claim in `cachet verify`, as text and as JSON', async () => {
    const out = JSON.parse(
      ok(run('mint', '--boutique', 'PAR-SH', '--associate', '101', '--claim-slip', '--json')),
    );
    expect(ok(run('verify', out.url))).not.toMatch(/^ *claim /m);
    // The slip's own link is told apart from a card: no verdict, and not exit 0.
    const slip = run('verify', out.claimUrl);
    expect(slip.code).toBe(1);
    expect(slip.stdout.split('\n')[0]).toBe('claim-slip');
    expect(slip.stdout).toMatch(/not a card/);
    const store = openSqliteStore(env.CACHET_DB);
    try {
      const ports = { claims: store.claims(), store, admin: store.admin(), now: () => new Date() };
      await claimCard(ports, { code: out.claimCode, handle: '@camille' });
    } finally {
      store.close();
    }
    const today = new Date().toISOString().slice(0, 10);
    expect(ok(run('verify', out.url))).toMatch(
      new RegExp(`^ *claim +claimed by its recipient on ${today}, under the name "@camille"$`, 'm'),
    );
    expect(JSON.parse(ok(run('verify', out.url, '--json'))).claim).toMatchObject({
      status: 'active',
      handle: '@camille',
    });
  });

  it('refuses --claim-slip with --csv, pointing to the claim_slip column, and mints nothing', () => {
    const before = keptCodes().size;
    const file = join(dir, 'no-column.csv');
    writeFileSync(file, `${HEADER}PAR-SH,101,1,\n`);
    const r = run('mint', '--csv', file, '--out', join(dir, 'no-column'), '--claim-slip');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--claim-slip is the claim_slip column of the CSV file/);
    expect(existsSync(join(dir, 'no-column', 'manifest.csv'))).toBe(false);
    expect(keptCodes().size).toBe(before);
  });

  it('writes each card’s code in the manifest and its slip file, and cannot show it again', async () => {
    const file = join(dir, 'gala.csv');
    writeFileSync(file, `${HEADER}PAR-SH,101,2,Yes\nPAR-SH,101,1,\nPAR-SH,101,1,TRUE\n`);
    const out = join(dir, 'gala');
    expect(ok(run('mint', '--csv', file, '--out', out, '--contact-sheet', 'a4'))).toMatch(
      /slips\s+\S+slips-a4\.pdf/,
    );
    const first = manifest(out);
    expect(first).toHaveLength(4);
    const withSlip = first.filter((r) => r.row !== '3');
    for (const row of withSlip) {
      expect(row.claim_code).toMatch(CODE);
      expect(row.claim_url).toBe(`${ORIGIN}/claim?code=${row.claim_code}`);
      const serial = serialToHex(parseSerial(row.serial!));
      expect(keptCodes().get(serial)).toBe(await hashOf(row.claim_code!));
      const [page] = pdfPages(readFileSync(join(out, `${row.serial}.slip.pdf`)), 300);
      expect(await decodeQr(page!)).toEqual([row.claim_url]);
    }
    // The slips of the run on one contact sheet, each read back.
    const [sheet] = pdfPages(readFileSync(join(out, 'slips-a4.pdf')), 300);
    expect((await decodeQr(sheet!)).sort()).toEqual(withSlip.map((r) => r.claim_url).sort());
    const plain = first.find((r) => r.row === '3')!;
    expect(plain.claim_code).toBe('');
    expect(keptCodes().has(serialToHex(parseSerial(plain.serial!)))).toBe(false);

    // Run again: the manifest keeps the codes it had, from the earlier manifest.
    const again = ok(run('mint', '--csv', file, '--out', out));
    expect(again).toMatch(/found\s+4 minted by an earlier run/);
    const second = manifest(out);
    expect(second.map((r) => r.claim_code)).toEqual(first.map((r) => r.claim_code));

    // Without that manifest, the registry cannot give them again, and says so for those rows.
    rmSync(join(out, 'manifest.csv'));
    const third = ok(run('mint', '--csv', file, '--out', out));
    expect(third).toMatch(/3 cards asking for a claim slip were minted by an earlier run/);
    const rows = manifest(out);
    for (const row of rows.filter((r) => r.row !== '3')) {
      expect(row.claim_code).toBe('');
      expect(row.claim_note).toMatch(/shown only then/);
    }
    expect(rows.find((r) => r.row === '3')!.claim_note).toBe('');
    expect(fromHex(keptCodes().values().next().value!)).toHaveLength(32);
  });
});
