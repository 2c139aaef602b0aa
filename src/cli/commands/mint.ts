// `cachet mint`: one card: registry row first, then the token, then its QR code as SVG and PNG.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CachetError, OCCASIONS } from '../../core/index.js';
import { mintCard } from '../../issue/mint-card.js';
import { ECC_LEVELS, renderQr, type Ecc } from '../../issue/qr.js';
import { integer, parse, required, rows, type Command } from '../args.js';
import { openContext, requireSigner } from '../context.js';

export const mint: Command = {
  name: 'mint',
  summary: 'mint a card token and its QR code',
  usage: `cachet mint --boutique CODE --associate N [--date YYYY-MM-DD] [--occasion NAME]
            [--client-ref REF] [--out DIR] [--ecc L|M|Q|H] [--json]

  --date        issue date (default: today, UTC)
  --occasion    one of: ${OCCASIONS.join(', ')}
  --client-ref  the brand's CRM reference: kept in the registry for legal, never in the token
  --out         folder for <serial>.svg and <serial>.png (default: cards)
  --ecc         QR error correction level (default: M)
  --json        print {serial, serialText, token, url, qrVersion, files}`,
  async run(argv) {
    const { values } = parse(argv, {
      boutique: { type: 'string' },
      associate: { type: 'string' },
      date: { type: 'string' },
      occasion: { type: 'string' },
      'client-ref': { type: 'string' },
      out: { type: 'string' },
      ecc: { type: 'string' },
      json: { type: 'boolean' },
    });
    const ecc = (values.ecc ?? 'M').toUpperCase() as Ecc;
    if (!ECC_LEVELS.includes(ecc))
      throw new CachetError('ERR_INVALID_ARGUMENT', '--ecc is one of L, M, Q, H');
    const request = {
      boutique: required(values, 'boutique'),
      associate: integer(required(values, 'associate'), 'associate', 0, 0xffffff),
      date: values.date,
      occasion: values.occasion,
      clientRef: values['client-ref'],
    };
    const { store, signer, config } = await openContext();
    try {
      const card = await mintCard(request, {
        store,
        signer: requireSigner(signer),
        origin: config.origin,
        now: new Date(),
      });
      const qr = await renderQr(card.url, { ecc });
      const dir = resolve(values.out ?? 'cards');
      await mkdir(dir, { recursive: true });
      const files = {
        svg: join(dir, `${card.serialText}.svg`),
        png: join(dir, `${card.serialText}.png`),
      };
      await writeFile(files.svg, qr.svg);
      await writeFile(files.png, qr.png);
      const { serial, serialText, token, url } = card;
      if (values.json) {
        console.log(
          JSON.stringify({
            serial,
            serialText,
            token,
            url,
            qrText: qr.text,
            qrVersion: qr.version,
            files,
          }),
        );
        return 0;
      }
      console.log(`Minted card ${serialText}`);
      console.log(
        rows([
          ['url', url],
          ['issued', card.issued],
          [
            'qr',
            `version ${qr.version} (${17 + 4 * qr.version} × ${17 + 4 * qr.version} modules), ECC ${ecc}`,
          ],
          ['svg', files.svg],
          ['png', files.png],
        ]),
      );
      if (signer?.key.development)
        console.log('  note    signed with the DEVELOPMENT key: not for real cards');
      return 0;
    } finally {
      store.close();
    }
  },
};
