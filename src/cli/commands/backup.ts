// `cachet backup` and `cachet restore`: the registry copied online with the keys' public half
// (and, with --with-keys, the private keys encrypted under a passphrase), and put back into an
// empty data folder on a new machine, checked before and after (src/node/backup.ts).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CachetError, showControls } from '../../core/index.js';
import { readNodeConfig } from '../../config.js';
import { BACKUP_FILES, restoreBackup, takeBackup, type BackupManifest } from '../../node/backup.js';
import { checkPassphrase, MIN_PASSPHRASE, readPassphraseFile } from '../../node/key-vault.js';
import { parse, type Command, type OptionSpecs } from '../args.js';
import { askSecret, canAsk } from '../ask-secret.js';
import { progressBar, type Progress } from '../progress.js';

const BACKUP_OPTIONS = {
  'with-keys': {
    type: 'boolean',
    help: 'include the private keys, encrypted under a passphrase (Argon2id, AES-256-GCM)',
  },
  'passphrase-file': {
    type: 'string',
    value: 'FILE',
    help: 'read the passphrase from FILE (default: CACHET_BACKUP_PASSPHRASE_FILE, or asked)',
  },
  json: { type: 'boolean', help: 'print the backup folder and its manifest as JSON' },
} satisfies OptionSpecs;

/** The one folder or backup a command names. */
function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new CachetError('ERR_INVALID_ARGUMENT', `give one ${what}`);
  return positionals[0]!;
}

/** A passphrase file's text (key-vault.ts reads it as the server does); a loose mode warned. */
function readPassphrase(path: string, setting: string): string {
  let read;
  try {
    read = readPassphraseFile(path);
  } catch (error) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `the passphrase file (${setting}): ${(error as Error).message}`,
    );
  }
  if (read.warning) console.error(`warning: ${read.warning}`);
  return read.passphrase;
}

/**
 * The passphrase: --passphrase-file, else CACHET_BACKUP_PASSPHRASE_FILE, else asked on the
 * terminal (twice when it seals), else refused naming the ways to give one.
 */
async function choosePassphrase(
  file: string | undefined,
  fromSetting: string | undefined,
  purpose: 'seal' | 'open',
): Promise<string> {
  if (file !== undefined) return readPassphrase(file, '--passphrase-file');
  if (fromSetting !== undefined)
    return readPassphrase(fromSetting, 'CACHET_BACKUP_PASSPHRASE_FILE');
  if (!canAsk()) {
    throw new CachetError(
      'ERR_PASSPHRASE',
      purpose === 'seal'
        ? 'the private keys need a passphrase to be encrypted under: give --passphrase-file FILE or set CACHET_BACKUP_PASSPHRASE_FILE (or run this on a terminal to be asked)'
        : 'the backup holds the private keys, encrypted: give their passphrase with --passphrase-file FILE or CACHET_BACKUP_PASSPHRASE_FILE (or run this on a terminal to be asked)',
    );
  }
  if (purpose === 'open') return askSecret("Passphrase of the backup's keys: ");
  const first = await askSecret(
    `Passphrase for the private keys (${MIN_PASSPHRASE}+ characters): `,
  );
  const again = await askSecret('The same passphrase again: ');
  if (first !== again) throw new CachetError('ERR_PASSPHRASE', 'the two passphrases differ');
  return first;
}

const bytesText = (n: number) =>
  n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** What a manifest says, in a few lines. */
function describeManifest(manifest: BackupManifest): string[] {
  const { counts, log, keys } = manifest;
  const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
  return [
    `  cards      ${counts.cards} (${counts.revocations} revoked), ${counts.boutiques} boutiques, ${counts.associates} associates, ${counts.staff} staff`,
    `  log        size ${log.size}${log.root ? `, root ${log.root}` : ''}`,
    `  keys       ${keys.kids.length} public${keys.encrypted ? `, ${keys.private.length} private (encrypted)` : ', no private key inside'}`,
    `  bytes      ${bytesText(bytes)} in ${manifest.files.map((f) => f.path).join(', ')}`,
  ];
}

