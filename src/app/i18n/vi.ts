// Vietnamese strings, in the shape of the English table.
import type { Messages } from './en.js';

export const vi: Messages = {
  lang: 'vi',
  languageName: 'Tiếng Việt',
  siteName: 'Cachet',
  tagline: 'Kiểm tra xem một tấm thiệp có thật sự đến từ nhà mốt hay không.',
  status: {
    authentic: {
      title: 'Mã thật',
      explain: 'Nhà mốt đã phát hành một tấm thiệp có mã này, và thiệp chưa bị thu hồi.',
      proves:
        'Điều này chứng minh mã là thật. Nó không chứng minh tấm thiệp trong ảnh chính là tấm thiệp mang mã này: mã có thể bị sao chép.',
    },
    revoked: {
      title: 'Thiệp đã bị thu hồi',
      explain: 'Nhà mốt đã phát hành tấm thiệp này, rồi thu hồi nó.',
      proves: 'Đừng coi tấm thiệp này là hợp lệ.',
    },
    unregistered: {
      title: 'Không có trong sổ đăng ký',
      explain: 'Chữ ký hợp lệ, nhưng nhà mốt không có hồ sơ về tấm thiệp này.',
      proves: 'Nhà mốt đã được báo. Hãy thận trọng với tấm thiệp này.',
    },
    forged: {
      title: 'Mã giả',
      explain: 'Chữ ký của mã này không hợp lệ.',
      proves: 'Nhà mốt không phát hành mã này.',
    },
    'unknown-key': {
      title: 'Chữ ký không xác định',
      explain: 'Mã này được ký bằng một khóa mà nhà mốt không biết.',
      proves: 'Nhà mốt không phát hành mã này.',
    },
    malformed: {
      title: 'Không phải mã thiệp',
      explain: 'Đây không phải là mã thiệp Cachet.',
      proves: 'Hãy kiểm tra xem đã sao chép toàn bộ đường dẫn hoặc dãy số chưa.',
    },
  },
  claimSlip: {
    title: 'Phiếu nhận thiệp, không phải thiệp',
    explain:
      'Mã này nằm trên phiếu kèm theo thiệp trong phong bì, để người nhận xác nhận thiệp là của mình.',
    proves:
      'Mã này không cho biết thiệp có thật hay không: hãy kiểm tra mã in trên chính tấm thiệp.',
    open: 'Nhận thiệp bằng phiếu này',
  },
  lookAlike: {
    title: 'Địa chỉ giả mạo',
    explain: 'Mã này dẫn đến {host}. Đó không phải trang kiểm tra của nhà mốt.',
    proves:
      'Thiệp giả thường mang mã mở ra một trang giả, và trang đó luôn nói “thật”. Đừng tin trang đó.',
  },
  serial: {
    title: 'Tìm theo số sê-ri',
    explain:
      'Sổ đăng ký của nhà mốt có một tấm thiệp với số sê-ri này, và kết quả hiển thị là kết quả mà mã của thiệp nhận được khi quét. Chỉ số sê-ri được nhập: điều này không cho thấy tấm thiệp bạn cầm mang mã đó.',
    proves: 'Số sê-ri có thể bị sao chép. Hãy quét mã QR trên thiệp để có bằng chứng.',
    revokedTitle: 'Thiệp đã bị thu hồi (tìm theo số sê-ri)',
    notFoundTitle: 'Không có thiệp với số sê-ri này',
    notFoundExplain:
      'Sổ đăng ký của nhà mốt không có thiệp nào với số sê-ri này. Hãy kiểm tra từng ký tự.',
    invalid: 'Đây không phải số sê-ri. Số sê-ri có 13 ký tự, ví dụ 7K3M-Q9XP-2HT4-W.',
    verdictNote: 'Tìm theo số sê-ri in dưới mã: đây là kết quả mà mã của thiệp nhận được khi quét.',
  },
  keyRefused: {
    'key-not-valid-for-date': {
      title: 'Ghi ngày nằm ngoài thời hạn của khóa',
      explain:
        'Mã này mang chữ ký của nhà mốt, nhưng được ghi ngày {issued}, và khóa đã ký nó không được phép ký thiệp ghi ngày đó: khóa này ký thiệp ghi ngày {window}.',
      proves: 'Nhà mốt không bảo đảm cho thiệp ghi ngày nằm ngoài thời hạn của khóa.',
      next: 'Đừng tin vào thiệp này. Hãy hỏi cửa hàng đã phát hành nó, kèm số sê-ri in dưới mã: nếu nhà mốt ghi ngày nhầm, họ có thể phát hành thiệp mới. Nếu thiệp được bán hoặc tặng cho bạn như hàng thật, hãy giữ lại và báo cho nhà mốt biết nó từ đâu đến.',
    },
    'key-compromised': {
      title: 'Ghi ngày sau khi khóa bị lộ',
      explain:
        'Mã này mang chữ ký bằng khóa của nhà mốt, nhưng được ghi ngày {issued}, và khóa đó đã được báo là bị lộ từ {since}: người lấy được khóa có thể đã ký nó.',
      proves: 'Nhà mốt không bảo đảm cho thiệp này.',
      next: 'Đừng tin vào thiệp này. Hãy hỏi cửa hàng đã phát hành nó, kèm số sê-ri in dưới mã, và báo cho nhà mốt biết thiệp từ đâu đến.',
    },
    from: 'từ {from}',
    fromTo: 'từ {from} đến {to}',
  },
  expectHost: 'Thiệp thật mở một trang tại {host}. Hãy xem thanh địa chỉ.',
  scans: {
    first: 'Đây là lần kiểm tra đầu tiên của mã này.',
    count:
      'Trước lần kiểm tra này, mã này đã được kiểm tra {count, plural, other {# lần}}, lần đầu vào {date}.',
  },
  widelyScanned:
    'Mã này đã được kiểm tra từ nhiều nơi. Mã sao chép từ ảnh trông giống hệt mã thật.',
  logged:
    'Đã ghi vào sổ công khai ngày {date}, mục {index}: ai cũng có thể kiểm tra rằng nhà mốt đã phát hành thiệp này vào lúc đó.',
  notLogged:
    'Thiệp này chưa có trong sổ phát hành công khai của nhà mốt, dù lẽ ra đã phải có. Hãy hỏi cửa hàng trước khi tin.',
  label: {
    boutique: 'Cửa hàng',
    issued: 'Ngày phát hành',
    associate: 'Nhân viên bán hàng',
    occasion: 'Dịp',
    serial: 'Số sê-ri',
    revokedOn: 'Thu hồi ngày',
    reason: 'Lý do',
    key: 'Khóa ký',
    detail: 'Chi tiết',
    code: 'Mã',
  },
  occasion: {
    unspecified: 'Không nêu',
    birthday: 'Sinh nhật',
    anniversary: 'Kỷ niệm',
    wedding: 'Đám cưới',
    birth: 'Chào đón em bé',
    'holiday-season': 'Mùa lễ hội',
    'new-year': 'Năm mới',
    'lunar-new-year': 'Tết Nguyên Đán',
    'thank-you': 'Cảm ơn',
    welcome: 'Chào mừng',
    'private-event': 'Sự kiện riêng',
    'new-collection': 'Bộ sưu tập mới',
    condolences: 'Chia buồn',
    congratulations: 'Chúc mừng',
  },
  developmentKey:
    'Khóa phát triển: thiệp này được ký bằng một khóa dùng để thử Cachet. Nó không chứng minh điều gì về một tấm thiệp thật.',
  issuedInFuture: 'Thiệp ghi một ngày trong tương lai.',
  keyCompromised:
    'Khóa đã ký thiệp này sau đó bị báo là bị lộ. Các thiệp có ngày trước đó vẫn hợp lệ; nếu còn nghi ngờ, hãy hỏi nhà mốt.',
  revocationReason: {
    counterfeit: 'Có bản sao của thiệp này đang lưu hành',
    'lost-or-stolen': 'Đã báo mất hoặc bị đánh cắp',
    'issued-in-error': 'Phát hành nhầm',
    'client-request': 'Theo yêu cầu của người nhận',
    'key-compromise': 'Khóa ký đã bị lộ',
    other: 'Nhà mốt đã thu hồi',
  },
  receiptLink: 'Biên nhận có chữ ký của lần kiểm tra này (JSON)',
  privacy: 'Cachet không bao giờ cho biết ai đã nhận thiệp.',
  home: {
    heading: 'Kiểm tra thiệp',
    pasteLabel: 'Đường dẫn hoặc mã',
    pasteHint: 'Dán đường dẫn từ mã QR, hoặc dãy số dài trong đó.',
    serialLabel: 'Số sê-ri',
    serialHint: '13 ký tự in dưới mã QR.',
    submit: 'Kiểm tra',
    imageHeading: 'Kiểm tra ảnh hoặc ảnh chụp màn hình',
    imageLabel: 'Chọn ảnh',
    imageNotice:
      'Ảnh của bạn được đọc trên thiết bị này. Ảnh chỉ được gửi đi khi nhà mốt có lưu ảnh của tấm thiệp lúc phát hành, để so sánh hai ảnh, và ảnh của bạn không được lưu lại.',
    comparing:
      'Nhà mốt có lưu ảnh của tấm thiệp này lúc phát hành: đang gửi ảnh của bạn để so sánh…',
    cameraStart: 'Quét bằng camera',
    cameraStop: 'Tắt camera',
    cameraHint: 'Đưa mã QR vào trước camera.',
    reading: 'Đang đọc ảnh…',
    noCode: 'Không tìm thấy mã QR trong ảnh này. Hãy thử ảnh rõ hơn hoặc lớn hơn.',
    noWasm: 'Trình duyệt này không tự đọc được ảnh. Bạn có thể gửi ảnh cho Cachet.',
    sendImage: 'Gửi ảnh để đọc (ảnh không được lưu)',
    cameraDenied:
      'Quyền dùng camera đã bị từ chối. Hãy cho phép trang này trong cài đặt trình duyệt, hoặc chụp ảnh mã rồi chọn ảnh ở trên.',
    cameraMissing:
      'Trình duyệt này không mở được camera ở đây. Hãy chụp mã bằng ứng dụng camera rồi chọn ảnh ở trên.',
    inApp:
      'Bạn đang ở trình duyệt riêng của ứng dụng {app}, có thể chặn camera. Hãy mở trang này bằng trình duyệt thường dùng (menu, rồi “Mở trong trình duyệt”).',
    noFeatures:
      'Trình duyệt này thiếu tính năng cần để đọc ảnh. Bạn có thể gửi ảnh cho Cachet, hoặc dán liên kết.',
    seenUnreadable:
      'Đã thấy một mã QR nhưng không đọc được: có thể bị mờ, quá nhỏ, bị cắt hoặc lóa. Hãy thử ảnh rõ hơn, hoặc khoanh vùng mã bên dưới.',
    cropHint: 'Khoanh một khung quanh mã trong ảnh, rồi đọc phần đó được phóng to.',
    cropButton: 'Đọc phần trong khung',
    noScript: 'Cần JavaScript để đọc ảnh. Bạn vẫn có thể dán đường dẫn hoặc nhập số sê-ri.',
  },
  results: {
    heading: 'Tìm thấy {count, plural, other {# mã}}',
    none: 'Không tìm thấy mã QR trong ảnh này. Hãy thử ảnh rõ hơn hoặc lớn hơn.',
  },
  imageError: {
    tooLarge: 'Ảnh quá lớn. Tối đa 10 MB và 40 megapixel.',
    unsupported: 'Loại tệp này không được hỗ trợ. Hãy gửi ảnh JPEG, PNG, WebP hoặc GIF.',
    unreadable: 'Không đọc được ảnh này. Có thể ảnh bị hỏng.',
  },
  tooMany: 'Có quá nhiều lượt kiểm tra từ kết nối của bạn. Hãy đợi một phút rồi thử lại.',
  notFound: 'Không có trang nào ở địa chỉ này.',
  offline: {
    heading: 'Đã kiểm tra trên thiết bị này',
    checking: 'Đang kiểm tra trên thiết bị này…',
    checkedHere: 'Đã kiểm tra trên thiết bị này, không dùng mạng.',
    revocationsAsOf: 'Danh sách thu hồi cập nhật đến {date} ({age}).',
    noTrust:
      'Thiết bị này chưa lưu khóa của nhà mốt. Hãy mở trang này một lần khi có kết nối; sau đó thiết bị có thể kiểm tra thiệp khi ngoại tuyến.',
    staleTrust: 'Khóa lưu trên thiết bị này đã quá cũ. Hãy kết nối Internet để cập nhật.',
    badTrust: 'Khóa lưu trên thiết bị này không hợp lệ. Hãy kết nối Internet để cập nhật.',
    startHeading: 'Kiểm tra thẻ trên thiết bị này',
    startHow:
      'Quét mã QR trên thẻ bằng camera điện thoại và mở đường dẫn hiện ra, hoặc dán đường dẫn của thẻ (hoặc dãy số của thẻ) vào ô bên dưới.',
    startScan: 'Quét bằng camera của thiết bị này',
    startChecks:
      'Khi không có mạng, thiết bị này kiểm tra chữ ký của thẻ, thời hạn của khóa đã ký thẻ và danh sách thẻ bị thu hồi mà thiết bị đã lưu. Tên cửa hàng, tên nhân viên tư vấn và số lần thẻ được kiểm tra cần có mạng.',
    trustUntil: 'Các khóa lưu trên thiết bị này dùng được đến {date}.',
    log: 'Nhật ký công khai',
    engine: 'Kiểm tra bằng',
    engineWebCrypto: 'mật mã sẵn có của trình duyệt này',
    engineFallback: 'bộ kiểm tra tích hợp của Cachet (trình duyệt này không hỗ trợ Ed25519)',
    proofRefused: 'Bằng chứng đã lưu về mục nhật ký của thiệp này không hợp lệ',
    names: 'Tên cửa hàng và nhân viên tư vấn sẽ hiển thị khi bạn trực tuyến.',
  },
  trustLink: 'Khóa của chúng tôi, và cách kiểm tra thiệp không cần trang này',
  trust: {
    heading: 'Khóa và địa chỉ của nhà mốt',
    intro:
      'Nội dung trang này cho phép bạn kiểm tra thiệp mà không cần tin trang này. Hãy so sánh với những gì nhà mốt công bố ở nơi khác.',
    addresses: 'Địa chỉ kiểm tra chính thức',
    addressesNote: 'Mã của thiệp thật chỉ mở trang tại một trong các địa chỉ này.',
    keys: 'Khóa ký, với toàn bộ lịch sử',
    key: 'Khóa',
    signs: 'Ký',
    status: 'Trạng thái',
    dates: 'Ngày của thiệp',
    cards: 'thiệp',
    statements: 'biên nhận và gói tin cậy',
    active: 'đang dùng',
    retired: 'đã ngừng: không ký gì mới',
    compromised: 'bị lộ: thiệp ghi ngày từ {date} là giả',
    development: 'khóa phát triển, không bao giờ dùng cho thiệp thật',
    from: 'từ {date}',
    fromTo: '{from} đến {to}',
    log: 'Nhật ký phát hành công khai',
    logSize: 'Đã ghi {size} thiệp. Mã băm gốc {root}.',
    noLog: 'Trang này không lưu nhật ký phát hành công khai.',
    logEmpty: 'Nhật ký chưa ký điểm kiểm tra nào.',
    offline: 'Kiểm tra thiệp không cần trang này',
    offlinePhone:
      'Trên điện thoại: mở trang này một lần khi có kết nối. Sau đó điện thoại có thể kiểm tra thiệp mà không cần kết nối.',
    offlineComputer: 'Trên máy tính, với lệnh cachet:',
    offlineCode:
      'Trong phần mềm của bạn: đặc tả CT1 và các vectơ kiểm thử, hoặc thư viện cachet/verify.',
    files: 'Những gì thiết bị cần',
    jwks: 'Khóa công khai (JWK Set)',
    bundle: 'Gói tin cậy (đã ký)',
    revocations: 'Danh sách thu hồi',
    checkpoint: 'Điểm kiểm tra mới nhất của nhật ký',
    spec: 'Đặc tả CT1',
    vectors: 'Vectơ kiểm thử',
  },
  next: {
    heading: 'Bạn nên làm gì',
    authentic:
      'Nếu bạn đang cầm thiệp này, thiệp đến từ nhà mốt. Nếu bạn chỉ thấy nó trong ảnh, mã là thật, nhưng ảnh có thể cho thấy một bản sao.',
    revoked:
      'Hãy hỏi cửa hàng đã phát hành thiệp trước khi tin vào thiệp này. Nếu có người bán nó cho bạn, đừng mua, và báo cho nhà mốt nơi bạn thấy nó.',
    unregistered:
      'Hãy liên hệ nhà mốt kèm số sê-ri in dưới mã, và đừng tin vào thiệp cho đến khi họ trả lời.',
    forged:
      'Thiệp này không đến từ nhà mốt. Nếu nó được bán hoặc tặng cho bạn như hàng thật, hãy giữ lại và báo cho nhà mốt nguồn gốc của nó.',
    'unknown-key':
      'Mã này không do nhà mốt ký. Hãy giữ thiệp và báo cho nhà mốt nơi bạn tìm thấy nó.',
    malformed:
      'Hãy quét lại mã, hoặc dán toàn bộ liên kết. Nếu vẫn không được, hãy nhập số sê-ri in dưới mã.',
    lookAlike:
      'Đừng nhập bất cứ thông tin gì trên trang đó. Hãy kiểm tra thiệp tại đây, và báo cho nhà mốt nơi bạn tìm thấy nó.',
    widelyScanned:
      'Điều này có thể có nghĩa: ảnh của thiệp này đã được chia sẻ rộng rãi. Điều nó không cho biết: thiệp trước mặt bạn có phải bản gốc hay không. Nếu nghi ngờ, hãy hỏi cửa hàng.',
  },
  cite: {
    button: 'Trích dẫn lần kiểm tra này',
    hint: 'Liên kết cố định đến kết quả như hiện tại, kèm biên nhận có chữ ký.',
    heading: 'Một lần kiểm tra được trích dẫn',
    then: 'Kiểm tra ngày {date}',
    now: 'Kiểm tra bây giờ',
    receiptOk:
      'Biên nhận có chữ ký của lần kiểm tra đó hợp lệ theo các khóa nhà mốt công bố (khóa {kid}).',
    receiptBad: 'Biên nhận của lần kiểm tra đó hiện không còn hợp lệ: {reason}',
    download: 'Tải biên nhận có chữ ký (JSON)',
    howTo: 'Tự kiểm tra, ngoại tuyến, bằng các khóa công khai của nhà mốt:',
    link: 'Liên kết cố định đến trang này',
    notFound: 'Không có lần kiểm tra được trích dẫn nào tại địa chỉ này.',
    tooMany:
      'Kết nối của bạn đã trích dẫn nhiều lượt kiểm tra hôm nay. Các lượt đã trích dẫn vẫn giữ liên kết của chúng; hãy thử lại vào ngày mai (sau nửa đêm UTC).',
  },
  report: {
    link: 'Báo cáo nghi ngờ hàng giả',
    title: 'Báo cáo nghi ngờ hàng giả',
    intro:
      'Hãy cho nhà mốt biết bạn đã thấy tấm thiệp hoặc mã này ở đâu. Bạn sẽ nhận được một mã tham chiếu, và không phải cung cấp gì thêm. Địa chỉ mạng của bạn không được lưu.',
    about: 'Nội dung báo cáo',
    aboutCode: 'Mã bạn đã kiểm tra',
    aboutSerial: 'Tấm thiệp',
    verdict: 'Kết quả',
    place: 'Bạn đã thấy nó ở đâu?',
    places: {
      'online-shop': 'Một cửa hàng trực tuyến hoặc sàn thương mại',
      'social-media': 'Một bài đăng trên mạng xã hội',
      shop: 'Một cửa hàng hoặc khu chợ',
      offered: 'Có người chào bán cho tôi',
      other: 'Nơi khác',
    },
    where: 'Đường link, tên sàn hoặc thành phố',
    seenOn: 'Khi nào (không bắt buộc)',
    details: 'Điều gì khác nhà mốt nên biết (không bắt buộc)',
    photo: 'Một bức ảnh (không bắt buộc): JPEG, PNG hoặc WebP, tối đa 8 MB',
    photoNote: 'Trước khi được lưu, ảnh được xoá thông tin vị trí, máy ảnh và thời gian.',
    consent: 'Tôi đồng ý để nhà mốt lưu bức ảnh này nhằm xem xét báo cáo của tôi.',
    contact: 'Email hoặc số điện thoại, nếu bạn muốn được trả lời (không bắt buộc)',
    send: 'Gửi báo cáo',
    problems: 'Vui lòng kiểm tra lại biểu mẫu:',
    problem: {
      required: 'Cần điền mục này.',
      tooLong: 'Quá dài: tối đa {max} ký tự.',
      date: 'Hãy nhập ngày theo dạng 2026-11-30, không phải ngày trong tương lai.',
      consent: 'Để gửi ảnh, hãy đánh dấu ô đồng ý cho nhà mốt lưu ảnh.',
      photoType: 'Ảnh phải là JPEG, PNG hoặc WebP.',
      photoSize: 'Ảnh quá lớn: tối đa 8 MB.',
      photoUnreadable: 'Không đọc được ảnh. Hãy thử ảnh khác, hoặc gửi báo cáo không kèm ảnh.',
      tooMany: 'Có quá nhiều báo cáo từ kết nối của bạn. Vui lòng thử lại sau một giờ.',
    },
    sentTitle: 'Cảm ơn bạn: báo cáo đã được gửi',
    sentRef: 'Mã tham chiếu của bạn',
    sentKeep: 'Hãy giữ lại mã này và ghi kèm khi bạn viết cho nhà mốt về báo cáo này.',
    sentPhotoNotKept:
      'Báo cáo của bạn đã được lưu, không kèm ảnh: hôm nay thẻ này đã nhận rất nhiều báo cáo có ảnh, và nhà thương hiệu đã có chúng.',
  },
  card: {
    same: 'Tấm thiệp trong ảnh của bạn chính là tấm thiệp nhà mốt đã phát hành: phần quanh mã khớp với ảnh nhà mốt chụp tấm thiệp sau khi viết.',
    copyTitle:
      'Mã này là thật, nhưng tấm thiệp trong ảnh của bạn không phải tấm thiệp mà mã được phát hành kèm theo: đây là bản sao.',
    copyExplain:
      'Phần quanh mã trong ảnh của bạn không khớp với ảnh nhà mốt chụp tấm thiệp này sau khi viết: mã đã bị chuyển sang một tấm thiệp khác. Đừng tin tấm thiệp này. Nếu ai đó bán hoặc tặng nó cho bạn như hàng thật, hãy giữ lại và báo cáo.',
    cannotTell:
      'Ảnh của bạn cho thấy quá ít phần của tấm thiệp để so sánh với tấm thiệp lúc phát hành. Để so sánh, hãy chụp cả tấm thiệp, đặt phẳng và đủ sáng.',
    kept: 'Nhà mốt có lưu một ảnh của tấm thiệp này lúc phát hành. Để kiểm tra tấm thiệp trước mặt bạn có đúng là tấm này không, hãy tải ảnh chụp cả tấm thiệp lên trang đầu, hoặc báo cáo nếu còn nghi ngờ.',
    compareLink: 'So sánh ảnh của tấm thiệp',
  },
  claim: {
    title: 'Nhận thiệp của bạn',
    intro:
      'Nếu bạn được tặng tấm thiệp này, mã trên phiếu trong phong bì cho phép bạn nói điều đó: ai kiểm tra thiệp cũng sẽ thấy người nhận đã nhận nó. Không cần tài khoản hay email: bạn chọn những gì được hiển thị.',
    code: 'Mã trên phiếu',
    codeHint: '28 chữ cái và chữ số, theo nhóm bốn; có thể bỏ dấu gạch nối và khoảng trắng.',
    handle: 'Tên công khai (không bắt buộc)',
    handleHint:
      'Tối đa 40 ký tự, hiển thị dưới dạng văn bản bên cạnh kết quả. Để trống nếu chỉ muốn hiện ngày bạn nhận thiệp.',
    showPhoto:
      'Hiển thị cả ảnh nhà mốt đã chụp tấm thiệp này khi phát hành, để ai cũng có thể so sánh ảnh của tấm thiệp với nó',
    showPhotoHint:
      'Ảnh cho thấy chữ viết tay, có thể có tên bạn. Điều này chỉ có tác dụng nếu nhà mốt lưu một ảnh như vậy của thiệp bạn.',
    houseSees:
      'Nhà mốt sẽ thấy những gì bạn công khai, như mọi người. Việc nhận thiệp không cho nhà mốt biết gì thêm về bạn.',
    submit: 'Nhận thiệp',
    problems: 'Vui lòng kiểm tra biểu mẫu:',
    problem: {
      code: 'Mã này bị gõ sai: hãy đối chiếu từng ký tự với phiếu (ký tự cuối là ký tự kiểm tra).',
      unknown:
        'Không có thiệp nào đang chờ mã này. Hãy đối chiếu với phiếu; nếu thiệp được chuyển lại cho bạn, hãy dùng mã chuyển nhượng đi kèm thiệp.',
      handle: 'Tên công khai có từ 1 đến 40 ký tự, không có ký tự ẩn hay ký tự điều khiển.',
      secret: 'Mã bí mật này bị gõ sai: hãy kiểm tra từng ký tự.',
      noClaim:
        'Không có lần nhận thiệp nào còn hiệu lực với mã bí mật này. Mã hết hiệu lực khi việc nhận thiệp được trả lại.',
      tooMany: 'Quá nhiều lần thử từ kết nối của bạn. Vui lòng thử lại sau một giờ.',
      revoked:
        'Nhà mốt đã thu hồi thiệp này: không thể nhận hay chuyển thiệp nữa, và không thể hiển thị thêm gì. Những gì đang hiển thị vẫn có thể ẩn đi.',
      confirm: 'Hãy đánh dấu ô để xác nhận bạn chuyển thiệp cho người khác.',
    },
    takenTitle: 'Thiệp này đã được nhận',
    takenExplain:
      'Mỗi mã chỉ dùng được một lần, và đã có người nhận thiệp này bằng mã đó. Nhà mốt đã được báo về lần thử này. Nếu thiệp là của bạn mà bạn chưa nhận, hãy báo cáo: nhà mốt có thể xem xét.',
    tryAgain: 'Nhập mã khác',
    madeTitle: 'Việc nhận thiệp của bạn đã được công khai',
    card: 'Thiệp',
    secret: 'Mã bí mật của bạn',
    secretKeep:
      'Hãy cất giữ cẩn thận: mã chỉ hiện một lần này, và nhà mốt không thể hiện lại. Với mã này bạn có thể thay đổi những gì được hiển thị, hoặc trả lại việc nhận thiệp khi chuyển thiệp cho người khác.',
    download: 'Tải mã bí mật (tệp văn bản)',
    fileText:
      'Mã bí mật cho việc nhận thiệp {serial}:\n{secret}\n\nThay đổi hoặc trả lại tại {url}\n',
    publicSees: 'Những gì ai kiểm tra thiệp bây giờ sẽ thấy',
    manageLink: 'Thay đổi hoặc trả lại việc nhận thiệp',
    manageTitle: 'Việc nhận thiệp của bạn',
    manageIntro: 'Nhập mã bí mật bạn đã nhận khi nhận thiệp.',
    secretLabel: 'Mã bí mật',
    secretHint: '36 chữ cái và chữ số, theo nhóm bốn.',
    open: 'Mở',
    change: 'Thay đổi những gì được hiển thị',
    save: 'Lưu',
    saved: 'Đã lưu: ai kiểm tra thiệp bây giờ sẽ thấy điều này.',
    releaseTitle: 'Chuyển thiệp cho người khác',
    releaseExplain:
      'Trả lại sẽ chấm dứt việc nhận thiệp của bạn: kết quả kiểm tra không còn hiển thị nó, mã bí mật và phiếu hết hiệu lực, và bạn nhận một mã chuyển nhượng để trao cùng thiệp. Người giữ tiếp theo nhận thiệp bằng mã đó.',
    releaseConfirm: 'Tôi chuyển thiệp này cho người khác và trả lại việc nhận thiệp.',
    release: 'Trả lại',
    releasedTitle: 'Bạn đã trả lại việc nhận thiệp',
    transferCode: 'Mã chuyển nhượng',
    transferKeep:
      'Hãy trao mã cùng thiệp, viết ra giấy hoặc dưới dạng liên kết bên dưới. Mã dùng được một lần: ai nhận thiệp bằng mã này trước sẽ là người giữ thiệp.',
    transferLink: 'Trang nhận thiệp cho mã này',
    heading: 'Việc nhận thiệp của người nhận',
    claimedOn: 'Đã được người nhận nhận vào {date}.',
    endedOn: 'Đã được người nhận nhận vào {date}. Việc nhận thiệp chấm dứt khi thiệp bị thu hồi.',
    publicName: 'Tên công khai do người giữ chọn:',
    photoAlt: 'Tấm thiệp như nhà mốt đã chụp khi phát hành',
    photoNote: 'Do người giữ hiển thị: hãy so sánh bằng mắt ảnh của tấm thiệp với ảnh này.',
    noneShown: 'Chỉ hiển thị ngày nhận thiệp.',
  },
  checkAnother: 'Kiểm tra thiệp khác',
  language: 'Ngôn ngữ',
};
