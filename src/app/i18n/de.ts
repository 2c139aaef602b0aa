// German strings, in the shape of the English table.
import type { Messages } from './en.js';

export const de: Messages = {
  lang: 'de',
  languageName: 'Deutsch',
  siteName: 'Cachet',
  tagline: 'Prüfen Sie, ob eine Karte wirklich vom Haus stammt.',
  status: {
    authentic: {
      title: 'Echter Code',
      explain: 'Das Haus hat eine Karte mit diesem Code ausgestellt. Sie wurde nicht widerrufen.',
      proves:
        'Das beweist, dass der Code echt ist. Es beweist nicht, dass die Karte auf einem Foto diesen Code trägt: Ein Code kann kopiert werden.',
    },
    revoked: {
      title: 'Widerrufene Karte',
      explain: 'Das Haus hat diese Karte ausgestellt und dann widerrufen.',
      proves: 'Betrachten Sie diese Karte nicht als gültig.',
    },
    unregistered: {
      title: 'Nicht im Register',
      explain: 'Die Signatur ist gültig, aber das Haus hat keinen Eintrag zu dieser Karte.',
      proves: 'Das Haus wurde benachrichtigt. Seien Sie mit dieser Karte vorsichtig.',
    },
    forged: {
      title: 'Gefälschter Code',
      explain: 'Die Signatur dieses Codes ist ungültig.',
      proves: 'Das Haus hat diesen Code nicht ausgestellt.',
    },
    'unknown-key': {
      title: 'Unbekannte Signatur',
      explain: 'Dieser Code wurde mit einem Schlüssel signiert, den das Haus nicht kennt.',
      proves: 'Das Haus hat diesen Code nicht ausgestellt.',
    },
    malformed: {
      title: 'Kein Kartencode',
      explain: 'Das ist kein Cachet-Kartencode.',
      proves: 'Prüfen Sie, ob der ganze Link oder die ganze Zahl kopiert wurde.',
    },
  },
  claimSlip: {
    title: 'Ein Anspruchsschein, keine Karte',
    explain:
      'Dieser Code steht auf dem Schein, der einer Karte im Umschlag beiliegt, damit ihre Empfängerin die Karte beanspruchen kann.',
    proves:
      'Er sagt nichts darüber, ob eine Karte echt ist: Prüfen Sie den Code auf der Karte selbst.',
    open: 'Die Karte mit diesem Schein beanspruchen',
  },
  lookAlike: {
    title: 'Täuschend ähnliche Adresse',
    explain: 'Dieser Code führt zu {host}. Das ist nicht die Prüfseite des Hauses.',
    proves:
      'Gefälschte Karten tragen oft einen Code, der eine gefälschte Seite öffnet. Diese Seite sagt immer „echt“. Vertrauen Sie ihr nicht.',
  },
  serial: {
    title: 'Über die Seriennummer gefunden',
    explain:
      'Das Register des Hauses enthält eine Karte mit dieser Seriennummer, und das angezeigte Ergebnis ist das, was ihr Code beim Scannen erhält. Eingegeben wurde nur die Nummer: Das zeigt nicht, dass Ihre Karte diesen Code trägt.',
    proves:
      'Eine Seriennummer kann kopiert werden. Scannen Sie den QR-Code der Karte für einen Beweis.',
    revokedTitle: 'Widerrufene Karte (über die Seriennummer gefunden)',
    notFoundTitle: 'Keine Karte mit dieser Seriennummer',
    notFoundExplain:
      'Das Register des Hauses hat keine Karte mit dieser Seriennummer. Prüfen Sie jedes Zeichen.',
    invalid:
      'Das ist keine Seriennummer. Eine Seriennummer hat 13 Zeichen, zum Beispiel 7K3M-Q9XP-2HT4-W.',
    verdictNote:
      'Über die Seriennummer unter dem Code gefunden: Das ist das Ergebnis, das der Code der Karte beim Scannen erhält.',
  },
  keyRefused: {
    'key-not-valid-for-date': {
      title: 'Außerhalb der Daten ihres Schlüssels datiert',
      explain:
        'Dieser Code trägt die Signatur des Hauses, ist aber auf den {issued} datiert, und der Schlüssel, der ihn signiert hat, durfte keine Karten mit diesem Datum signieren: Er signiert Karten mit Datum {window}.',
      proves:
        'Das Haus bürgt nicht für eine Karte, die außerhalb der Daten ihres Schlüssels datiert ist.',
      next: 'Verlassen Sie sich nicht auf diese Karte. Fragen Sie die Boutique, die sie ausgestellt hat, mit der Seriennummer unter dem Code: Hat das Haus sie irrtümlich so datiert, kann es eine neue Karte ausstellen. Wurde sie Ihnen als echt verkauft oder geschenkt, behalten Sie sie und sagen Sie dem Haus, woher sie stammt.',
    },
    'key-compromised': {
      title: 'Nach der Kompromittierung ihres Schlüssels datiert',
      explain:
        'Dieser Code trägt eine Signatur mit dem Schlüssel des Hauses, ist aber auf den {issued} datiert, und dieser Schlüssel gilt seit dem {since} als kompromittiert: Wer den Schlüssel entwendet hat, konnte ihn signieren.',
      proves: 'Das Haus bürgt nicht für diese Karte.',
      next: 'Verlassen Sie sich nicht auf diese Karte. Fragen Sie die Boutique, die sie ausgestellt hat, mit der Seriennummer unter dem Code, und sagen Sie dem Haus, woher die Karte stammt.',
    },
    from: 'ab dem {from}',
    fromTo: 'vom {from} bis zum {to}',
  },
  expectHost: 'Eine echte Karte öffnet eine Seite auf {host}. Prüfen Sie die Adressleiste.',
  scans: {
    first: 'Dies ist die erste Prüfung dieses Codes.',
    count:
      'Vor dieser Prüfung wurde dieser Code {count, plural, one {einmal} other {#-mal}} geprüft, zum ersten Mal am {date}.',
  },
  widelyScanned:
    'Dieser Code wurde an vielen Orten geprüft. Von Fotos kopierte Codes sehen genau wie der echte aus.',
  logged:
    'Am {date} öffentlich protokolliert, Eintrag {index}: Jeder kann prüfen, dass das Haus diese Karte damals ausgestellt hat.',
  notLogged:
    'Diese Karte steht noch nicht im öffentlichen Ausgabeprotokoll des Hauses, obwohl sie dort sein sollte. Fragen Sie die Boutique, bevor Sie ihr vertrauen.',
  label: {
    boutique: 'Boutique',
    issued: 'Ausgestellt am',
    associate: 'Verkaufsberater',
    occasion: 'Anlass',
    serial: 'Seriennummer',
    revokedOn: 'Widerrufen am',
    reason: 'Grund',
    key: 'Signaturschlüssel',
    detail: 'Einzelheit',
    code: 'Code',
  },
  occasion: {
    unspecified: 'Nicht angegeben',
    birthday: 'Geburtstag',
    anniversary: 'Jahrestag',
    wedding: 'Hochzeit',
    birth: 'Geburt',
    'holiday-season': 'Festtage',
    'new-year': 'Neujahr',
    'lunar-new-year': 'Mondneujahr',
    'thank-you': 'Dank',
    welcome: 'Willkommen',
    'private-event': 'Private Veranstaltung',
    'new-collection': 'Neue Kollektion',
    condolences: 'Beileid',
    congratulations: 'Glückwünsche',
  },
  developmentKey:
    'Entwicklungsschlüssel: Diese Karte wurde mit einem Schlüssel zum Ausprobieren von Cachet signiert. Sie beweist nichts über eine echte Karte.',
  issuedInFuture: 'Die Karte ist in der Zukunft datiert.',
  keyCompromised:
    'Der Schlüssel, der diese Karte signiert hat, wurde später als kompromittiert gemeldet. Ältere Karten bleiben gültig; fragen Sie im Zweifel das Haus.',
  revocationReason: {
    counterfeit: 'Kopien dieser Karte sind im Umlauf',
    'lost-or-stolen': 'Als verloren oder gestohlen gemeldet',
    'issued-in-error': 'Irrtümlich ausgestellt',
    'client-request': 'Auf Wunsch des Empfängers',
    'key-compromise': 'Der Signaturschlüssel wurde kompromittiert',
    other: 'Vom Haus widerrufen',
  },
  receiptLink: 'Signierte Quittung dieser Prüfung (JSON)',
  privacy: 'Cachet zeigt nie, wer eine Karte erhalten hat.',
  home: {
    heading: 'Eine Karte prüfen',
    pasteLabel: 'Link oder Code',
    pasteHint: 'Fügen Sie den Link aus dem QR-Code ein, oder die lange Zahl darin.',
    serialLabel: 'Seriennummer',
    serialHint: 'Die 13 Zeichen unter dem QR-Code.',
    submit: 'Prüfen',
    imageHeading: 'Ein Foto oder einen Screenshot prüfen',
    imageLabel: 'Bild auswählen',
    imageNotice:
      'Ihr Bild wird auf diesem Gerät gelesen. Es wird nur gesendet, wenn das Haus ein Foto der Karte im ausgegebenen Zustand aufbewahrt, um beide zu vergleichen, und es wird nicht gespeichert.',
    comparing:
      'Das Haus bewahrt ein Foto dieser Karte im ausgegebenen Zustand auf: Ihr Foto wird zum Vergleich gesendet …',
    cameraStart: 'Mit der Kamera scannen',
    cameraStop: 'Kamera ausschalten',
    cameraHint: 'Halten Sie den QR-Code vor die Kamera.',
    reading: 'Das Bild wird gelesen…',
    noCode:
      'In diesem Bild wurde kein QR-Code gefunden. Versuchen Sie ein schärferes oder größeres Bild.',
    noWasm: 'Dieser Browser kann Bilder nicht selbst lesen. Sie können das Bild an Cachet senden.',
    sendImage: 'Bild zum Lesen senden (es wird nicht gespeichert)',
    cameraDenied:
      'Der Kamerazugriff wurde verweigert. Erlauben Sie ihn für diese Seite in den Browsereinstellungen, oder fotografieren Sie den Code und wählen Sie das Foto oben.',
    cameraMissing:
      'Dieser Browser kann hier keine Kamera öffnen. Fotografieren Sie den Code mit der Kamera-App und wählen Sie das Foto oben.',
    inApp:
      'Sie sind im eigenen Browser der App {app}, der die Kamera sperren kann. Öffnen Sie diese Seite in Ihrem gewohnten Browser (Menü, dann „Im Browser öffnen“).',
    noFeatures:
      'Diesem Browser fehlt, was das Lesen von Bildern braucht. Sie können das Bild an Cachet senden oder den Link einfügen.',
    seenUnreadable:
      'Ein QR-Code wurde gefunden, konnte aber nicht gelesen werden: Er ist vielleicht unscharf, zu klein, abgeschnitten oder spiegelt. Versuchen Sie ein schärferes Foto, oder ziehen Sie unten einen Rahmen um den Code.',
    cropHint: 'Ziehen Sie einen Rahmen um den Code im Bild und lesen Sie diesen Teil vergrößert.',
    cropButton: 'Den Teil im Rahmen lesen',
    noScript:
      'Zum Lesen eines Bildes wird JavaScript benötigt. Sie können trotzdem einen Link einfügen oder eine Seriennummer eingeben.',
  },
  results: {
    heading: '{count, plural, one {# Code gefunden} other {# Codes gefunden}}',
    none: 'In diesem Bild wurde kein QR-Code gefunden. Versuchen Sie ein schärferes oder größeres Bild.',
  },
  imageError: {
    tooLarge: 'Dieses Bild ist zu groß. Höchstens 10 MB und 40 Megapixel.',
    unsupported:
      'Diese Dateiart wird nicht unterstützt. Senden Sie ein JPEG-, PNG-, WebP- oder GIF-Bild.',
    unreadable: 'Dieses Bild konnte nicht gelesen werden. Es ist vielleicht beschädigt.',
  },
  tooMany:
    'Zu viele Prüfungen von Ihrer Verbindung. Warten Sie eine Minute und versuchen Sie es erneut.',
  notFound: 'Unter dieser Adresse gibt es keine Seite.',
  offline: {
    heading: 'Auf diesem Gerät geprüft',
    checking: 'Prüfung auf diesem Gerät…',
    checkedHere: 'Auf diesem Gerät geprüft, ohne Netzwerk.',
    revocationsAsOf: 'Widerrufe bekannt bis {date} ({age}).',
    noTrust:
      'Dieses Gerät hat die Schlüssel des Hauses noch nicht gespeichert. Öffnen Sie diese Seite einmal mit Internetverbindung; danach kann es Karten offline prüfen.',
    staleTrust:
      'Die auf diesem Gerät gespeicherten Schlüssel sind zu alt. Verbinden Sie sich mit dem Internet, um sie zu aktualisieren.',
    badTrust:
      'Die auf diesem Gerät gespeicherten Schlüssel sind nicht gültig. Verbinden Sie sich mit dem Internet, um sie zu aktualisieren.',
    startHeading: 'Eine Karte auf diesem Gerät prüfen',
    startHow:
      'Scannen Sie den QR-Code auf der Karte mit der Kamera Ihres Telefons und öffnen Sie den angezeigten Link, oder fügen Sie unten den Link der Karte (oder ihre Ziffern) ein.',
    startScan: 'Mit der Kamera dieses Geräts scannen',
    startChecks:
      'Ohne Netz prüft dieses Gerät die Signatur der Karte, die Gültigkeitsdaten des Schlüssels, der sie signiert hat, und die gespeicherte Liste widerrufener Karten. Die Namen von Boutique und Berater und wie oft eine Karte geprüft wurde, brauchen das Netz.',
    trustUntil: 'Die auf diesem Gerät gespeicherten Schlüssel sind bis {date} verwendbar.',
    log: 'Öffentliches Protokoll',
    engine: 'Geprüft mit',
    engineWebCrypto: 'der Kryptografie dieses Browsers',
    engineFallback: 'dem eingebauten Prüfer von Cachet (dieser Browser kennt Ed25519 nicht)',
    proofRefused: 'Der gespeicherte Nachweis des Protokolleintrags dieser Karte ist nicht gültig',
    names: 'Die Namen von Boutique und Berater erscheinen, wenn Sie online sind.',
  },
  trustLink: 'Unsere Schlüssel, und wie man eine Karte ohne diese Seite prüft',
  trust: {
    heading: 'Schlüssel und Adressen des Hauses',
    intro:
      'Mit dem Inhalt dieser Seite können Sie eine Karte prüfen, ohne dieser Seite zu vertrauen. Vergleichen Sie ihn mit dem, was das Haus anderswo veröffentlicht.',
    addresses: 'Echte Prüfadressen',
    addressesNote:
      'Der Code einer echten Karte öffnet eine Seite unter einer dieser Adressen und nirgends sonst.',
    keys: 'Signaturschlüssel, mit ihrer ganzen Geschichte',
    key: 'Schlüssel',
    signs: 'Signiert',
    status: 'Status',
    dates: 'Kartendaten',
    cards: 'Karten',
    statements: 'Belege und das Vertrauenspaket',
    active: 'aktiv',
    retired: 'außer Dienst: signiert nichts Neues',
    compromised: 'kompromittiert: Karten ab dem {date} sind gefälscht',
    development: 'Entwicklungsschlüssel, nie für echte Karten',
    from: 'ab {date}',
    fromTo: '{from} bis {to}',
    log: 'Öffentliches Ausgabeprotokoll',
    logSize: '{size} Karten protokolliert. Wurzel-Hash {root}.',
    noLog: 'Diese Seite führt kein öffentliches Ausgabeprotokoll.',
    logEmpty: 'Das Protokoll hat noch keinen Prüfpunkt signiert.',
    offline: 'Eine Karte ohne diese Seite prüfen',
    offlinePhone:
      'Auf einem Telefon: Öffnen Sie diese Seite einmal mit Verbindung. Danach prüft sie Karten auf dem Telefon, ohne Verbindung.',
    offlineComputer: 'Auf einem Computer, mit dem Befehl cachet:',
    offlineCode:
      'In Ihrer eigenen Software: die CT1-Spezifikation und ihre Testvektoren, oder die Bibliothek cachet/verify.',
    files: 'Was ein Gerät braucht',
    jwks: 'Öffentliche Schlüssel (JWK Set)',
    bundle: 'Vertrauenspaket (signiert)',
    revocations: 'Widerrufsliste',
    checkpoint: 'Letzter Prüfpunkt des Protokolls',
    spec: 'CT1-Spezifikation',
    vectors: 'Testvektoren',
  },
  next: {
    heading: 'Was zu tun ist',
    authentic:
      'Wenn Sie diese Karte in der Hand halten, stammt sie vom Haus. Wenn Sie sie nur auf einem Foto gesehen haben, ist der Code echt, aber das Foto kann eine Kopie zeigen.',
    revoked:
      'Fragen Sie die ausstellende Boutique, bevor Sie sich auf diese Karte verlassen. Wird sie Ihnen angeboten, kaufen Sie sie nicht und teilen Sie dem Haus mit, wo Sie sie gesehen haben.',
    unregistered:
      'Wenden Sie sich mit der Seriennummer unter dem Code an das Haus und verlassen Sie sich bis zur Antwort nicht auf die Karte.',
    forged:
      'Diese Karte stammt nicht vom Haus. Wurde sie Ihnen als echt verkauft oder geschenkt, behalten Sie sie und teilen Sie dem Haus mit, woher sie kam.',
    'unknown-key':
      'Dieser Code wurde nicht vom Haus signiert. Behalten Sie die Karte und teilen Sie dem Haus mit, wo Sie sie gefunden haben.',
    malformed:
      'Scannen Sie den Code erneut oder fügen Sie den ganzen Link ein. Klappt es weiterhin nicht, geben Sie die Seriennummer unter dem Code ein.',
    lookAlike:
      'Geben Sie auf dieser Seite nichts ein. Prüfen Sie die Karte stattdessen hier und teilen Sie dem Haus mit, wo Sie sie gefunden haben.',
    widelyScanned:
      'Was es bedeuten kann: Ein Foto dieser Karte wurde vielfach geteilt. Was es nicht sagt: ob die Karte vor Ihnen das Original ist. Fragen Sie im Zweifel die Boutique.',
  },
  cite: {
    button: 'Diese Prüfung zitieren',
    hint: 'Ein dauerhafter Link zu diesem Ergebnis, wie es jetzt ist, mit seinem signierten Beleg.',
    heading: 'Eine zitierte Prüfung',
    then: 'Geprüft am {date}',
    now: 'Jetzt geprüft',
    receiptOk:
      'Der signierte Beleg dieser Prüfung ist mit den veröffentlichten Schlüsseln des Hauses gültig (Schlüssel {kid}).',
    receiptBad: 'Der Beleg dieser Prüfung ist jetzt nicht mehr gültig: {reason}',
    download: 'Signierten Beleg herunterladen (JSON)',
    howTo: 'Prüfen Sie ihn selbst, offline, mit den öffentlichen Schlüsseln des Hauses:',
    link: 'Dauerhafter Link zu dieser Seite',
    notFound: 'Unter dieser Adresse gibt es keine zitierte Prüfung.',
    tooMany:
      'Ihre Verbindung hat heute viele Prüfungen zitiert. Bereits zitierte Prüfungen behalten ihren Link; versuchen Sie es morgen wieder (nach Mitternacht UTC).',
  },
  report: {
    link: 'Mutmaßliche Fälschung melden',
    title: 'Mutmaßliche Fälschung melden',
    intro:
      'Sagen Sie dem Haus, wo Sie diese Karte oder diesen Code gesehen haben. Sie erhalten ein Aktenzeichen, sonst wird nichts von Ihnen verlangt. Ihre Netzwerkadresse wird nicht gespeichert.',
    about: 'Was Sie melden',
    aboutCode: 'Der geprüfte Code',
    aboutSerial: 'Karte',
    verdict: 'Ergebnis',
    place: 'Wo haben Sie es gesehen?',
    places: {
      'online-shop': 'In einem Onlineshop oder auf einem Marktplatz',
      'social-media': 'In einem Beitrag in sozialen Medien',
      shop: 'In einem Geschäft oder auf einem Markt',
      offered: 'Jemand hat es mir angeboten',
      other: 'Anderswo',
    },
    where: 'Der Link, der Marktplatz oder die Stadt',
    seenOn: 'Wann (optional)',
    details: 'Was das Haus sonst noch wissen sollte (optional)',
    photo: 'Ein Foto (optional): JPEG, PNG oder WebP, höchstens 8 MB',
    photoNote: 'Bevor es gespeichert wird, werden Ort, Kamera und Uhrzeit aus dem Foto entfernt.',
    consent:
      'Ich bin einverstanden, dass das Haus dieses Foto zur Prüfung meiner Meldung aufbewahrt.',
    contact: 'Eine E-Mail-Adresse oder Telefonnummer, wenn Sie eine Antwort wünschen (optional)',
    send: 'Meldung senden',
    problems: 'Bitte prüfen Sie das Formular:',
    problem: {
      required: 'Diese Angabe wird benötigt.',
      tooLong: 'Das ist zu lang: höchstens {max} Zeichen.',
      date: 'Geben Sie ein Datum wie 2026-11-30 an, nicht in der Zukunft.',
      consent:
        'Um das Foto zu senden, stimmen Sie mit dem Häkchen zu, dass das Haus es aufbewahrt.',
      photoType: 'Das Foto muss ein JPEG-, PNG- oder WebP-Bild sein.',
      photoSize: 'Das Foto ist zu groß: höchstens 8 MB.',
      photoUnreadable:
        'Das Foto konnte nicht gelesen werden. Versuchen Sie ein anderes, oder senden Sie die Meldung ohne Foto.',
      tooMany:
        'Zu viele Meldungen von Ihrer Verbindung. Bitte versuchen Sie es in einer Stunde erneut.',
    },
    sentTitle: 'Danke: Ihre Meldung ist gesendet',
    sentRef: 'Ihr Aktenzeichen',
    sentKeep: 'Bewahren Sie es auf: Nennen Sie es, wenn Sie dem Haus zu dieser Meldung schreiben.',
    sentPhotoNotKept:
      'Ihre Meldung ist gespeichert, ohne ihr Foto: Diese Karte wurde heute sehr oft mit Foto gemeldet, und das Haus hat diese Meldungen bereits.',
  },
  card: {
    same: 'Die Karte auf Ihrem Foto ist die Karte, die das Haus ausgegeben hat: Rund um den Code stimmt sie mit dem Foto überein, das das Haus nach dem Beschriften von ihr gemacht hat.',
    copyTitle:
      'Dieser Code ist echt, aber die Karte auf Ihrem Foto ist nicht die, auf der er ausgegeben wurde: eine Kopie.',
    copyExplain:
      'Rund um den Code stimmt Ihr Foto nicht mit dem Foto überein, das das Haus nach dem Beschriften von dieser Karte gemacht hat: Der Code wurde auf eine andere Karte übertragen. Verlassen Sie sich nicht auf diese Karte. Wurde sie Ihnen als echt verkauft oder geschenkt, behalten Sie sie und melden Sie sie.',
    cannotTell:
      'Ihr Foto zeigt zu wenig von der Karte, um sie mit der Karte im ausgegebenen Zustand zu vergleichen. Fotografieren Sie dafür die ganze Karte, flach liegend und bei gutem Licht.',
    kept: 'Das Haus bewahrt ein Foto dieser Karte so auf, wie sie ausgegeben wurde. Um zu prüfen, ob eine Karte vor Ihnen diese ist, laden Sie auf der Startseite ein Foto der ganzen Karte hoch, oder melden Sie sie im Zweifel.',
    compareLink: 'Ein Foto der Karte vergleichen',
  },
  claim: {
    title: 'Ihre Karte beanspruchen',
    intro:
      'Wenn Ihnen diese Karte geschenkt wurde, können Sie das mit dem Code auf dem Beiblatt im Umschlag sagen: Wer die Karte prüft, sieht dann, dass ihre Empfängerin sie beansprucht hat. Kein Konto, keine E-Mail: Sie wählen, was gezeigt wird.',
    code: 'Der Code auf dem Beiblatt',
    codeHint:
      '28 Buchstaben und Ziffern in Vierergruppen; Bindestriche und Leerzeichen sind freigestellt.',
    handle: 'Ein öffentlicher Name (freiwillig)',
    handleHint:
      'Höchstens 40 Zeichen, als reiner Text neben dem Prüfergebnis gezeigt. Leer lassen, um nur das Datum Ihres Anspruchs zu zeigen.',
    showPhoto:
      'Auch das Foto zeigen, das das Haus bei der Ausgabe von dieser Karte gemacht hat, damit jeder ein Foto der Karte damit vergleichen kann',
    showPhotoHint:
      'Das Foto zeigt die Handschrift, die Sie beim Namen nennen kann. Das wirkt nur, wenn das Haus ein solches Foto Ihrer Karte aufbewahrt.',
    houseSees:
      'Das Haus sieht, was Sie öffentlich machen, wie alle anderen. Sonst erfährt es durch einen Anspruch nichts über Sie.',
    submit: 'Karte beanspruchen',
    problems: 'Bitte prüfen Sie das Formular:',
    problem: {
      code: 'Dieser Code enthält einen Tippfehler: Prüfen Sie jedes Zeichen auf dem Beiblatt (das letzte ist ein Prüfzeichen).',
      unknown:
        'Keine Karte wartet auf diesen Code. Prüfen Sie ihn auf dem Beiblatt; wurde Ihnen die Karte weitergegeben, nutzen Sie den Übergabecode, den Sie mit ihr erhalten haben.',
      handle: 'Ein öffentlicher Name hat 1 bis 40 Zeichen, ohne unsichtbare oder Steuerzeichen.',
      secret: 'Dieses Inhabergeheimnis enthält einen Tippfehler: Prüfen Sie jedes Zeichen.',
      noClaim:
        'Kein bestehender Anspruch hat dieses Inhabergeheimnis. Es gilt nicht mehr, sobald der Anspruch freigegeben ist.',
      tooMany:
        'Zu viele Versuche von Ihrer Verbindung. Bitte versuchen Sie es in einer Stunde erneut.',
      revoked:
        'Das Haus hat diese Karte widerrufen: Sie kann nicht mehr beansprucht oder weitergegeben werden, und ihr Anspruch kann nichts weiter zeigen. Was er zeigt, lässt sich noch verbergen.',
      confirm: 'Setzen Sie das Häkchen, um zu bestätigen, dass Sie die Karte weitergeben.',
    },
    takenTitle: 'Diese Karte wurde bereits beansprucht',
    takenExplain:
      'Ein Code gilt einmal, und jemand hat diese Karte damit schon beansprucht. Das Haus wurde über diesen Versuch informiert. Gehört die Karte Ihnen und haben Sie sie nicht beansprucht, melden Sie es: Das Haus kann der Sache nachgehen.',
    tryAgain: 'Einen anderen Code eingeben',
    madeTitle: 'Ihr Anspruch ist öffentlich',
    card: 'Karte',
    secret: 'Ihr Inhabergeheimnis',
    secretKeep:
      'Bewahren Sie es sicher auf: Es wird nur dieses eine Mal gezeigt, und das Haus kann es nicht noch einmal zeigen. Damit können Sie ändern, was gezeigt wird, oder den Anspruch freigeben, wenn Sie die Karte weitergeben.',
    download: 'Inhabergeheimnis herunterladen (Textdatei)',
    fileText:
      'Inhabergeheimnis Ihres Anspruchs auf die Karte {serial}:\n{secret}\n\nAnspruch ändern oder freigeben: {url}\n',
    publicSees: 'Was jeder, der die Karte prüft, jetzt sieht',
    manageLink: 'Ihren Anspruch ändern oder freigeben',
    manageTitle: 'Ihr Anspruch',
    manageIntro:
      'Geben Sie das Inhabergeheimnis ein, das Sie beim Beanspruchen der Karte erhalten haben.',
    secretLabel: 'Inhabergeheimnis',
    secretHint: '36 Buchstaben und Ziffern in Vierergruppen.',
    open: 'Meinen Anspruch öffnen',
    change: 'Ändern, was gezeigt wird',
    save: 'Speichern',
    saved: 'Gespeichert: Das sieht jetzt jeder, der die Karte prüft.',
    releaseTitle: 'Die Karte weitergeben',
    releaseExplain:
      'Die Freigabe beendet Ihren Anspruch: Das Prüfergebnis zeigt ihn nicht mehr, Ihr Inhabergeheimnis und das Beiblatt gelten nicht mehr, und Sie erhalten einen Übergabecode, den Sie mit der Karte weitergeben. Die nächste Inhaberin beansprucht sie mit diesem Code.',
    releaseConfirm: 'Ich gebe diese Karte weiter und gebe meinen Anspruch frei.',
    release: 'Meinen Anspruch freigeben',
    releasedTitle: 'Ihr Anspruch ist freigegeben',
    transferCode: 'Der Übergabecode',
    transferKeep:
      'Geben Sie ihn mit der Karte weiter, aufgeschrieben oder als Link unten. Er gilt einmal: Wer die Karte zuerst damit beansprucht, wird ihre Inhaberin.',
    transferLink: 'Die Anspruchsseite für diesen Code',
    heading: 'Der Anspruch der Empfängerin',
    claimedOn: 'Von ihrer Empfängerin am {date} beansprucht.',
    endedOn:
      'Von ihrer Empfängerin am {date} beansprucht. Der Anspruch endete, als die Karte widerrufen wurde.',
    publicName: 'Von der Inhaberin gewählter öffentlicher Name:',
    photoAlt: 'Die Karte, wie das Haus sie bei der Ausgabe fotografiert hat',
    photoNote:
      'Von ihrer Inhaberin gezeigt: Vergleichen Sie ein Foto der Karte mit bloßem Auge damit.',
    noneShown: 'Nur das Datum des Anspruchs wird gezeigt.',
  },
  checkAnother: 'Eine andere Karte prüfen',
  language: 'Sprache',
};
