// The public HTTP contract on the Worker in workerd (D1), through wrangler dev.
import { startWorkerdTarget } from '../helpers/contract-fixture.js';
import { runContract } from './verify-contract.js';

runContract('workerd', startWorkerdTarget);
