// Bundles the offline verifier (src/offline/page.ts with cachet/verify, jose and
// @noble/ed25519) into public/offline.js: one ES module the service worker keeps, so a page
// with no network still has everything it runs.
import { build } from 'vite';

await build({
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir: 'public',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    lib: { entry: 'src/offline/page.ts', formats: ['es'], fileName: () => 'offline.js' },
  },
});
