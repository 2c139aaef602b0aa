// `cachet revoke`: marks a card revoked, with the date and the reason people will see.
import { CachetError, parseSerial, serialToHex, formatSerial } from '../../core/index.js';
import { parse, required, type Command } from '../args.js';
import { openContext } from '../context.js';

export const revoke: Command = {
  name: 'revoke',
  summary: 'revoke a card by its serial',
  usage: `cachet revoke <serial> --reason TEXT [--json]

The serial as printed under the QR code (7K3M-Q9XP-2HT4-W) or its 16 hex digits.
The reason is public: it shows on the verification page. Never put client data in it.`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      reason: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new CachetError('ERR_INVALID_ARGUMENT', 'give one serial');
    const serial = parseSerial(positionals[0]!);
    const reason = required(values, 'reason');
    const { store } = await openContext({ needRegistry: true });
    try {
      const revocation = await store.revokeCard(serialToHex(serial), reason, new Date());
      const serialText = formatSerial(serial);
      console.log(
        values.json
          ? JSON.stringify({ serial: serialToHex(serial), serialText, ...revocation })
          : `Revoked ${serialText} at ${revocation.revokedAt}: ${reason}`,
      );
      return 0;
    } finally {
      store.close();
    }
  },
};
