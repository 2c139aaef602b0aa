// Dates for tests, read from the clock as the product reads it, so that a suite passes on any day
// (and under `faketime -f '+400d'`), and the clock handed on to the processes a test starts.
import { dayToDate, instantToDay } from '../../src/core/index.js';

/** Today's date (UTC) as `YYYY-MM-DD`, the day a key made "from today" starts signing. */
export function today(): string {
  return daysFromToday(0);
}

/** The date (UTC) `n` days after today (before it when `n` is negative), as `YYYY-MM-DD`. */
export function daysFromToday(n: number): string {
  return dayToDate(instantToDay(new Date()) + n);
}

/**
 * The variables that shift this process's clock (libfaketime's `LD_PRELOAD` and `FAKETIME*`),
 * for a child started with a clean environment: the built CLI or server then reads the same
 * clock as the test. Empty when the clock is not shifted. Not for workerd, which libfaketime
 * deadlocks at start (its tcmalloc allocates inside libfaketime's set-up): see withRealClock.
 */
export function clockEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (name.startsWith('FAKETIME') || (name === 'LD_PRELOAD' && /faketime/.test(value))) {
      env[name] = value;
    }
  }
  return env;
}

/**
 * Runs `start`, which spawns workerd with this process's environment (wrangler's
 * getPlatformProxy does), without libfaketime's `LD_PRELOAD`: workerd would hang at start under
 * it. Such a workerd reads the real clock, so what it checks must not depend on today.
 */
export async function withRealClock<T>(start: () => Promise<T>): Promise<T> {
  const preload = process.env.LD_PRELOAD;
  if (preload === undefined || !/faketime/.test(preload)) return start();
  delete process.env.LD_PRELOAD;
  try {
    return await start();
  } finally {
    process.env.LD_PRELOAD = preload;
  }
}

/** libfaketime's relative shifts: `+400d`, `-2h`, `+90m`, `+30s` or `+30`. */
const SHIFT = /^([+-]\d+(?:\.\d+)?)([smhdy]?)$/;
const UNIT_MS: Record<string, number> = {
  '': 1000,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  y: 365 * 86_400_000,
};

/**
 * The real time while libfaketime shifts this process's clock by a relative offset (as
 * `faketime -f '+400d'` does), or now: the clock a workerd started through withRealClock reads.
 * @throws Error under an absolute or otherwise unreadable FAKETIME, which workerd tests cannot follow.
 */
export function realNow(): Date {
  const shift = clockEnv().FAKETIME?.trim();
  if (shift === undefined) return new Date();
  const match = SHIFT.exec(shift);
  if (!match)
    throw new Error(
      `workerd keeps the real clock: give FAKETIME as an offset (+400d), not "${shift}"`,
    );
  return new Date(Date.now() - Number(match[1]) * UNIT_MS[match[2]!]!);
}
