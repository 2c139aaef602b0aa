// `cachet edge export`: the Worker's D1 brought down (`wrangler d1 export`) to a registry file
// this machine can check, keep and serve. D1 holds the cards, revocations and log entries with
// their places; the log's tiles and checkpoints live in R2, so the tiles are rebuilt here from the
// placed entries and, given the Worker's signed checkpoint, its root is checked against them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CachetError,
  equalBytes,
  openNote,
  parseCheckpoint,
  parseVkey,
  rootHash,
  toBase64,
} from '../core/index.js';
import { tileReader } from '../services/log.js';
import { rebuildLogTiles } from '../store/log-rebuild.js';
import { findProjectFile } from '../store/project-files.js';
import { compareSchema } from '../store/registry-schema.js';
import type { RegistryCounts, RegistryProblem } from '../store/registry-check.js';
import { createRegistryFile, loadSqlDump, refuseExisting } from '../store/sql-load.js';
import { sqliteDb } from '../store/sqlite.js';
import { checkRegistryFile } from './registry-ports.js';

const here = fileURLToPath(import.meta.url);

/** What the Worker keeps outside D1, and so outside any export of it. */
export const NOT_IN_EXPORT = [
  "the log's tiles and signed checkpoints (R2): the tiles are rebuilt here from D1's placed entries, the checkpoint is kept only when given --checkpoint and its root holds",
  "the scan aggregators' Durable Object state: scans counted but not yet written to D1 (at most CACHET_SCAN_AGGREGATE_MS of them)",
  "the keys: CACHET_JWKS and CACHET_LOG_KEY are the Worker's variables and secrets; keep the keys/ folder they were deployed from (cachet backup --with-keys)",
];

export interface EdgeExportOptions {
  /** The registry file to write; refused if it exists. */
  out: string;
  /** The deployed D1 (wrangler's credentials) rather than the local one. */
  remote?: boolean;
  /** wrangler's local state folder (its --persist-to); default: the project's, as dev:edge keeps it. */
  persistTo?: string;
  /** The Worker's newest signed checkpoint and the log's vkey, with where they came from. */
  checkpoint?: { note: string; vkey: string; source: string };
  now?: Date;
}

/** What was exported, and what the check of it found. */
export interface EdgeExport {
  path: string;
  bytes: number;
  database: string;
  remote: boolean;
  counts: RegistryCounts;
  log: {
    /** Entries with their place in D1, over which the tiles were rebuilt. */
    placed: number;
    /** The rebuilt root (base64) over every placed entry; null for an empty log. */
    root: string | null;
    /** The Worker's checkpoint it was checked against, or null when none was given. */
    checkpoint: { size: number; source: string; matches: boolean } | null;
  };
  /** Everything the registry check (and the checkpoint's) found wrong. */
  problems: RegistryProblem[];
  /** What the check noted without counting it a problem (cards from before the log). */
  notes: RegistryProblem[];
  /** What could not be checked from D1 alone, said plainly. */
  notChecked: string[];
}

/** The D1 database wrangler.toml names (its database_name), or its binding. */
function databaseName(configText: string): string {
  const block = /\[\[d1_databases\]\]([\s\S]*?)(?=\n\[|$)/.exec(configText)?.[1] ?? '';
  return /^\s*database_name\s*=\s*"([^"]+)"/m.exec(block)?.[1] ?? 'DB';
}

