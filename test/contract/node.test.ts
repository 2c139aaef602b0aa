// The public HTTP contract on the Node server (SQLite).
import { startNodeTarget } from '../helpers/contract-fixture.js';
import { runContract } from './verify-contract.js';

runContract('Node', startNodeTarget);
