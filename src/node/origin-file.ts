// The origins beside a registry (`<registry>.origins.json`): where the server last said its cards
// point and which hosts it accepts, and where the CLI last minted for. Kept out of the registry
// itself, which holds cards and never an address.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ServedOrigin } from '../core/index.js';
import { originMismatch } from '../services/origin.js';

interface Origins {
  served?: ServedOrigin;
  minted?: string;
}

const pathOf = (dbPath: string) => `${dbPath}.origins.json`;

/** What was noted beside the registry at `dbPath`; nothing when the file is missing or damaged. */
export function readOrigins(dbPath: string): Origins {
  const path = pathOf(dbPath);
  if (!existsSync(path)) return {};
  let noted: unknown;
  try {
    noted = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return {}; // only a hint: a damaged file is written anew by the next server or mint
  }
  const { served, minted } = (typeof noted === 'object' && noted !== null ? noted : {}) as {
    served?: Partial<ServedOrigin> | null;
    minted?: unknown;
  };
  const isServed =
    typeof served?.origin === 'string' &&
    Array.isArray(served.hosts) &&
    served.hosts.every((host) => typeof host === 'string');
  return {
    ...(isServed && { served: served as ServedOrigin }),
    ...(typeof minted === 'string' && { minted }),
  };
}

/** Notes `change` beside the registry, replacing the file whole. */
export function noteOrigins(dbPath: string, change: Origins): void {
  const path = pathOf(dbPath);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ ...readOrigins(dbPath), ...change })}\n`);
  renameSync(temporary, path);
}

/**
 * Notes where the running server's cards point and the hosts it accepts, for a `cachet mint` in
 * another shell. Returns why the cards the CLI last minted would read as look-alikes here, if
 * they would.
 */
export function noteServedOrigin(dbPath: string, served: ServedOrigin): string | undefined {
  const { minted } = readOrigins(dbPath);
  noteOrigins(dbPath, { served });
  return minted ? originMismatch(minted, served) : undefined;
}
