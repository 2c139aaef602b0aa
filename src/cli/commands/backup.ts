// `cachet backup` and `cachet restore`: the registry copied online with the keys' public half
// (and, with --with-keys, the private keys encrypted under a passphrase), and put back into an
// empty data folder on a new machine, checked before and after (src/node/backup.ts).
import { parse, type Command, type OptionSpecs } from '../args.js';

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
  json: { type: 'boolean', help: 'print the manifest as JSON' },
} satisfies OptionSpecs;

export const backup: Command = {
  name: 'backup',
  summary: 'copy the registry (and, asked, the keys) into a folder, while the server runs',
  options: BACKUP_OPTIONS,
  forms: [{ words: '<dir>', optional: ['with-keys', 'passphrase-file', 'json'] }],
  async run(argv) {
    parse(argv, BACKUP_OPTIONS);
    throw new Error('cachet backup: not built yet');
  },
};

const RESTORE_OPTIONS = {
  'passphrase-file': {
    type: 'string',
    value: 'FILE',
    help: "read the passphrase of the backup's keys from FILE (default: asked)",
  },
  json: { type: 'boolean', help: 'print what was restored as JSON' },
} satisfies OptionSpecs;

export const restore: Command = {
  name: 'restore',
  summary: 'put a backup back into an empty data folder, checked before and after',
  options: RESTORE_OPTIONS,
  forms: [{ words: '<backup>', optional: ['passphrase-file', 'json'] }],
  async run(argv) {
    parse(argv, RESTORE_OPTIONS);
    throw new Error('cachet restore: not built yet');
  },
};
