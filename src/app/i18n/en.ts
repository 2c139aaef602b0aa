// Every English string people see on Cachet's pages. The other languages copy its shape exactly
// (the type checker holds them to it); `{name}` marks a value filled in by `fill`.
import type { Occasion, RevocationReason, Status } from '../../core/index.js';

export const en = {
  lang: 'en',
  languageName: 'English',
  siteName: 'Cachet',
  tagline: 'Check that a card really comes from the house.',
  status: {
    authentic: {
      title: 'Genuine code',
      explain: 'The house issued a card with this code, and it has not been revoked.',
      proves:
        'This proves the code is genuine. It does not prove that a card in a photo is the card that carries it: a code can be copied.',
    },
    revoked: {
      title: 'Revoked card',
      explain: 'The house issued this card, then revoked it.',
      proves: 'Do not treat this card as valid.',
    },
    unregistered: {
      title: 'Not in the registry',
      explain: 'The signature is valid, but the house has no record of this card.',
      proves: 'The house has been alerted. Treat this card with care.',
    },
    forged: {
      title: 'Forged code',
      explain: 'The signature on this code is not valid.',
      proves: 'The house did not issue this code.',
    },
    'unknown-key': {
      title: 'Unknown signature',
      explain: 'This code was signed with a key the house does not know.',
      proves: 'The house did not issue this code.',
    },
    malformed: {
      title: 'Not a card code',
      explain: 'This is not a Cachet card code.',
      proves: 'Check that the whole link or number was copied.',
    },
  } satisfies Record<Status, { title: string; explain: string; proves: string }>,
  claimSlip: {
    title: 'A claim slip, not a card',
    explain:
      'This code is on the slip that comes with a card in its envelope, for its recipient to claim the card.',
    proves:
      'It says nothing about whether a card is genuine: check the code printed on the card itself.',
    open: 'Claim the card with this slip',
  },
  lookAlike: {
    title: 'Look-alike address',
    explain: 'This code leads to {host}. That is not the house’s check site.',
    proves:
      'Fake cards often carry a code that opens a fake page, and that page always says “genuine”. Do not trust it.',
  },
  serial: {
    title: 'Found by serial',
    explain:
      'The house’s registry has a card with this serial, and the verdict shown is the one its code gets when scanned. Only the serial was typed: it does not show that the card you hold carries that code.',
    proves: 'A serial can be copied. Scan the QR code on the card for proof.',
    revokedTitle: 'Revoked card (found by serial)',
    notFoundTitle: 'No card with this serial',
    notFoundExplain: 'The house’s registry has no card with this serial. Check each character.',
    invalid: 'This is not a serial. A serial has 13 characters, like 7K3M-Q9XP-2HT4-W.',
    verdictNote:
      'Found by the serial printed under the code: this is the verdict the card’s code gets when scanned.',
  },
  keyRefused: {
    'key-not-valid-for-date': {
      title: 'Dated outside its key’s dates',
      explain:
        'This code carries the house’s signature, but it is dated {issued}, and the key that signed it was not allowed to sign cards dated that day: it signs cards dated {window}.',
      proves: 'The house does not vouch for a card dated outside its key’s dates.',
      next: 'Do not rely on this card. Ask the boutique that issued it, giving the serial printed under the code: if the house dated it by mistake, it can issue a new card. If it was sold or given to you as genuine, keep it and tell the house where it came from.',
    },
    'key-compromised': {
      title: 'Dated after its key was compromised',
      explain:
        'This code carries a signature made with the house’s key, but it is dated {issued}, and that key was reported compromised from {since}: whoever took the key could have signed it.',
      proves: 'The house does not vouch for this card.',
      next: 'Do not rely on this card. Ask the boutique that issued it, giving the serial printed under the code, and tell the house where the card came from.',
    },
    from: 'from {from}',
    fromTo: 'from {from} to {to}',
  },
  expectHost: 'A genuine card opens a page at {host}. Check the address bar.',
  scans: {
    first: 'This is the first check of this code.',
    count:
      'Before this check, this code had been checked {count, plural, one {# time} other {# times}}, the first time on {date}.',
  },
  widelyScanned:
    'This code has been checked from many places. Codes copied from photos look exactly like the real one.',
  logged:
    'Publicly logged on {date}, entry {index}: anyone can check that the house issued this card then.',
  notLogged:
    'This card is not in the house’s public issuance log yet, though it should be by now. Ask the boutique before trusting it.',
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
    code: 'Code',
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
  keyCompromised:
    'The key that signed this card was later reported compromised. Cards dated before that still verify, but ask the house if in doubt.',
  revocationReason: {
    counterfeit: 'Copies of this card are circulating',
    'lost-or-stolen': 'Reported lost or stolen',
    'issued-in-error': 'Issued in error',
    'client-request': "At the recipient's request",
    'key-compromise': 'The signing key was compromised',
    other: 'Revoked by the house',
  } satisfies Record<RevocationReason, string>,
  receiptLink: 'Signed receipt of this check (JSON)',
  privacy: 'Cachet never shows who received a card.',
  home: {
    heading: 'Check a card',
    pasteLabel: 'Link or code',
    pasteHint: 'Paste the link from the QR code, or the long number in it.',
    serialLabel: 'Serial',
    serialHint: 'The 13 characters printed under the QR code.',
    submit: 'Check',
    imageHeading: 'Check a photo or screenshot',
    imageLabel: 'Choose an image',
    imageNotice:
      'Your image is read on this device. It is sent only when the house keeps a photo of the card as issued, to compare the two, and it is not kept.',
    comparing:
      'The house keeps a photo of this card as issued: sending your photo to compare them…',
    cameraStart: 'Scan with the camera',
    cameraStop: 'Stop the camera',
    cameraHint: 'Hold the QR code in front of the camera.',
    reading: 'Reading the image…',
    noCode: 'No QR code was found in this image. Try a sharper or larger image.',
    noWasm: 'This browser cannot read images itself. You can send the image to Cachet instead.',
    sendImage: 'Send the image to be read (it is not stored)',
    cameraDenied:
      'The camera was refused. Allow it for this site in the browser’s settings, or take a photo of the code and choose it above.',
    cameraMissing:
      'This browser cannot open a camera here. Take a photo of the code with the camera app and choose it above.',
    inApp:
      'You are in the {app} app’s own browser, which may block the camera. Open this page in your usual browser (menu, then “Open in browser”).',
    noFeatures:
      'This browser lacks what reading images needs. You can send the image to Cachet instead, or paste the link.',
    seenUnreadable:
      'A QR code was found but could not be read: it may be blurred, too small, cut off or covered by glare. Try a sharper photo, or draw a box around the code below.',
    cropHint: 'Draw a box around the code in the image, then read that part enlarged.',
    cropButton: 'Read the part in the box',
    noScript: 'Reading an image needs JavaScript. You can still paste a link or type a serial.',
  },
  results: {
    heading: '{count, plural, one {# code found} other {# codes found}}',
    none: 'No QR code was found in this image. Try a sharper or larger image.',
  },
  imageError: {
    tooLarge: 'This image is too large. Send at most 10 MB and 40 megapixels.',
    unsupported: 'This kind of file is not supported. Send a JPEG, PNG, WebP or GIF image.',
    unreadable: 'This image could not be read. It may be damaged.',
  },
  tooMany: 'Too many checks from your connection. Wait a minute, then try again.',
  notFound: 'There is no page at this address.',
  offline: {
    heading: 'Checked on this device',
    checking: 'Checking on this device…',
    checkedHere: 'Checked on this device, without the network.',
    revocationsAsOf: 'Revocations known as of {date} ({age}).',
    noTrust:
      'This device has not saved the house’s keys yet. Open this site once while connected; after that it can check cards offline.',
    staleTrust:
      'The keys saved on this device are too old to trust. Connect to the internet to refresh them.',
    badTrust:
      'The keys saved on this device do not check out. Connect to the internet to refresh them.',
    startHeading: 'Check a card on this device',
    startHow:
      'Scan the QR code on the card with your phone’s camera and open the link it shows, or paste the card’s link (or its digits) below.',
    startScan: 'Scan it with this device’s camera',
    startChecks:
      'Without the network, this device checks the card’s signature, the dates of the key that signed it, and the list of revoked cards it saved. Boutique and associate names, and how often a card has been checked, need the network.',
    trustUntil: 'The keys saved on this device can be used until {date}.',
    log: 'Public log',
    engine: 'Checked with',
    engineWebCrypto: 'this browser’s own cryptography',
    engineFallback: 'Cachet’s built-in verifier (this browser lacks Ed25519)',
    proofRefused: 'The saved proof of this card’s log entry does not hold',
    names: 'Boutique and associate names are shown when you are online.',
  },
  trustLink: 'Our keys, and how to check a card without this site',
  trust: {
    heading: 'Keys and addresses of the house',
    intro:
      'What is on this page lets you check a card without trusting this site. Compare it with what the house publishes elsewhere.',
    addresses: 'Genuine check addresses',
    addressesNote:
      'The code of a genuine card opens a page at one of these addresses, and nowhere else.',
    keys: 'Signing keys, with their whole history',
    key: 'Key',
    signs: 'Signs',
    status: 'Status',
    dates: 'Card dates',
    cards: 'cards',
    statements: 'receipts and the trust bundle',
    active: 'active',
    retired: 'retired: signs nothing new',
    compromised: 'compromised: cards dated from {date} are forged',
    development: 'development key, never for real cards',
    from: 'from {date}',
    fromTo: '{from} to {to}',
    log: 'Public issuance log',
    logSize: '{size} cards logged. Root hash {root}.',
    noLog: 'This site keeps no public issuance log.',
    logEmpty: 'The log has not signed a checkpoint yet.',
    offline: 'Check a card without this site',
    offlinePhone:
      'On a phone: open this site once while connected. It then checks cards on the phone, without a connection.',
    offlineComputer: 'On a computer, with the cachet command:',
    offlineCode:
      'In your own software: the CT1 specification and its test vectors, or the cachet/verify library.',
    files: 'What a device needs',
    jwks: 'Public keys (JWK Set)',
    bundle: 'Trust bundle (signed)',
    revocations: 'Revocation list',
    checkpoint: 'Latest log checkpoint',
    spec: 'CT1 specification',
    vectors: 'Test vectors',
  },
  next: {
    heading: 'What to do',
    authentic:
      'If you hold this card, it comes from the house. If you only saw it in a photo, the code is genuine, but the photo may show a copy of it.',
    revoked:
      'Ask the boutique that issued it before relying on this card. If someone offers it to you, do not buy it, and tell the house where you saw it.',
    unregistered:
      'Contact the house with the serial printed under the code, and do not rely on the card until they answer.',
    forged:
      'This card does not come from the house. If it was sold or given to you as genuine, keep it and tell the house where it came from.',
    'unknown-key':
      'This code was not signed by the house. Keep the card, and tell the house where you found it.',
    malformed:
      'Scan the code again, or paste the whole link. If it still fails, type the serial printed under the code.',
    lookAlike:
      'Do not enter anything on that site. Check the card here instead, and tell the house where you found it.',
    widelyScanned:
      'What it can mean: a photo of this card has been shared widely. What it cannot tell you: whether the card in front of you is the original. Ask the boutique if in doubt.',
  },
  cite: {
    button: 'Cite this check',
    hint: 'A permanent link to this verdict as it is now, with its signed receipt.',
    heading: 'A cited check',
    then: 'Checked on {date}',
    now: 'Checked now',
    receiptOk:
      'The signed receipt of that check verifies against the house’s published keys (key {kid}).',
    receiptBad: 'The receipt of that check does not verify now: {reason}',
    download: 'Download the signed receipt (JSON)',
    howTo: 'Check it yourself, offline, with the house’s public keys:',
    link: 'Permanent link to this page',
    notFound: 'There is no cited check at this address.',
    tooMany:
      'Your connection has cited many checks today. Checks cited before keep their links; try again tomorrow (after midnight UTC).',
  },
  report: {
    link: 'Report a suspected fake',
    title: 'Report a suspected fake',
    intro:
      'Tell the house where you saw this card or code. You get a reference, and nothing else is asked of you. Your network address is not kept.',
    about: 'What you are reporting',
    aboutCode: 'The code you checked',
    aboutSerial: 'Card',
    verdict: 'Verdict',
    place: 'Where did you see it?',
    places: {
      'online-shop': 'An online shop or marketplace',
      'social-media': 'A post on social media',
      shop: 'A shop or a market',
      offered: 'Someone offered it to me',
      other: 'Somewhere else',
    },
    where: 'The link, the marketplace or the city',
    seenOn: 'When (optional)',
    details: 'Anything else the house should know (optional)',
    photo: 'A photo (optional): JPEG, PNG or WebP, up to 8 MB',
    photoNote: 'Before it is kept, the photo is stripped of its location, camera and time.',
    consent: 'I agree that the house keeps this photo to look into my report.',
    contact: 'An email address or phone number, if you would like an answer (optional)',
    send: 'Send the report',
    problems: 'Please check the form:',
    problem: {
      required: 'This is needed.',
      tooLong: 'This is too long: at most {max} characters.',
      date: 'Give a date like 2026-11-30, not in the future.',
      consent: 'To send the photo, tick the box agreeing that the house keeps it.',
      photoType: 'The photo must be a JPEG, PNG or WebP image.',
      photoSize: 'The photo is too large: at most 8 MB.',
      photoUnreadable:
        'The photo could not be read. Try another one, or send the report without it.',
      tooMany: 'Too many reports from your connection. Please try again in an hour.',
    },
    sentTitle: 'Thank you: your report is sent',
    sentRef: 'Your reference',
    sentKeep: 'Keep it: give it if you write to the house about this report.',
    sentPhotoNotKept:
      'Your report is kept, without its photo: this card has had very many reports with photos today, and the house already has them.',
  },
  card: {
    same: 'The card in your photo is the card the house issued: around the code, it matches the photo the house took of it once written.',
    copyTitle:
      'This code is genuine, but the card in your photo is not the one it was issued on: a copy.',
    copyExplain:
      'Around the code, your photo does not match the photo the house took of this card once written: the code has been put on another card. Do not rely on this card. If it was sold or given to you as genuine, keep it and report it.',
    cannotTell:
      'Your photo shows too little of the card to compare it with the card as issued. To compare, photograph the whole card, flat and in good light.',
    kept: 'The house keeps a photo of this card as it was issued. To check that a card in front of you is this one, upload a photo of the whole card on the start page, or report it if in doubt.',
    compareLink: 'Compare a photo of the card',
  },
  claim: {
    title: 'Claim your card',
    intro:
      'If this card was given to you, the code on the slip in its envelope lets you say so: anyone who checks the card will see that its recipient claimed it. No account and no email: you choose what is shown.',
    code: 'The code on the slip',
    codeHint: '28 letters and digits in groups of four; hyphens and spaces may be left out.',
    handle: 'A public name (optional)',
    handleHint:
      'At most 40 characters, shown as plain text beside the verdict. Leave it empty to show only the date of your claim.',
    showPhoto:
      'Also show the photo the house took of this card when it was issued, so that anyone can compare a photo of the card with it',
    showPhotoHint:
      'The photo shows the handwriting, which may name you. This does something only if the house keeps such a photo of your card.',
    houseSees:
      'The house will see what you make public, as everyone will. A claim tells it nothing else about you.',
    submit: 'Claim the card',
    problems: 'Please check the form:',
    problem: {
      code: 'This code has a typo: check each character against the slip (the last one is a check character).',
      unknown:
        'No card is waiting for this code. Check it against the slip; if the card was passed on to you, use the transfer code you were given with it.',
      handle: 'A public name has 1 to 40 characters and no invisible or control characters.',
      secret: 'This holder secret has a typo: check each character.',
      noClaim:
        'No standing claim has this holder secret. It stops working once the claim is released.',
      tooMany: 'Too many attempts from your connection. Please try again in an hour.',
      revoked:
        'The house has revoked this card: it can no longer be claimed or passed on, and its claim can show nothing more. What it shows can still be hidden.',
      confirm: 'Tick the box to confirm that you pass the card on.',
    },
    takenTitle: 'This card has already been claimed',
    takenExplain:
      'A code works once, and someone has already claimed this card with it. The house has been told of this attempt. If the card is yours and you did not claim it, report it: the house can look into it.',
    tryAgain: 'Type another code',
    madeTitle: 'Your claim is public',
    card: 'Card',
    secret: 'Your holder secret',
    secretKeep:
      'Keep it somewhere safe: it is shown only this once, and the house cannot show it again. With it you can change what is shown, or release the claim when you pass the card on.',
    download: 'Download the holder secret (text file)',
    fileText:
      'Holder secret of your claim on the card {serial}:\n{secret}\n\nChange or release the claim at {url}\n',
    publicSees: 'What anyone who checks the card now sees',
    manageLink: 'Change or release your claim',
    manageTitle: 'Your claim',
    manageIntro: 'Type the holder secret you were given when you claimed the card.',
    secretLabel: 'Holder secret',
    secretHint: '36 letters and digits in groups of four.',
    open: 'Open my claim',
    change: 'Change what is shown',
    save: 'Save',
    saved: 'Saved: anyone who checks the card now sees this.',
    releaseTitle: 'Pass the card on',
    releaseExplain:
      'Releasing ends your claim: the verdict no longer shows it, your holder secret and the slip stop working, and you get a transfer code to hand over with the card. Its next holder claims it with that code.',
    releaseConfirm: 'I pass this card on and release my claim.',
    release: 'Release my claim',
    releasedTitle: 'Your claim is released',
    transferCode: 'The transfer code',
    transferKeep:
      'Hand it over with the card, written down or as the link below. It works once: whoever claims the card with it first becomes its holder.',
    transferLink: 'The claim page for this code',
    heading: 'The recipient’s claim',
    claimedOn: 'Claimed by its recipient on {date}.',
    endedOn: 'Claimed by its recipient on {date}. The claim ended when the card was revoked.',
    publicName: 'Public name chosen by the holder:',
    photoAlt: 'The card as the house photographed it when it was issued',
    photoNote: 'Shown by its holder: compare a photo of the card with it by eye.',
    noneShown: 'Only the date of the claim is shown.',
  },
  checkAnother: 'Check another card',
  language: 'Language',
} as const;

