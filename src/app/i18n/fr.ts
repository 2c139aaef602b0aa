// French strings, in the shape of the English table.
import type { Messages } from './en.js';

export const fr: Messages = {
  lang: 'fr',
  languageName: 'Français',
  siteName: 'Cachet',
  tagline: 'Vérifiez qu’une carte vient vraiment de la maison.',
  status: {
    authentic: {
      title: 'Code authentique',
      explain: 'La maison a émis une carte avec ce code, et elle n’a pas été révoquée.',
      proves:
        'Cela prouve que le code est authentique. Cela ne prouve pas que la carte d’une photo porte ce code : un code peut être copié.',
    },
    revoked: {
      title: 'Carte révoquée',
      explain: 'La maison a émis cette carte, puis l’a révoquée.',
      proves: 'Ne considérez pas cette carte comme valable.',
    },
    unregistered: {
      title: 'Absente du registre',
      explain: 'La signature est valable, mais la maison n’a aucune trace de cette carte.',
      proves: 'La maison a été alertée. Traitez cette carte avec prudence.',
    },
    forged: {
      title: 'Code falsifié',
      explain: 'La signature de ce code n’est pas valable.',
      proves: 'La maison n’a pas émis ce code.',
    },
    'unknown-key': {
      title: 'Signature inconnue',
      explain: 'Ce code a été signé avec une clé que la maison ne connaît pas.',
      proves: 'La maison n’a pas émis ce code.',
    },
    malformed: {
      title: 'Ce n’est pas un code de carte',
      explain: 'Ce n’est pas un code de carte Cachet.',
      proves: 'Vérifiez que le lien ou le nombre a été copié en entier.',
    },
  },
  claimSlip: {
    title: 'Un coupon de revendication, pas une carte',
    explain:
      'Ce code figure sur le coupon glissé avec une carte dans son enveloppe, pour que sa destinataire revendique la carte.',
    proves:
      'Il ne dit rien de l’authenticité d’une carte : vérifiez le code imprimé sur la carte elle-même.',
    open: 'Revendiquer la carte avec ce coupon',
  },
  lookAlike: {
    title: 'Adresse trompeuse',
    explain: 'Ce code mène à {host}. Ce n’est pas le site de vérification de la maison.',
    proves:
      'Les fausses cartes portent souvent un code qui ouvre une fausse page, et cette page dit toujours « authentique ». Ne vous y fiez pas.',
  },
  serial: {
    title: 'Trouvée par numéro de série',
    explain:
      'Le registre de la maison contient une carte avec ce numéro, et le verdict affiché est celui que son code obtient quand on le scanne. Seul le numéro a été saisi : cela ne montre pas que la carte que vous avez porte ce code.',
    proves: 'Un numéro peut être copié. Scannez le code QR de la carte pour une preuve.',
    revokedTitle: 'Carte révoquée (trouvée par numéro)',
    notFoundTitle: 'Aucune carte avec ce numéro',
    notFoundExplain:
      'Le registre de la maison n’a aucune carte avec ce numéro. Vérifiez chaque caractère.',
    invalid: 'Ce n’est pas un numéro de série. Un numéro a 13 caractères, comme 7K3M-Q9XP-2HT4-W.',
    verdictNote:
      'Trouvée par le numéro imprimé sous le code : voici le verdict que le code de la carte obtient quand on le scanne.',
  },
  keyRefused: {
    'key-not-valid-for-date': {
      title: 'Datée hors des dates de sa clé',
      explain:
        'Ce code porte la signature de la maison, mais il est daté du {issued}, et la clé qui l’a signé n’avait pas le droit de signer des cartes datées de ce jour : elle signe les cartes datées {window}.',
      proves: 'La maison ne garantit pas une carte datée hors des dates de sa clé.',
      next: 'Ne vous fiez pas à cette carte. Renseignez-vous auprès de la boutique qui l’a émise, avec le numéro imprimé sous le code : si la maison l’a datée par erreur, elle peut émettre une nouvelle carte. Si on vous l’a vendue ou donnée comme authentique, gardez-la et dites à la maison d’où elle vient.',
    },
    'key-compromised': {
      title: 'Datée après la compromission de sa clé',
      explain:
        'Ce code porte une signature faite avec la clé de la maison, mais il est daté du {issued}, et cette clé est déclarée compromise depuis le {since} : quiconque l’a dérobée a pu le signer.',
      proves: 'La maison ne garantit pas cette carte.',
      next: 'Ne vous fiez pas à cette carte. Renseignez-vous auprès de la boutique qui l’a émise, avec le numéro imprimé sous le code, et dites à la maison d’où vient la carte.',
    },
    from: 'à partir du {from}',
    fromTo: 'du {from} au {to}',
  },
  expectHost: 'Une vraie carte ouvre une page sur {host}. Vérifiez la barre d’adresse.',
  scans: {
    first: 'C’est la première vérification de ce code.',
    count:
      'Avant cette vérification, ce code avait été vérifié {count, plural, one {# fois} other {# fois}}, la première fois le {date}.',
  },
  widelyScanned:
    'Ce code a été vérifié depuis de nombreux endroits. Un code copié d’une photo est identique à l’original.',
  logged:
    'Inscrite au registre public le {date}, entrée {index} : chacun peut vérifier que la maison a émis cette carte à cette date.',
  notLogged:
    'Cette carte n’est pas encore dans le registre public d’émission de la maison, alors qu’elle devrait y être. Renseignez-vous auprès de la boutique avant de vous y fier.',
  label: {
    boutique: 'Boutique',
    issued: 'Émise le',
    associate: 'Conseiller de vente',
    occasion: 'Occasion',
    serial: 'Numéro de série',
    revokedOn: 'Révoquée le',
    reason: 'Motif',
    key: 'Clé de signature',
    detail: 'Détail',
    code: 'Code',
  },
  occasion: {
    unspecified: 'Non précisée',
    birthday: 'Anniversaire',
    anniversary: 'Anniversaire de mariage',
    wedding: 'Mariage',
    birth: 'Naissance',
    'holiday-season': 'Fêtes de fin d’année',
    'new-year': 'Nouvel An',
    'lunar-new-year': 'Nouvel An lunaire',
    'thank-you': 'Remerciements',
    welcome: 'Bienvenue',
    'private-event': 'Événement privé',
    'new-collection': 'Nouvelle collection',
    condolences: 'Condoléances',
    congratulations: 'Félicitations',
  },
  developmentKey:
    'Clé de développement : cette carte a été signée avec une clé faite pour essayer Cachet. Elle ne prouve rien sur une vraie carte.',
  issuedInFuture: 'La carte est datée dans le futur.',
  keyCompromised:
    "La clé qui a signé cette carte a été déclarée compromise plus tard. Les cartes datées d'avant restent valides ; en cas de doute, contactez la maison.",
  revocationReason: {
    counterfeit: 'Des copies de cette carte circulent',
    'lost-or-stolen': 'Déclarée perdue ou volée',
    'issued-in-error': 'Émise par erreur',
    'client-request': 'À la demande du destinataire',
    'key-compromise': 'La clé de signature a été compromise',
    other: 'Révoquée par la maison',
  },
  receiptLink: 'Reçu signé de cette vérification (JSON)',
  privacy: 'Cachet ne montre jamais qui a reçu une carte.',
  home: {
    heading: 'Vérifier une carte',
    pasteLabel: 'Lien ou code',
    pasteHint: 'Collez le lien du code QR, ou le long nombre qu’il contient.',
    serialLabel: 'Numéro de série',
    serialHint: 'Les 13 caractères imprimés sous le code QR.',
    submit: 'Vérifier',
    imageHeading: 'Vérifier une photo ou une capture d’écran',
    imageLabel: 'Choisir une image',
    imageNotice:
      'Votre image est lue sur cet appareil. Elle n’est envoyée que si la maison conserve une photo de la carte telle qu’émise, pour les comparer, et elle n’est pas conservée.',
    comparing:
      'La maison conserve une photo de cette carte telle qu’émise : envoi de votre photo pour les comparer…',
    cameraStart: 'Scanner avec la caméra',
    cameraStop: 'Arrêter la caméra',
    cameraHint: 'Placez le code QR devant la caméra.',
    reading: 'Lecture de l’image…',
    noCode: 'Aucun code QR trouvé dans cette image. Essayez une image plus nette ou plus grande.',
    noWasm:
      'Ce navigateur ne sait pas lire les images lui-même. Vous pouvez envoyer l’image à Cachet.',
    sendImage: 'Envoyer l’image pour la lire (elle n’est pas conservée)',
    cameraDenied:
      'L’accès à la caméra a été refusé. Autorisez-le pour ce site dans les réglages du navigateur, ou photographiez le code et choisissez la photo ci-dessus.',
    cameraMissing:
      'Ce navigateur ne peut pas ouvrir de caméra ici. Photographiez le code avec l’appareil photo et choisissez la photo ci-dessus.',
    inApp:
      'Vous êtes dans le navigateur intégré de l’application {app}, qui peut bloquer la caméra. Ouvrez cette page dans votre navigateur habituel (menu, puis « Ouvrir dans le navigateur »).',
    noFeatures:
      'Ce navigateur ne permet pas de lire des images. Vous pouvez envoyer l’image à Cachet, ou coller le lien.',
    seenUnreadable:
      'Un code QR a été trouvé mais n’a pas pu être lu : il est peut-être flou, trop petit, coupé ou masqué par un reflet. Essayez une photo plus nette, ou encadrez le code ci-dessous.',
    cropHint: 'Tracez un cadre autour du code dans l’image, puis lisez cette partie agrandie.',
    cropButton: 'Lire la partie encadrée',
    noScript:
      'Lire une image demande JavaScript. Vous pouvez toujours coller un lien ou saisir un numéro.',
  },
  results: {
    heading: '{count, plural, one {# code trouvé} other {# codes trouvés}}',
    none: 'Aucun code QR trouvé dans cette image. Essayez une image plus nette ou plus grande.',
  },
  imageError: {
    tooLarge: 'Cette image est trop grande. Envoyez au plus 10 Mo et 40 mégapixels.',
    unsupported:
      'Ce type de fichier n’est pas pris en charge. Envoyez une image JPEG, PNG, WebP ou GIF.',
    unreadable: 'Cette image n’a pas pu être lue. Elle est peut-être abîmée.',
  },
  tooMany: 'Trop de vérifications depuis votre connexion. Attendez une minute, puis réessayez.',
  notFound: 'Il n’y a pas de page à cette adresse.',
  offline: {
    heading: 'Vérifié sur cet appareil',
    checking: 'Vérification sur cet appareil…',
    checkedHere: 'Vérifié sur cet appareil, sans le réseau.',
    revocationsAsOf: 'Révocations connues au {date} ({age}).',
    noTrust:
      'Cet appareil n’a pas encore enregistré les clés de la maison. Ouvrez ce site une fois en étant connecté ; il pourra ensuite vérifier les cartes hors ligne.',
    staleTrust:
      'Les clés enregistrées sur cet appareil sont trop anciennes pour être fiables. Connectez-vous à Internet pour les mettre à jour.',
    badTrust:
      'Les clés enregistrées sur cet appareil ne sont pas valides. Connectez-vous à Internet pour les mettre à jour.',
    startHeading: 'Vérifier une carte sur cet appareil',
    startHow:
      'Scannez le code QR de la carte avec l’appareil photo de votre téléphone et ouvrez le lien affiché, ou collez ci-dessous le lien de la carte (ou ses chiffres).',
    startScan: 'La scanner avec l’appareil photo de cet appareil',
    startChecks:
      'Sans le réseau, cet appareil vérifie la signature de la carte, les dates de la clé qui l’a signée et la liste des cartes révoquées qu’il a enregistrée. Les noms de la boutique et du conseiller, et le nombre de vérifications d’une carte, demandent le réseau.',
    trustUntil: 'Les clés enregistrées sur cet appareil sont utilisables jusqu’au {date}.',
    log: 'Registre public',
    engine: 'Vérifié avec',
    engineWebCrypto: 'la cryptographie de ce navigateur',
    engineFallback: 'le vérificateur intégré de Cachet (ce navigateur ne connaît pas Ed25519)',
    proofRefused:
      'La preuve enregistrée de l’inscription de cette carte au registre n’est pas valide',
    names: 'Les noms de la boutique et du conseiller s’affichent lorsque vous êtes en ligne.',
  },
  trustLink: 'Nos clés, et comment vérifier une carte sans ce site',
  trust: {
    heading: 'Clés et adresses de la maison',
    intro:
      'Ce qui figure sur cette page permet de vérifier une carte sans faire confiance à ce site. Comparez-le avec ce que la maison publie ailleurs.',
    addresses: 'Adresses de vérification authentiques',
    addressesNote:
      'Le code d’une carte authentique ouvre une page à l’une de ces adresses, et nulle part ailleurs.',
    keys: 'Clés de signature, avec tout leur historique',
    key: 'Clé',
    signs: 'Signe',
    status: 'État',
    dates: 'Dates des cartes',
    cards: 'les cartes',
    statements: 'les reçus et le paquet de confiance',
    active: 'active',
    retired: 'retirée : ne signe plus rien',
    compromised: 'compromise : les cartes datées à partir du {date} sont contrefaites',
    development: 'clé de développement, jamais pour de vraies cartes',
    from: 'à partir du {date}',
    fromTo: 'du {from} au {to}',
    log: 'Registre public des émissions',
    logSize: '{size} cartes enregistrées. Hachage racine {root}.',
    noLog: 'Ce site ne tient pas de registre public des émissions.',
    logEmpty: 'Le registre n’a pas encore signé de point de contrôle.',
    offline: 'Vérifier une carte sans ce site',
    offlinePhone:
      'Sur un téléphone : ouvrez ce site une fois en étant connecté. Il vérifie ensuite les cartes sur le téléphone, sans connexion.',
    offlineComputer: 'Sur un ordinateur, avec la commande cachet :',
    offlineCode:
      'Dans vos propres logiciels : la spécification CT1 et ses vecteurs de test, ou la bibliothèque cachet/verify.',
    files: 'Ce dont un appareil a besoin',
    jwks: 'Clés publiques (JWK Set)',
    bundle: 'Paquet de confiance (signé)',
    revocations: 'Liste des révocations',
    checkpoint: 'Dernier point de contrôle du registre',
    spec: 'Spécification CT1',
    vectors: 'Vecteurs de test',
  },
  next: {
    heading: 'Que faire',
    authentic:
      'Si vous avez cette carte en main, elle vient de la maison. Si vous ne l’avez vue qu’en photo, le code est authentique, mais la photo peut montrer une copie.',
    revoked:
      'Renseignez-vous auprès de la boutique qui l’a émise avant de vous fier à cette carte. Si on vous la propose, ne l’achetez pas, et signalez à la maison où vous l’avez vue.',
    unregistered:
      'Contactez la maison avec le numéro de série imprimé sous le code, et ne vous fiez pas à la carte avant sa réponse.',
    forged:
      'Cette carte ne vient pas de la maison. Si elle vous a été vendue ou offerte comme authentique, gardez-la et signalez à la maison sa provenance.',
    'unknown-key':
      'Ce code n’a pas été signé par la maison. Gardez la carte et signalez à la maison où vous l’avez trouvée.',
    malformed:
      'Scannez le code à nouveau, ou collez le lien entier. Si cela échoue encore, saisissez le numéro de série imprimé sous le code.',
    lookAlike:
      'Ne saisissez rien sur ce site. Vérifiez plutôt la carte ici, et signalez à la maison où vous l’avez trouvée.',
    widelyScanned:
      'Ce que cela peut signifier : une photo de cette carte a beaucoup circulé. Ce que cela ne dit pas : si la carte devant vous est l’originale. En cas de doute, demandez à la boutique.',
  },
  cite: {
    button: 'Citer cette vérification',
    hint: 'Un lien permanent vers ce verdict tel qu’il est maintenant, avec son reçu signé.',
    heading: 'Une vérification citée',
    then: 'Vérifié le {date}',
    now: 'Vérifié maintenant',
    receiptOk:
      'Le reçu signé de cette vérification est valide selon les clés publiées par la maison (clé {kid}).',
    receiptBad: 'Le reçu de cette vérification n’est plus valide : {reason}',
    download: 'Télécharger le reçu signé (JSON)',
    howTo: 'Vérifiez-le vous-même, hors ligne, avec les clés publiques de la maison :',
    link: 'Lien permanent vers cette page',
    notFound: 'Il n’y a pas de vérification citée à cette adresse.',
    tooMany:
      'Votre connexion a cité beaucoup de vérifications aujourd’hui. Les vérifications déjà citées gardent leur lien ; réessayez demain (après minuit UTC).',
  },
  report: {
    link: 'Signaler une contrefaçon présumée',
    title: 'Signaler une contrefaçon présumée',
    intro:
      'Dites à la maison où vous avez vu cette carte ou ce code. Vous recevez une référence, et rien d’autre ne vous est demandé. Votre adresse réseau n’est pas conservée.',
    about: 'Ce que vous signalez',
    aboutCode: 'Le code vérifié',
    aboutSerial: 'Carte',
    verdict: 'Verdict',
    place: 'Où l’avez-vous vu ?',
    places: {
      'online-shop': 'Une boutique en ligne ou une place de marché',
      'social-media': 'Une publication sur un réseau social',
      shop: 'Une boutique ou un marché',
      offered: 'Quelqu’un me l’a proposé',
      other: 'Ailleurs',
    },
    where: 'Le lien, la place de marché ou la ville',
    seenOn: 'Quand (facultatif)',
    details: 'Autre chose que la maison devrait savoir (facultatif)',
    photo: 'Une photo (facultatif) : JPEG, PNG ou WebP, 8 Mo au plus',
    photoNote:
      'Avant d’être conservée, la photo est débarrassée de son lieu, de son appareil et de son heure.',
    consent: 'J’accepte que la maison conserve cette photo pour examiner mon signalement.',
    contact:
      'Une adresse e-mail ou un numéro de téléphone, si vous souhaitez une réponse (facultatif)',
    send: 'Envoyer le signalement',
    problems: 'Veuillez vérifier le formulaire :',
    problem: {
      required: 'Ce champ est nécessaire.',
      tooLong: 'C’est trop long : {max} caractères au plus.',
      date: 'Indiquez une date comme 2026-11-30, pas dans le futur.',
      consent: 'Pour envoyer la photo, cochez la case acceptant que la maison la conserve.',
      photoType: 'La photo doit être une image JPEG, PNG ou WebP.',
      photoSize: 'La photo est trop lourde : 8 Mo au plus.',
      photoUnreadable:
        'La photo n’a pas pu être lue. Essayez-en une autre, ou envoyez le signalement sans elle.',
      tooMany: 'Trop de signalements depuis votre connexion. Réessayez dans une heure.',
    },
    sentTitle: 'Merci : votre signalement est envoyé',
    sentRef: 'Votre référence',
    sentKeep: 'Gardez-la : indiquez-la si vous écrivez à la maison au sujet de ce signalement.',
    sentPhotoNotKept:
      "Votre signalement est enregistré, sans sa photo : cette carte a reçu aujourd'hui de très nombreux signalements avec photo, et la maison les a déjà.",
  },
  card: {
    same: 'La carte de votre photo est bien celle que la maison a émise : autour du code, elle correspond à la photo que la maison en a prise une fois écrite.',
    copyTitle:
      'Ce code est authentique, mais la carte de votre photo n’est pas celle sur laquelle il a été émis : c’est une copie.',
    copyExplain:
      'Autour du code, votre photo ne correspond pas à celle que la maison a prise de cette carte une fois écrite : le code a été reporté sur une autre carte. Ne vous fiez pas à cette carte. Si on vous l’a vendue ou offerte comme authentique, gardez-la et signalez-la.',
    cannotTell:
      'Votre photo montre trop peu de la carte pour la comparer à la carte telle qu’émise. Pour comparer, photographiez la carte entière, à plat et bien éclairée.',
    kept: 'La maison conserve une photo de cette carte telle qu’elle a été émise. Pour vérifier que la carte que vous avez sous les yeux est bien celle-ci, envoyez une photo de la carte entière depuis la page d’accueil, ou signalez-la en cas de doute.',
    compareLink: 'Comparer une photo de la carte',
  },
  claim: {
    title: 'Revendiquer votre carte',
    intro:
      'Si cette carte vous a été offerte, le code du billet glissé dans son enveloppe vous permet de le dire : quiconque vérifie la carte verra que sa destinataire l’a revendiquée. Ni compte ni e-mail : vous choisissez ce qui est montré.',
    code: 'Le code du billet',
    codeHint:
      '28 lettres et chiffres par groupes de quatre ; les tirets et espaces sont facultatifs.',
    handle: 'Un nom public (facultatif)',
    handleHint:
      '40 caractères au plus, affichés comme simple texte à côté du verdict. Laissez vide pour ne montrer que la date de votre revendication.',
    showPhoto:
      'Montrer aussi la photo que la maison a prise de cette carte à son émission, pour que chacun puisse y comparer une photo de la carte',
    showPhotoHint:
      'La photo montre l’écriture, qui peut vous nommer. Cela n’a d’effet que si la maison conserve une telle photo de votre carte.',
    houseSees:
      'La maison verra ce que vous rendez public, comme tout le monde. Une revendication ne lui apprend rien d’autre sur vous.',
    submit: 'Revendiquer la carte',
    problems: 'Veuillez vérifier le formulaire :',
    problem: {
      code: 'Ce code contient une faute de frappe : vérifiez chaque caractère sur le billet (le dernier est un caractère de contrôle).',
      unknown:
        'Aucune carte n’attend ce code. Vérifiez-le sur le billet ; si la carte vous a été cédée, utilisez le code de transfert remis avec elle.',
      handle: 'Un nom public compte de 1 à 40 caractères, sans caractère invisible ni de contrôle.',
      secret: 'Ce secret de détentrice contient une faute de frappe : vérifiez chaque caractère.',
      noClaim:
        'Aucune revendication en cours n’a ce secret. Il cesse de fonctionner une fois la revendication libérée.',
      tooMany: 'Trop de tentatives depuis votre connexion. Veuillez réessayer dans une heure.',
      revoked:
        'La maison a révoqué cette carte : elle ne peut plus être revendiquée ni cédée, et sa revendication ne peut rien montrer de plus. Ce qu’elle montre peut encore être masqué.',
      confirm: 'Cochez la case pour confirmer que vous cédez la carte.',
    },
    takenTitle: 'Cette carte a déjà été revendiquée',
    takenExplain:
      'Un code ne sert qu’une fois, et quelqu’un a déjà revendiqué cette carte avec lui. La maison a été informée de cette tentative. Si la carte est à vous et que vous ne l’avez pas revendiquée, signalez-le : la maison peut enquêter.',
    tryAgain: 'Saisir un autre code',
    madeTitle: 'Votre revendication est publique',
    card: 'Carte',
    secret: 'Votre secret de détentrice',
    secretKeep:
      'Gardez-le en lieu sûr : il n’est montré qu’une fois, et la maison ne peut pas le montrer à nouveau. Il vous permet de changer ce qui est montré, ou de libérer la revendication quand vous cédez la carte.',
    download: 'Télécharger le secret (fichier texte)',
    fileText:
      'Secret de détentrice de votre revendication sur la carte {serial} :\n{secret}\n\nModifier ou libérer la revendication : {url}\n',
    publicSees: 'Ce que voit désormais quiconque vérifie la carte',
    manageLink: 'Modifier ou libérer votre revendication',
    manageTitle: 'Votre revendication',
    manageIntro: 'Saisissez le secret de détentrice reçu quand vous avez revendiqué la carte.',
    secretLabel: 'Secret de détentrice',
    secretHint: '36 lettres et chiffres par groupes de quatre.',
    open: 'Ouvrir ma revendication',
    change: 'Changer ce qui est montré',
    save: 'Enregistrer',
    saved: 'Enregistré : voici ce que voit désormais quiconque vérifie la carte.',
    releaseTitle: 'Céder la carte',
    releaseExplain:
      'Libérer met fin à votre revendication : le verdict ne la montre plus, votre secret et le billet cessent de fonctionner, et vous recevez un code de transfert à remettre avec la carte. Sa prochaine détentrice la revendique avec ce code.',
    releaseConfirm: 'Je cède cette carte et libère ma revendication.',
    release: 'Libérer ma revendication',
    releasedTitle: 'Votre revendication est libérée',
    transferCode: 'Le code de transfert',
    transferKeep:
      'Remettez-le avec la carte, écrit ou sous forme du lien ci-dessous. Il ne sert qu’une fois : la première personne qui revendique la carte avec lui en devient la détentrice.',
    transferLink: 'La page de revendication pour ce code',
    heading: 'La revendication de sa destinataire',
    claimedOn: 'Revendiquée par sa destinataire le {date}.',
    endedOn:
      'Revendiquée par sa destinataire le {date}. La revendication a pris fin quand la carte a été révoquée.',
    publicName: 'Nom public choisi par la détentrice :',
    photoAlt: 'La carte telle que la maison l’a photographiée à son émission',
    photoNote: 'Montrée par sa détentrice : comparez-y une photo de la carte à l’œil.',
    noneShown: 'Seule la date de la revendication est montrée.',
  },
  checkAnother: 'Vérifier une autre carte',
  language: 'Langue',
};
