// The start page's image reader: decodes photos, screenshots and camera frames in the browser
// with zxing-wasm, then sends only the texts of the codes found to /verify. Images never leave
// the device. Loaded after /vendor/zxing-reader.js, which defines the ZXingWASM global.
import type * as ZXing from 'zxing-wasm/reader';

declare const ZXingWASM: typeof ZXing;

interface Strings {
  reading: string;
  noCode: string;
  noWasm: string;
  cameraStart: string;
  cameraStop: string;
  cameraHint: string;
}

const OPTIONS: ZXing.ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 16,
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

  if (typeof WebAssembly !== 'object' || typeof ZXingWASM !== 'object') {
    // No local reader: offer, clearly, to send the image instead.
    status.textContent = strings.noWasm;
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

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    status.textContent = strings.reading;
    try {
      let texts = valid(await ZXingWASM.readBarcodes(file, OPTIONS));
      if (texts.length === 0) {
        // The browser's own decoder honours EXIF rotation; enlarging helps tiny codes.
        const bitmap = await createImageBitmap(file);
        const scale = Math.max(bitmap.width, bitmap.height) <= 1500 ? 2 : 1;
        texts = valid(await ZXingWASM.readBarcodes(await pixelsOf(file, scale), OPTIONS));
      }
      if (texts.length === 0) status.textContent = strings.noCode;
      else submitCodes(texts, 'image');
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
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment' },
        audio: false,
      });
    } catch (error) {
      status.textContent = (error as Error).message;
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

// The service worker keeps this page, the offline verifier and the brand's keys and revocations,
// so that a card can still be checked on this device when the network is gone.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {
    // No offline checks (a private window, a browser that refuses): online checks still work.
  });
}

setUp();