/** The shape every language fills: the same keys as English, any text. */
type Shape<T> = { readonly [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export type Messages = Shape<typeof en>;

/** Plural rules and number formats by language: made once, used on every page. */
const numberFormats = new Map<string, { plural: Intl.PluralRules; number: Intl.NumberFormat }>();

/** The index of the `}` that closes the `{` at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * One argument of a message: `name`, or ICU's `name, plural, one {…} other {…}` (exact `=N`
 * first, then the language's CLDR category, then `other`; `#` is the number).
 */
function argument(body: string, values: Record<string, string | number>, lang: string) {
  const plural = /^\s*(\w+)\s*,\s*plural\s*,([\s\S]*)$/.exec(body);
  const name = plural ? plural[1]! : body.trim();
  if (!(name in values)) return undefined;
  const value = values[name]!;
  if (!plural) return String(value);
  const n = Number(value);
  const cases = new Map<string, string>();
  const spec = plural[2]!;
  for (let i = 0; i < spec.length;) {
    const open = spec.indexOf('{', i);
    if (open < 0) break;
    const close = closing(spec, open);
    if (close < 0) break;
    cases.set(spec.slice(i, open).trim(), spec.slice(open + 1, close));
    i = close + 1;
  }
  let formats = numberFormats.get(lang);
  if (!formats) {
    formats = { plural: new Intl.PluralRules(lang), number: new Intl.NumberFormat(lang) };
    numberFormats.set(lang, formats);
  }
  const chosen =
    cases.get(`=${n}`) ?? cases.get(formats.plural.select(n)) ?? cases.get('other') ?? '';
  const number = formats.number.format(n);
  return fill(chosen.replace(/#/g, number), values, lang);
}

/**
 * Fills `{name}` markers with values, and ICU plural arguments
 * (`{count, plural, one {# time} other {# times}}`) by the plural rules of `lang`.
 */
export function fill(
  template: string,
  values: Record<string, string | number>,
  lang = 'en',
): string {
  let out = '';
  for (let i = 0; i < template.length;) {
    const open = template.indexOf('{', i);
    const close = open < 0 ? -1 : closing(template, open);
    if (close < 0) return out + template.slice(i);
    out += template.slice(i, open);
    out +=
      argument(template.slice(open + 1, close), values, lang) ?? template.slice(open, close + 1);
    i = close + 1;
  }
  return out;
}
