// Workers entry (wrangler.toml's `main`): the Worker's handlers and the issuance log's Durable
// Object (its `class_name`). Everything they run lives in src/workers/.
export { default } from './workers/handler.js';
export { LogSequencerObject } from './workers/log-object.js';
