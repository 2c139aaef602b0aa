// `cachet revoke`: marks a card revoked, with a public reason from the fixed list and a note
// only staff read. Written to the audit log as the local user.
import {
  CachetError,
  formatSerial,
  isRevocationReason,
  parseSerial,
  REVOCATION_REASONS,
  serialToHex,
} from '../../core/index.js';
import { parse, required, type Command } from '../args.js';
import { auditCli, openContext } from '../context.js';

export const revoke: Command = {
  name: 'revoke',
  summary: 'revoke a card by its serial',
  usage: `cachet revoke <serial> --reason REASON [--note TEXT] [--json]

The serial as printed under the QR code (7K3M-Q9XP-2HT4-W) or its 16 hex digits.
  --reason  shown publicly on the verification page, in every language; one of:
            ${REVOCATION_REASONS.join(', ')}
  --note    for staff only (a case number, where copies were seen); never public`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      reason: { type: 'string' },
      note: { type: 'string' },
      json: { type: 'boolean' },
    });
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
      const revocation = await store
        .revokeCard(hex, { reason, note: values.note, by: actor }, new Date())
        .catch((error: unknown) => {
          // Named as it was typed, not by the 16 hex digits the registry keys it by.
          if (error instanceof CachetError && error.code === 'ERR_NOT_FOUND') {
            throw new CachetError(
              'ERR_NOT_FOUND',
              `no card has the serial ${typed}${typed.toUpperCase() === formatSerial(serial) ? '' : ` (read as ${formatSerial(serial)})`}`,
            );
          }
          throw error;
        });
      await auditCli(store, 'card.revoke', hex, reason);
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
