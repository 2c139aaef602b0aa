// The issuance log's formats and proofs: pure, on WebCrypto, the same in every runtime.
export * from './base64.js';
export * from './merkle.js';
export * from './entry.js';
export * from './tiles.js';
export * from './tile-reader.js';
export * from './note.js';
export * from './checkpoint.js';
export * from './proof.js';
export * from './store.js';
export * from './card-proof.js';
export * from './claim-story.js';
