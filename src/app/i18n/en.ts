// Every English string people see on Cachet's pages, in one table so other languages can follow.
import type { Occasion, Status } from '../../core/index.js';

export const en = {
  lang: 'en',
  siteName: 'Cachet',
  tagline: 'Check that a card really comes from the house.',
  status: {
    authentic: {
      title: 'Genuine card',
      explain:
        'The house issued a card with this code, and it has not been revoked. This proves the code is genuine; it cannot prove that a photographed card is the card that carries it.',
    },
    revoked: {
      title: 'Revoked card',
      explain: 'The house issued this card once, then revoked it. Do not treat it as valid.',
    },
    unregistered: {
      title: 'Not in the registry',
      explain:
        'The signature is valid, but the house has no record of this card. The house has been alerted; treat the card with care.',
    },
    forged: {
      title: 'Forged card',
      explain: 'The signature on this code is not valid. The house did not issue it.',
    },
    'unknown-key': {
      title: 'Unknown signature',
      explain:
        'This code was signed with a key the house does not know. The house did not issue it.',
    },
    malformed: {
      title: 'Not a card code',
      explain: 'This is not a Cachet card code. Check that the whole link was copied.',
    },
  } satisfies Record<Status, { title: string; explain: string }>,
  label: {
    boutique: 'Boutique',
    issued: 'Issued on',
    associate: 'Sales associate',
    occasion: 'Occasion',
    serial: 'Serial',
    revokedOn: 'Revoked on',
    reason: 'Reason',
    key: 'Signing key',
    detail: 'Detail',
  },
  occasion: {
    unspecified: 'Not stated',
    birthday: 'Birthday',
    anniversary: 'Anniversary',
    wedding: 'Wedding',
    birth: 'Birth',
    'holiday-season': 'Holiday season',
    'new-year': 'New Year',
    'lunar-new-year': 'Lunar New Year',
    'thank-you': 'Thank you',
    welcome: 'Welcome',
    'private-event': 'Private event',
    'new-collection': 'New collection',
    condolences: 'Condolences',
    congratulations: 'Congratulations',
  } satisfies Record<Occasion, string>,
  developmentKey:
    'Development key: this card was signed with a key made for trying Cachet out. It proves nothing about a real card.',
  issuedInFuture: 'The card is dated in the future.',
  privacy: 'Cachet never shows who received a card.',
  home: {
    heading: 'Check a card',
    inputLabel: 'Card link or code',
    inputHint: 'Paste the link from the QR code, or the long number in it.',
    submit: 'Check',
  },
  notFound: 'There is no page at this address.',
  checkAnother: 'Check another card',
  keysLink: 'Public keys',
} as const;

export type Messages = typeof en;
