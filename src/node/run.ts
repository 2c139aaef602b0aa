// `npm start` and `cachet serve`: the Node server run until SIGINT or SIGTERM, with what it
// serves printed once it listens: where things are, which key signs, the demo cards to open.
import { describeKeyWindow, instantToDay } from '../core/index.js';
import { readNodeConfig, type NodeConfig } from '../config.js';
import { jwksPath } from '../store/key-files.js';
import { describeInterval } from './backup-timer.js';
import { startNodeServer, type RunningServer } from './server.js';

/** The lines `npm start` prints for `running`. */
export function describeServer(config: NodeConfig, running: RunningServer): string[] {
  const lines = [
    `Cachet is serving on ${running.url}`,
    ...(running.origin !== running.url ? [`  cards     point to ${running.origin}`] : []),
    `  registry  ${config.dbPath}`,
    `  keys      ${jwksPath(config.keysDir)}`,
  ];
  for (const key of running.keyring.keys) {
    const label =
      key.purpose === 'receipt'
        ? `receipts, ${key.status}`
        : `${key.development ? 'DEVELOPMENT KEY, never for real cards' : key.status}, signs cards dated ${describeKeyWindow(key)}`;
    lines.push(`            ${key.kid} (${label})`);
  }
  lines.push(`  log       ${running.logVkey} (checkpoints at /log/checkpoint)`);
  if (config.backupDir) {
    const keys = config.backupPassphraseFile ? 'private keys encrypted' : 'no private keys';
    lines.push(
      `  backups   ${config.backupDir} every ${describeInterval(config.backupIntervalMs)}, the newest ${config.backupKeep} kept (${keys})`,
    );
  }
  const today = running.signers.find(instantToDay(new Date()));
  lines.push(
    today
      ? `  signing   ${today.key.kid} (today's cards)`
      : running.signers.size > 0
        ? "  signing   no key may sign today's cards (see the dates above)"
        : '  signing   none: this server only verifies',
  );
  if (running.demo) {
    lines.push('Demo cards:');
    if (running.demo.authentic) lines.push(`  authentic  ${running.demo.authentic.url}`);
    if (running.demo.revoked) lines.push(`  revoked    ${running.demo.revoked.url}`);
  }
  lines.push(`Legal console: ${running.url}/console (cachet staff add --role legal --name NAME)`);
  lines.push('Press Ctrl+C to stop.');
  return lines;
}

/** Runs the server until SIGINT or SIGTERM. */
export async function runNodeServer(config = readNodeConfig(process.env)): Promise<void> {
  const running = await startNodeServer(config, (line) => console.log(line));
  for (const line of describeServer(config, running)) console.log(line);
  const stop = () => {
    running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
