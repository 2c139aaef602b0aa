// Puts zxing-wasm's browser build into public/vendor, so the start page reads images with no
// CDN: the IIFE script (the ZXingWASM global) and the reader's .wasm beside it.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const wasm = require.resolve('zxing-wasm/reader/zxing_reader.wasm');
const iife = join(dirname(wasm), '..', 'iife', 'reader', 'index.js');
const out = new URL('../public/vendor/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
copyFileSync(iife, join(out, 'zxing-reader.js'));
copyFileSync(wasm, join(out, 'zxing_reader.wasm'));
