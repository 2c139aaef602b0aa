// `cachet revoke`: marks a card revoked, with a public reason from the fixed list and a note
// only staff read. Written to the audit log as the local user.
import {
  CachetError,
  formatSerial,
  isRevocationReason,
  MAX_REVOCATION_NOTE,
  parseSerial,
  REVOCATION_REASONS,
  serialToHex,
} from '../../core/index.js';
import { revokeCard } from '../../services/revoke.js';
import { JSON_OPTION, parse, required, type Command, type OptionSpecs } from '../args.js';
import { auditCli, openContext } from '../context.js';

const OPTIONS = {
  reason: {
    type: 'string',
    value: 'REASON',
    help: `shown publicly on the verification page, in every language; one of:\n${REVOCATION_REASONS.join(', ')}`,
  },
  note: {
    type: 'string',
    value: 'TEXT',
    help: `for staff only (a case number, where copies were seen); never public; at most ${MAX_REVOCATION_NOTE} characters`,
  },
  json: JSON_OPTION,
} satisfies OptionSpecs;

export const revoke: Command = {
  name: 'revoke',
  summary: 'revoke a card by its serial',
  options: OPTIONS,
  forms: [{ words: '<serial>', required: ['reason'], optional: ['note', 'json'] }],
  about: 'The serial as printed under the QR code (7K3M-Q9XP-2HT4-W) or its 16 hex digits.',
  async run(argv) {
    const { values, positionals } = parse(argv, OPTIONS);
    if (positionals.length !== 1) throw new CachetError('ERR_INVALID_ARGUMENT', 'give one serial');
    const typed = positionals[0]!;
    const serial = parseSerial(typed);
    const reason = required(values, 'reason');
    if (!isRevocationReason(reason)) {
      throw new CachetError(
        'ERR_INVALID_ARGUMENT',
        `--reason must be one of: ${REVOCATION_REASONS.join(', ')} (free text goes in --note)`,
      );
    }
    const { store, actor } = await openContext({ needRegistry: true });
    try {
      const hex = serialToHex(serial);
      const { revocation } = await auditCli(store, 'card.revoke', { target: hex }, () =>
        revokeCard(
          { store, admin: store.admin() },
          actor,
          { serial: hex, reason, note: values.note },
          new Date(),
        ),
      ).catch((error: unknown) => {
        // Named as it was typed, not by the 16 hex digits the registry keys it by.
        if (error instanceof CachetError && error.subject === 'card') {
          throw new CachetError(
            'ERR_NOT_FOUND',
            `no card has the serial ${typed}${typed.toUpperCase() === formatSerial(serial) ? '' : ` (read as ${formatSerial(serial)})`}`,
          );
        }
        throw error;
      });
      const serialText = formatSerial(serial);
      console.log(
        values.json
          ? JSON.stringify({ serial: hex, serialText, ...revocation, note: values.note ?? '' })
          : `Revoked ${serialText} at ${revocation.revokedAt}: ${reason}`,
      );
      return 0;
    } finally {
      store.close();
    }
  },
};
