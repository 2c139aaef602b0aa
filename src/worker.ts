// Workers entry (wrangler.toml's `main`): the Worker's handlers, the issuance log's Durable
// Object and the cards' scan aggregators (their `class_name`). Everything they run lives in
// src/workers/.
export { default } from './workers/handler.js';
export { LogSequencerObject } from './workers/log-object.js';
export { ScanAggregatorObject } from './workers/scan-object.js';