/** The SQL text of D1, through wrangler. @throws CachetError `ERR_BACKUP` when wrangler fails. */
function exportD1(o: EdgeExportOptions, work: string): { sql: string; database: string } {
  const configPath = findProjectFile('wrangler.toml', here);
  const configText = readFileSync(configPath, 'utf8');
  const database = databaseName(configText);
  let config = configPath;
  if (o.persistTo !== undefined && !o.remote) {
    // `wrangler d1 export --local` reads <config's folder>/.wrangler/state and takes no
    // --persist-to: a config of its own, beside that folder, points it there.
    const root = findProjectFile('', here);
    config = join(work, 'wrangler.toml');
    writeFileSync(
      config,
      configText.replace(
        /^(main|migrations_dir|directory) = "(.+)"$/gm,
        (_, key: string, path: string) => `${key} = "${join(root, path)}"`,
      ),
    );
    mkdirSync(join(work, '.wrangler'));
    symlinkSync(resolve(o.persistTo), join(work, '.wrangler', 'state'));
  }
  const output = join(work, 'd1.sql');
  const wrangler = findProjectFile('node_modules/wrangler/bin/wrangler.js', here);
  const args = [wrangler, 'd1', 'export', database, o.remote ? '--remote' : '--local'];
  const r = spawnSync(process.execPath, [...args, '--output', output, '-c', config, '-y'], {
    cwd: work,
    env: { ...process.env, WRANGLER_SEND_METRICS: process.env.WRANGLER_SEND_METRICS ?? 'false' },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    const said = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.trim().split('\n').slice(-6).join('\n');
    throw new CachetError('ERR_BACKUP', `wrangler d1 export failed:\n${said || r.error?.message}`);
  }
  const sql = readFileSync(output, 'utf8');
  if (!/^CREATE TABLE (IF NOT EXISTS )?"?cards"?\s*\(/m.test(sql)) {
    throw new CachetError(
      'ERR_NOT_FOUND',
      `D1 database ${database} (${o.remote ? 'remote' : `local, in ${o.persistTo ?? '.wrangler/state'}`}) holds no Cachet registry`,
    );
  }
  return { sql, database };
}

/**
 * Exports D1 to a new registry file at `out` (written under a temporary name, then linked into
 * place: never over a file), rebuilds the log's tiles from the placed entries, checks the root
 * against the Worker's checkpoint when given one (and keeps that checkpoint in the file when it
 * holds), then runs the registry check on the file.
 * @throws CachetError `ERR_CONFLICT` when `out` exists, `ERR_BACKUP` when wrangler fails.
 */
export async function exportEdgeRegistry(o: EdgeExportOptions): Promise<EdgeExport> {
  refuseExisting(o.out);
  const work = mkdtempSync(join(tmpdir(), 'cachet-edge-export-'));
  try {
    const { sql, database } = exportD1(o, work);
    const file = createRegistryFile(o.out);
    try {
      loadSqlDump(file.db, sql);
      const db = sqliteDb(file.db);
      const problems: RegistryProblem[] = [];
      const notChecked: string[] = [];
      // A trigger or a view D1 held that is not Cachet's would run in the rebuild: then nothing
      // is rebuilt, and the check names each such object.
      const foreign = (await compareSchema(db)).length > 0;
      const rebuilt = foreign
        ? { size: 0, missing: null, tiles: new Map<string, Uint8Array[]>() }
        : await rebuildLogTiles(db);
      if (rebuilt.missing !== null) {
        problems.push({
          check: 'log-entries',
          subject: `log entry ${rebuilt.missing}`,
          message: `no entry holds place ${rebuilt.missing} though later places are given: the log's tiles cannot be rebuilt`,
        });
      }
      const read = tileReader(async (level, index) => rebuilt.tiles.get(`${level}/${index}`) ?? []);
      const root = rebuilt.size > 0 ? toBase64(await rootHash(rebuilt.size, read)) : null;

      let checked: EdgeExport['log']['checkpoint'] = null;
      if (o.checkpoint && !foreign) {
        const c = o.checkpoint;
        const note = await openNote(c.note, [await parseVkey(c.vkey)]).catch((error: unknown) => {
          problems.push({
            check: 'log-root',
            subject: c.source,
            message: `the Worker's checkpoint does not open with its log key: ${(error as Error).message}`,
          });
          return null;
        });
        if (note) {
          const { size, root: signed } = parseCheckpoint(note.text);
          let matches = false;
          if (size > rebuilt.size) {
            problems.push({
              check: 'log-root',
              subject: `checkpoint ${size}`,
              message: `the Worker's checkpoint covers ${size} entries but D1 holds ${rebuilt.size} placed: ${size - rebuilt.size === 1 ? `entry ${rebuilt.size} is` : `entries ${rebuilt.size} to ${size - 1} are`} signed in the public log and missing from D1`,
            });
          } else if (rebuilt.missing === null) {
            const ours = await rootHash(size, read);
            matches = equalBytes(ours, signed);
            if (!matches) {
              problems.push({
                check: 'log-root',
                subject: `checkpoint ${size}`,
                message: `D1's entries rebuild the root ${toBase64(ours)} at size ${size}, but the Worker signed ${toBase64(signed)}: D1 and the public log disagree`,
              });
            }
          }
          // A checkpoint that holds is kept, so the file serves proofs up to it as a Node
          // registry does; the Worker keeps no date of signing: the time it was fetched stands in.
          if (matches) {
            await db.run(
              'INSERT INTO log_checkpoints (size, note, signed_at) VALUES (?, ?, ?) ON CONFLICT (size) DO NOTHING',
              size,
              c.note,
              (o.now ?? new Date()).toISOString(),
            );
          }
          checked = { size, source: c.source, matches };
        }
      }

      file.keep();
      // The file as any registry is checked, read-only; the keys are not this export's (they are
      // the Worker's secrets), so the check runs without them.
      const report = await checkRegistryFile({ dbPath: o.out });
      for (const p of report.problems) {
        // Without the Worker's checkpoint kept (none given, or one that did not hold, said above)
        // the file holds none: what the check could say of the log's root is that it has nothing
        // to compare with (its checkpoints are in R2), not that the log is wrong.
        if (p.check === 'log-root' && !checked?.matches) continue;
        problems.push(p);
      }
      if (!o.checkpoint) {
        notChecked.push(
          `the log's root: its checkpoints are in R2; give --checkpoint with the Worker's URL to check the ${rebuilt.size} placed entries against its signed checkpoint`,
        );
      }
      notChecked.push(
        'the keys: run `cachet registry check` with CACHET_DB set to this file on the machine that holds them',
      );
      return {
        path: o.out,
        bytes: statSync(o.out).size,
        database,
        remote: o.remote ?? false,
        counts: report.counts,
        log: { placed: rebuilt.size, root, checkpoint: checked },
        problems,
        notes: report.notes,
        notChecked,
      };
    } catch (error) {
      file.discard();
      throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
