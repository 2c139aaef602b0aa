// `cachet registry check`: the consistency check of src/store/registry-check.ts on this machine's
// registry (opened read-only, so it runs beside the server) and keys; exit 1 and every problem
// named when it is not clean.
import { readNodeConfig } from '../../config.js';
import { showControls } from '../../core/index.js';
import { checkRegistryFile } from '../../node/registry-ports.js';
import { CHECKS, FATAL_CHECKS, type RegistryReport } from '../../store/registry-check.js';
import { jsonOnly } from '../args.js';
import type { CommandGroup } from '../sub-commands.js';

/** The report as lines: one per check (ok, or how many problems), each problem under its check. */
export function describeReport(report: RegistryReport): string[] {
  const lines: string[] = [];
  for (const check of CHECKS) {
    if (!report.checked.includes(check)) continue;
    const found = report.problems.filter((p) => p.check === check);
    lines.push(
      `${check.padEnd(16)} ${found.length === 0 ? 'ok' : `${found.length} problem${found.length === 1 ? '' : 's'}`}`,
    );
    // The registry's own text (serials, names, migration names) is shown, never obeyed.
    for (const p of found) {
      lines.push(showControls(`  ${p.subject ? `${p.subject}: ` : ''}${p.message}`));
    }
    for (const n of report.notes.filter((x) => x.check === check)) {
      lines.push(showControls(`  note: ${n.subject ? `${n.subject}: ` : ''}${n.message}`));
    }
  }
  const c = report.counts;
  lines.push(
    // The checkpoint is read only once the schema is Cachet's.
    `${c.cards} cards, ${c.revocations} revocations, ${c.logEntries} log entries${report.checked.includes('log-root') ? `; the log's checkpoint: size ${report.log.size}${report.log.root ? `, root ${report.log.root}` : ''}` : ''}`,
  );
  // A file that could not be read is not damaged: no restore is advised for it.
  if (report.problems.some((p) => FATAL_CHECKS.includes(p.check) && !p.unreadable)) {
    lines.push(
      'The file, its schema or its log is damaged: restore the latest backup into an empty CACHET_DB with `cachet restore <backup>`',
    );
  }
  return lines;
}

/** A line on the terminal saying which check runs and how far it is, redrawn at most 10 times a second. */
function progressLine(stream: NodeJS.WriteStream = process.stderr) {
  let drawn = 0;
  let shown = false;
  return {
    show(check: string, done: number, total: number) {
      if (!stream.isTTY || Date.now() - drawn < 100) return;
      drawn = Date.now();
      shown = true;
      stream.write(`\rchecking ${check} ${done}/${total}`.padEnd(60));
    },
    clear() {
      if (shown) stream.write(`\r${' '.repeat(60)}\r`);
    },
  };
}

export const registry: CommandGroup = {
  name: 'registry',
  summary: 'check that the registry, the issuance log, the revocation list and the keys agree',
  subCommands: [
    jsonOnly({
      name: 'check',
      summary: 'check the registry, the log, the revocation list and the keys; exit 1 on a problem',
      about: `Reads CACHET_DB read-only (the server may run) and the keys of CACHET_KEYS_DIR: SQLite's
integrity and foreign keys, the migrations, the log's entries against the cards, the tiles
against every signed checkpoint, the rids against the revocations, the scan log, and the private
keys the registry needs.`,
      notes: 'Exit status: 0 clean, 1 with problems (each named by its check and subject).',
      async run(json) {
        const config = readNodeConfig(process.env);
        const progress = progressLine();
        let report: RegistryReport;
        try {
          report = await checkRegistryFile({
            dbPath: config.dbPath,
            keys: {
              keysDir: config.keysDir,
              signingKey: config.signingKey,
              receiptKey: config.receiptKey,
            },
            onProgress: json
              ? undefined
              : (check, done, total) => progress.show(check, done, total),
          });
        } finally {
          progress.clear();
        }
        if (json) console.log(JSON.stringify(report, null, 2));
        else {
          console.log(showControls(`Checked ${config.dbPath}`));
          for (const line of describeReport(report)) console.log(line);
        }
        return report.problems.length === 0 ? 0 : 1;
      },
    }),
  ],
};
