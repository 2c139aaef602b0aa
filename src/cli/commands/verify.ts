// `cachet verify`: the verdict for a card URL, token or photo, or for a folder of images, from
// the local registry or from a Cachet server, or with no network from saved trust. This file
// picks the mode; src/cli/verify/ holds each one and the one way a verdict is written.
import { statSync } from 'node:fs';
import { CachetError } from '../../core/index.js';
import { JSON_OPTION, parse, type Command, type OptionSpecs } from '../args.js';
import { serverOrigin } from '../server-origin.js';
import { verifyImages, imagesUnder } from '../verify/images.js';
import { kindOfInput } from '../verify/input.js';
import { verifyOffline } from '../verify/offline.js';
import { localChecker, remoteChecker, remotePhotoChecker, verifyCode } from '../verify/online.js';

const OPTIONS = {
  dir: {
    type: 'string',
    value: 'FOLDER',
    help: 'every image under FOLDER (sub-folders too), with a progress bar on a terminal',
  },
  server: {
    type: 'string',
    value: 'URL',
    help: 'ask this Cachet server (http:// or https://) instead of this machine',
  },
  offline: {
    type: 'boolean',
    help: 'check on this machine with trust saved by cachet trust pull: no network, no registry',
  },
  trust: {
    type: 'string',
    value: 'DIR',
    help: `with --offline: the saved trust (default: the card host's, or the only one)`,
  },
  proof: {
    type: 'string',
    value: 'FILE',
    help: 'with --offline: a saved .tlog-proof of the card, checked against the log key',
  },
  at: {
    type: 'string',
    value: 'TIME',
    help: 'with --offline: check as of this instant (ISO 8601), as a test vector states it',
  },
  json: { ...JSON_OPTION, help: 'print the results as JSON' },
  csv: { type: 'boolean', help: 'print the results as CSV (one of --json and --csv)' },
} satisfies OptionSpecs;

export const verify: Command = {
  name: 'verify',
  summary: 'verify a card URL, token or photo, or a folder of images (exit 0 only when authentic)',
  options: OPTIONS,
  forms: [
    { words: '<url|token|image...>', optional: ['json', 'csv', 'server'] },
    { required: ['dir'], optional: ['json', 'csv', 'server'] },
    {
      words: '<url|token|image>',
      required: ['offline'],
      optional: ['trust', 'proof', 'at', 'json'],
    },
  ],
  about: `Checks the token against the keys and registry of this machine, or asks a Cachet server.
Images (JPEG, PNG, WebP, GIF): every QR code in each one is checked (read on this machine, or with
--server by the server), and a code that leads to any host but the brand's verify hosts is
reported as a look-alike. When the house keeps a photo of a card as issued, the card around its
code is compared with it: match same-card, different-card (a genuine code on another card: a
copy) or cannot-tell; empty when no photo is kept. --offline compares nothing.
With --offline nothing leaves this machine: the signature, the key's dates and the revocation list
come from trust saved by cachet trust pull, so a card the registry does not hold still reads as
authentic, and revocations newer than the saved list are not known (the answer says how fresh).`,
  notes:
    'Exit status: 0 when every code is authentic, 1 otherwise (a different-card too),\n2 when the check could not be made.',
  async run(argv) {
    const { values, positionals } = parse(argv, OPTIONS);
    if (values.json && values.csv) {
      throw new CachetError('ERR_INVALID_ARGUMENT', 'choose one of --json and --csv');
    }
    if (values.offline) {
      if (values.server !== undefined || values.dir !== undefined || values.csv) {
        throw new CachetError(
          'ERR_INVALID_ARGUMENT',
          '--offline checks one card, with no --server',
        );
      }
      if (positionals.length !== 1) {
        throw new CachetError('ERR_INVALID_ARGUMENT', 'give one card URL, token or image');
      }
      return await verifyOffline(positionals[0]!, values);
    }
    if (values.trust !== undefined || values.proof !== undefined || values.at !== undefined) {
      throw new CachetError('ERR_INVALID_ARGUMENT', '--trust, --proof and --at go with --offline');
    }
    if (values.server !== undefined) serverOrigin(values.server);
    if (values.dir !== undefined) {
      const found = statSync(values.dir, { throwIfNoEntry: false });
      if (!found) throw new CachetError('ERR_NOT_FOUND', `no folder ${values.dir}`);
      if (!found.isDirectory()) {
        throw new CachetError(
          'ERR_INVALID_ARGUMENT',
          `--dir ${values.dir} is a file, not a folder`,
        );
      }
    }
    const images = values.dir
      ? imagesUnder(values.dir)
      : positionals.filter((p) => kindOfInput(p) === 'image');
    if (!values.dir && positionals.length === 0) {
      throw new CachetError('ERR_INVALID_ARGUMENT', 'give a card URL, a token, or image files');
    }
    if (values.dir && images.length === 0) {
      throw new CachetError('ERR_NOT_FOUND', `no JPEG, PNG, WebP or GIF image under ${values.dir}`);
    }
    const local = values.server ? null : await localChecker();
    const check = local?.check ?? remoteChecker(values.server!);
    try {
      if (values.dir || images.length > 0) {
        const format = values.json ? 'json' : values.csv ? 'csv' : 'table';
        const photo = local?.photo ?? remotePhotoChecker(values.server!);
        return await verifyImages(images, values.dir, photo, format);
      }
      if (positionals.length !== 1) {
        throw new CachetError('ERR_INVALID_ARGUMENT', 'give one card URL or token at a time');
      }
      const expected = local ? local.hosts.join(', ') : values.server!;
      return await verifyCode(positionals[0]!, check, expected, values.json);
    } finally {
      local?.close();
    }
  },
};
