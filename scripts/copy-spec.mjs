// Puts the CT1 specification and its vectors into public/spec/, so that every deployment serves
// the document a card can be checked by (/spec/ct1.md, /spec/ct1-vectors.json).
import { copyFileSync, mkdirSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const out = new URL('public/spec/', root);
mkdirSync(out, { recursive: true });
copyFileSync(new URL('spec/ct1.md', root), new URL('ct1.md', out));
copyFileSync(new URL('spec/vectors/ct1-vectors.json', root), new URL('ct1-vectors.json', out));
