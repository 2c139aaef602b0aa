// The portable core of Cachet: runs unchanged in Node 20, workerd and browsers.
export * from './errors.js';
export * from './bytes.js';
export * from './ed25519.js';
export * from './digits.js';
export * from './serial.js';
export * from './dates.js';
export * from './occasions.js';
export * from './token.js';
export * from './card-url.js';
export * from './keys.js';
export * from './store.js';
export * from './scans.js';
export * from './signature-memo.js';
export * from './verify-card.js';
export * from './image-kind.js';
export * from './code-target.js';
