// Every `cachet` command, in the order `cachet --help` lists them.
import type { Command } from '../args.js';
import type { CommandGroup } from '../sub-commands.js';
import { associate, boutique } from './boutique.js';
import { backup, restore } from './backup.js';
import { card } from './card.js';
import { edge, edgePrepare } from './edge.js';
import { key } from './key.js';
import { keygen } from './keygen.js';
import { log } from './log.js';
import { mint } from './mint.js';
import { receipt } from './receipt.js';
import { registry } from './registry.js';
import { revoke } from './revoke.js';
import { serve } from './serve.js';
import { staff } from './staff.js';
import { trust } from './trust.js';
import { verify } from './verify.js';
import { witness } from './witness.js';

export const COMMANDS: (Command | CommandGroup)[] = [
  keygen,
  key,
  boutique,
  associate,
  mint,
  verify,
  trust,
  revoke,
  card,
  log,
  receipt,
  staff,
  serve,
  backup,
  restore,
  registry,
  witness,
  edgePrepare,
  edge,
];
