// The start page's image reader: decodes photos, screenshots and camera frames in the browser
// with zxing-wasm, then sends only the texts of the codes found to /verify. A photo leaves the
// device only when the house keeps a photo of its card as issued: then it is sent, with the texts,
// to /verify/image to be compared, and dropped there. Loaded after /vendor/zxing-reader.js, which
// defines the ZXingWASM global.
import type * as ZXing from 'zxing-wasm/reader';

declare const ZXingWASM: typeof ZXing;

interface Strings {
  reading: string;
  noCode: string;
  noWasm: string;
  cameraStart: string;
  cameraStop: string;
  cameraHint: string;
  cameraDenied: string;
  cameraMissing: string;
  inApp: string;
  noFeatures: string;
  seenUnreadable: string;
  comparing: string;
}

/** In-app browsers that are known to block the camera, by what their user agent says. */
const IN_APP: [RegExp, string][] = [
  [/Instagram/, 'Instagram'],
  [/FBAN|FBAV|FB_IAB/, 'Facebook'],
  [/musical_ly|BytedanceWebview|TikTok/i, 'TikTok'],
  [/MicroMessenger/, 'WeChat'],
  [/\bLine\//, 'LINE'],
  [/Snapchat/, 'Snapchat'],
  [/Twitter/, 'X'],
];

const OPTIONS: ZXing.ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 16,
  // Codes found but not decoded come back too (isValid false): the page can say so.
  returnErrors: true,
};
/** Camera frames are read faster and more often. */
const FRAME_OPTIONS: ZXing.ReaderOptions = { ...OPTIONS, tryHarder: false, maxNumberOfSymbols: 4 };

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function setUp() {
  const strings = JSON.parse(byId('scanner-strings').textContent ?? '{}') as Strings;
  const section = byId<HTMLElement>('image-check');
  const status = byId<HTMLParagraphElement>('image-status');
  const fileInput = byId<HTMLInputElement>('image-file');
  const cameraButton = byId<HTMLButtonElement>('camera-button');
  const video = byId<HTMLVideoElement>('camera');
  const codesForm = byId<HTMLFormElement>('codes-form');
  section.hidden = false;

  const inApp = IN_APP.find(([pattern]) => pattern.test(navigator.userAgent));
  if (inApp) {
    const notice = byId<HTMLParagraphElement>('in-app-notice');
    notice.textContent = strings.inApp.replace('{app}', inApp[1]);
    notice.hidden = false;
  }
  if (
    typeof WebAssembly !== 'object' ||
    typeof ZXingWASM !== 'object' ||
    typeof createImageBitmap !== 'function'
  ) {
    // No local reader: offer, clearly, to send the image instead.
    status.textContent = typeof WebAssembly !== 'object' ? strings.noWasm : strings.noFeatures;
    byId('image-form').hidden = true;
    byId('no-upload-notice').hidden = true;
    cameraButton.hidden = true;
    byId('send-form').hidden = false;
    return;
  }
  ZXingWASM.prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) =>
        path.endsWith('.wasm') ? `/vendor/${path}` : prefix + path,
    },
  });

  const valid = (results: ZXing.ReadResult[]) =>
    results.filter((r) => r.isValid).map((r) => r.text);
  /** True when a QR code was located but could not be decoded. */
  const unreadable = (results: ZXing.ReadResult[]) => results.some((r) => !r.isValid);

  /** Whether the house keeps a photo as issued of the card of any of these codes. */
  const referenceKept = async (texts: string[]) => {
    for (const text of texts) {
      try {
        const answer = await fetch(`/api/v1/reference?q=${encodeURIComponent(text)}`);
        if (answer.ok && ((await answer.json()) as { kept?: boolean }).kept) return true;
      } catch {
        // No answer: the texts alone are sent, as for any other card.
      }
    }
    return false;
  };

  /**
   * Sends the photo with the texts read from it to /verify/image, to be compared with the card
   * as issued; false when this browser cannot hand a file to a form.
   */
  const submitPhoto = (texts: string[], file: File) => {
    const form = byId<HTMLFormElement>('send-form');
    const input = form.querySelector<HTMLInputElement>('input[type=file]')!;
    try {
      const transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
    } catch {
      return false;
    }
    form.querySelectorAll('input[name="q"]').forEach((q) => q.remove());
    for (const text of new Set(texts)) {
      const q = document.createElement('input');
      Object.assign(q, { type: 'hidden', name: 'q', value: text });
      form.append(q);
    }
    form.submit();
    return true;
  };

  /**
   * Sends what a photo showed: the photo itself only when the house keeps a photo of the card as
   * issued, to be compared; otherwise the texts alone.
   */
  const submitRead = async (texts: string[], file: File) => {
    if (await referenceKept(texts)) {
      status.textContent = strings.comparing;
      if (submitPhoto(texts, file)) return;
    }
    submitCodes(texts, 'image');
  };

  /** Sends the texts (never the image) to be checked, as a normal form post. */
  const submitCodes = (texts: string[], source: 'image' | 'camera') => {
    codesForm.querySelectorAll('input[name="q"]').forEach((input) => input.remove());
    for (const text of new Set(texts)) {
      const input = document.createElement('input');
      Object.assign(input, { type: 'hidden', name: 'q', value: text });
      codesForm.append(input);
    }
    (codesForm.elements.namedItem('source') as HTMLInputElement).value = source;
    codesForm.submit();
  };

  /** The pixels of an image scaled by `scale`, for a second try at tiny or huge codes. */
  const pixelsOf = async (file: Blob, scale: number) => {
    const bitmap = await createImageBitmap(file);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return context.getImageData(0, 0, canvas.width, canvas.height);
  };

  const crop = setUpCrop(async (pixels) => {
    status.textContent = strings.reading;
    const results = await ZXingWASM.readBarcodes(pixels, OPTIONS);
    const texts = valid(results);
    const file = fileInput.files?.[0];
    if (texts.length > 0) await (file ? submitRead(texts, file) : submitCodes(texts, 'image'));
    else status.textContent = unreadable(results) ? strings.seenUnreadable : strings.noCode;
  });

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    status.textContent = strings.reading;
    crop.hide();
    try {
      let results = await ZXingWASM.readBarcodes(file, OPTIONS);
      let seen = unreadable(results);
      let texts = valid(results);
      if (texts.length === 0) {
        // The browser's own decoder honours EXIF rotation; enlarging helps tiny codes.
        const bitmap = await createImageBitmap(file);
        const scale = Math.max(bitmap.width, bitmap.height) <= 1500 ? 2 : 1;
        results = await ZXingWASM.readBarcodes(await pixelsOf(file, scale), OPTIONS);
        seen ||= unreadable(results);
        texts = valid(results);
      }
      if (texts.length > 0) return await submitRead(texts, file);
      status.textContent = seen ? strings.seenUnreadable : strings.noCode;
      // Let the reader point at the code: a box drawn around it is read again, enlarged.
      await crop.show(file);
    } catch {
      status.textContent = strings.noCode;
    }
  });

  let stream: MediaStream | null = null;
  const stopCamera = () => {
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    cameraButton.textContent = strings.cameraStart;
  };
  const readFrames = async () => {
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    while (stream) {
      if (video.readyState >= 2 && video.videoWidth > 0) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0);
        const frame = context.getImageData(0, 0, canvas.width, canvas.height);
        const texts = valid(await ZXingWASM.readBarcodes(frame, FRAME_OPTIONS));
        if (texts.length > 0) {
          stopCamera();
          submitCodes(texts, 'camera');
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  cameraButton.addEventListener('click', async () => {
    if (stream) return stopCamera();
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new DOMException('', 'NotFoundError');
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment' },
        audio: false,
      });
    } catch (error) {
      // Say why, and what to do instead: refused, no camera, or no camera API at all.
      const name = (error as DOMException).name;
      status.textContent =
        name === 'NotAllowedError' || name === 'SecurityError'
          ? strings.cameraDenied
          : strings.cameraMissing;
      stream = null;
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    cameraButton.textContent = strings.cameraStop;
    status.textContent = strings.cameraHint;
    await video.play();
    void readFrames();
  });
}