export const backup: Command = {
  name: 'backup',
  summary: 'copy the registry (and, asked, the keys) into a folder, while the server runs',
  about:
    "Takes a consistent copy of the registry (SQLite's backup API: the server keeps serving) into\n" +
    "cachet-<UTC date>/ inside <dir>, with jwks.json and a manifest of counts, the log's size and\n" +
    "root, and each file's SHA-256. With --with-keys the private keys go in too, encrypted under a\n" +
    'passphrase with Argon2id (memory-hard: each guess at a stolen backup costs 64 MiB) and\n' +
    'AES-256-GCM.',
  options: BACKUP_OPTIONS,
  forms: [{ words: '<dir>', optional: ['with-keys', 'passphrase-file', 'json'] }],
  async run(argv) {
    const { values, positionals } = parse(argv, BACKUP_OPTIONS);
    const into = resolve(onePositional(positionals, 'folder to back up into'));
    const config = readNodeConfig(process.env);
    if (values['passphrase-file'] !== undefined && !values['with-keys']) {
      throw new CachetError(
        'ERR_INVALID_ARGUMENT',
        '--passphrase-file goes with --with-keys (without it, no private key is backed up)',
      );
    }
    const passphrase = values['with-keys']
      ? await choosePassphrase(values['passphrase-file'], config.backupPassphraseFile, 'seal')
      : undefined;
    // Keys asked for: an empty, short or blank passphrase is refused, never taken as "no keys".
    if (passphrase !== undefined) checkPassphrase(passphrase);
    let bar: Progress | undefined;
    let shown = 0;
    const { path, manifest } = await takeBackup({
      dbPath: config.dbPath,
      keysDir: config.keysDir,
      into,
      passphrase,
      onProgress: (done, total) => {
        bar ??= progressBar(total);
        for (; shown < done; shown++) bar.tick('registry pages');
      },
    });
    bar?.done();
    if (values.json) {
      console.log(JSON.stringify({ path, manifest }, null, 2));
      return 0;
    }
    console.log(`Backed up ${config.dbPath} into ${path}`);
    for (const line of describeManifest(manifest)) console.log(line);
    if (!manifest.keys.encrypted) {
      console.log(
        '  (no private key: keep keys/private/ safe elsewhere, or back up with --with-keys)',
      );
    }
    return 0;
  },
};

const RESTORE_OPTIONS = {
  'passphrase-file': {
    type: 'string',
    value: 'FILE',
    help: "read the passphrase of the backup's keys from FILE (default: CACHET_BACKUP_PASSPHRASE_FILE, or asked)",
  },
  'log-vkey': {
    type: 'string',
    value: 'VKEY|FILE',
    help: "the log's verifier key (GET /log/vkey, or a monitor's copy) to check the backup's signature under, when neither keys.enc nor CACHET_KEYS_DIR holds the log key",
  },
  unsigned: {
    type: 'boolean',
    help: "restore a backup that is not signed (taken before the server's first start): nothing vouches for it",
  },
  json: { type: 'boolean', help: 'print what was restored as JSON' },
} satisfies OptionSpecs;

/** --log-vkey: the key itself, or a file holding it (as GET /log/vkey gives it). */
function readVkey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+={0,2}$/.test(value.trim())) return value.trim();
  try {
    return readFileSync(value, 'utf8').trim();
  } catch (error) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `--log-vkey: ${value} is neither a verifier key (name+hash+key) nor a file that can be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

export const restore: Command = {
  name: 'restore',
  summary: 'put a backup back into an empty data folder, checked before and after',
  about:
    "Checks the manifest's signature by the log key (under the log key in keys.enc, the one in\n" +
    'CACHET_KEYS_DIR, or --log-vkey), every file of the backup against the manifest, copies the\n' +
    'registry to CACHET_DB (which must not exist yet), runs the whole registry check on it with\n' +
    'the keys it will have, then writes the keys into CACHET_KEYS_DIR without replacing any.',
  options: RESTORE_OPTIONS,
  forms: [{ words: '<backup>', optional: ['passphrase-file', 'log-vkey', 'unsigned', 'json'] }],
  async run(argv) {
    const { values, positionals } = parse(argv, RESTORE_OPTIONS);
    const from = resolve(onePositional(positionals, 'backup folder (cachet-<date>)'));
    const config = readNodeConfig(process.env);
    // keys.enc present: its passphrase is needed (restoreBackup refuses anything but a file).
    const sealed = existsSync(resolve(from, BACKUP_FILES.keys));
    if (!sealed && values['passphrase-file'] !== undefined) {
      throw new CachetError(
        'ERR_BACKUP',
        `${from} holds no private keys (no keys.enc), though a passphrase was given: it was taken without --with-keys, or its keys were taken out; nothing was restored`,
      );
    }
    const passphrase = sealed
      ? await choosePassphrase(values['passphrase-file'], config.backupPassphraseFile, 'open')
      : undefined;
    const restored = await restoreBackup({
      from,
      dbPath: config.dbPath,
      keysDir: config.keysDir,
      passphrase,
      logVkey: readVkey(values['log-vkey']),
      acceptUnsigned: values.unsigned ?? false,
    });
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            registry: config.dbPath,
            keys: restored.keys,
            warnings: restored.warnings,
            manifest: restored.manifest,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    // What a backup says of itself is shown with its control characters escaped.
    console.log(
      showControls(`Restored ${from} (taken ${restored.manifest.createdAt}) into ${config.dbPath}`),
    );
    for (const line of describeManifest(restored.manifest)) console.log(showControls(line));
    for (const key of restored.keys) console.log(`  wrote      ${showControls(key)}`);
    for (const warning of restored.warnings) console.error(`warning: ${showControls(warning)}`);
    console.log('Next: `cachet registry check`, then `npm start`.');
    return 0;
  },
};
