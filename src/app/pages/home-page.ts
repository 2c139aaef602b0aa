// The public start page: paste a link, type a serial, read a photo or scan with the camera.
// Pasting and typing work without JavaScript; images are read in the browser by /scan.js, and a
// photo is sent only to be compared with a card the house keeps a photo of as issued.
import { html, raw } from 'hono/html';
import { layout, type View } from './layout.js';

/** The strings /scan.js shows, handed over as data (never run as script). */
function scannerStrings(view: View) {
  const { home } = view.m;
  const strings = {
    reading: home.reading,
    noCode: home.noCode,
    noWasm: home.noWasm,
    cameraStart: home.cameraStart,
    cameraStop: home.cameraStop,
    cameraHint: home.cameraHint,
    cameraDenied: home.cameraDenied,
    cameraMissing: home.cameraMissing,
    inApp: home.inApp,
    noFeatures: home.noFeatures,
    seenUnreadable: home.seenUnreadable,
    comparing: home.comparing,
  };
  // JSON inside <script> must not contain "</"; \u003c keeps the text the same.
  return raw(JSON.stringify(strings).replace(/</g, '\\u003c'));
}

export function homePage(view: View) {
  const { m, lang } = view;
  const head = html`<script type="application/json" id="scanner-strings">
      ${scannerStrings(view)}
    </script>
    <link rel="manifest" href="/manifest.webmanifest" />
    <script src="/vendor/zxing-reader.js" defer></script>
    <script type="module" src="/scan.js"></script>`;
  const body = html`<h1>${m.home.heading}</h1>
    <p>${m.tagline}</p>
    <form method="get" action="/verify" id="paste-form">
      <input type="hidden" name="lang" value="${lang}" />
      <label for="q">${m.home.pasteLabel}</label>
      <input id="q" name="q" autocomplete="off" inputmode="url" required />
      <small>${m.home.pasteHint}</small>
      <button type="submit">${m.home.submit}</button>
    </form>
    <form method="get" action="/serial" id="serial-form">
      <input type="hidden" name="lang" value="${lang}" />
      <label for="s">${m.home.serialLabel}</label>
      <input
        id="s"
        name="s"
        autocomplete="off"
        autocapitalize="characters"
        spellcheck="false"
        placeholder="7K3M-Q9XP-2HT4-W"
        required
      />
      <small>${m.home.serialHint}</small>
      <button type="submit">${m.home.submit}</button>
    </form>
    <section id="image-check" hidden>
      <h2>${m.home.imageHeading}</h2>
      <p class="note" id="no-upload-notice">${m.home.imageNotice}</p>
      <form id="image-form">
        <label for="image-file">${m.home.imageLabel}</label>
        <input type="file" id="image-file" accept="image/jpeg,image/png,image/webp,image/gif" />
      </form>
      <p><button type="button" id="camera-button">${m.home.cameraStart}</button></p>
      <p class="note" id="in-app-notice" hidden></p>
      <video id="camera" playsinline muted hidden></video>
      <p id="image-status" role="status" aria-live="polite"></p>
      <div id="crop" hidden>
        <p>${m.home.cropHint}</p>
        <canvas id="crop-canvas" aria-label="${m.home.cropHint}"></canvas>
        <p><button type="button" id="crop-button" disabled>${m.home.cropButton}</button></p>
      </div>
      <form method="post" action="/verify" id="codes-form" hidden>
        <input type="hidden" name="lang" value="${lang}" />
        <input type="hidden" name="source" value="image" />
      </form>
      <form
        method="post"
        action="/verify/image?lang=${lang}"
        enctype="multipart/form-data"
        id="send-form"
        hidden
      >
        <input type="file" name="image" accept="image/jpeg,image/png,image/webp,image/gif" />
        <button type="submit">${m.home.sendImage}</button>
      </form>
    </section>
    <noscript><p class="note">${m.home.noScript}</p></noscript>`;
  return layout(view, m.home.heading, body, head);
}

export function notFoundPage(view: View) {
  return layout(
    view,
    view.m.notFound,
    html`<h1>${view.m.notFound}</h1>
      <p><a href="/?lang=${view.lang}">${view.m.checkAnother}</a></p>`,
  );
}