/**
 * The crop box: the image drawn on a canvas, a box dragged over it with a pointer (mouse, touch
 * or pen), and the box's pixels, enlarged to at least 800 pixels across, handed to `read`.
 */
function setUpCrop(read: (pixels: ImageData) => Promise<void>) {
  const box = byId<HTMLDivElement>('crop');
  const canvas = byId<HTMLCanvasElement>('crop-canvas');
  const button = byId<HTMLButtonElement>('crop-button');
  const context = canvas.getContext('2d')!;
  let bitmap: ImageBitmap | null = null;
  let start: { x: number; y: number } | null = null;
  let rect: { x: number; y: number; w: number; h: number } | null = null;

  const at = (event: PointerEvent) => {
    const bounds = canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - bounds.left) / bounds.width) * canvas.width,
      y: ((event.clientY - bounds.top) / bounds.height) * canvas.height,
    };
  };
  const draw = () => {
    if (!bitmap) return;
    context.drawImage(bitmap, 0, 0);
    if (!rect) return;
    context.lineWidth = Math.max(2, canvas.width / 200);
    context.strokeStyle = '#d4002a';
    context.strokeRect(rect.x, rect.y, rect.w, rect.h);
  };
  canvas.addEventListener('pointerdown', (event) => {
    start = at(event);
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!start) return;
    const p = at(event);
    rect = {
      x: Math.min(start.x, p.x),
      y: Math.min(start.y, p.y),
      w: Math.abs(p.x - start.x),
      h: Math.abs(p.y - start.y),
    };
    draw();
  });
  canvas.addEventListener('pointerup', () => {
    start = null;
    button.disabled = !rect || rect.w < 8 || rect.h < 8;
  });
  button.addEventListener('click', () => {
    if (!bitmap || !rect) return;
    const scale = Math.max(1, 800 / Math.max(rect.w, rect.h));
    const out = document.createElement('canvas');
    out.width = Math.round(rect.w * scale);
    out.height = Math.round(rect.h * scale);
    const c = out.getContext('2d', { willReadFrequently: true })!;
    c.imageSmoothingQuality = 'high';
    c.drawImage(bitmap, rect.x, rect.y, rect.w, rect.h, 0, 0, out.width, out.height);
    void read(c.getImageData(0, 0, out.width, out.height));
  });
  return {
    async show(file: Blob) {
      bitmap = await createImageBitmap(file);
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      rect = null;
      button.disabled = true;
      draw();
      box.hidden = false;
    },
    hide() {
      box.hidden = true;
    },
  };
}

// The service worker keeps this page, the offline verifier and the brand's keys and revocations,
// so that a card can still be checked on this device when the network is gone.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {
    // No offline checks (a private window, a browser that refuses): online checks still work.
  });
}

setUp();
