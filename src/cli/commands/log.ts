// `cachet log`: the public issuance log as the registry holds it. `backfill` gives every card
// registered before the log its entry (idempotent); the running server places them and signs.
import { CachetError } from '../../core/index.js';
import { parse, type Command, type OptionSpecs } from '../args.js';
import { auditCli, openContext } from '../context.js';
import { progressBar } from '../progress.js';

const OPTIONS = {
  json: { type: 'boolean', help: 'print JSON' },
} satisfies OptionSpecs;

/** Cards given their entries per transaction. */
const STEP = 1000;

export const log: Command = {
  name: 'log',
  summary: 'the public issuance log: add cards registered before it',
  options: OPTIONS,
  forms: [{ words: 'backfill', optional: ['json'] }],
  about: [
    'backfill: every registered card with no log entry gets one, logged now (its day stays the',
    'day on the card); running it again adds nothing. The server places the new entries and',
    'signs a checkpoint within a second (or at its next start). Cards registered before tokens',
    'were kept cannot be logged, and are counted.',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parse(argv, OPTIONS);
    if (positionals[0] !== 'backfill' || positionals.length !== 1) {
      throw new CachetError('ERR_INVALID_ARGUMENT', 'usage: cachet log backfill [--json]');
    }
    const { store } = await openContext({ needRegistry: true });
    try {
      const before = await store.countUnlogged();
      const bar = progressBar(before.withToken);
      const added = await auditCli(
        store,
        'log.backfill',
        { target: 'log' },
        async () => {
          let total = 0;
          for (;;) {
            const cards = await store.unloggedCards(STEP);
            if (cards.length === 0) return total;
            const n = await store.appendToLog(cards, new Date());
            for (const card of cards) bar.tick(card.serial);
            total += n;
            if (n === 0) return total; // nothing more can go in
          }
        },
        (n) => `${n} added, ${before.withoutToken} without a token`,
      );
      bar.done();
      console.log(
        values.json
          ? JSON.stringify({ added, withoutToken: before.withoutToken })
          : `Added ${added} card${added === 1 ? '' : 's'} to the issuance log` +
              (before.withoutToken > 0
                ? `; ${before.withoutToken} registered before tokens were kept cannot be logged`
                : ''),
      );
      return 0;
    } finally {
      store.close();
    }
  },
};
