// What stands out in a card's checks: the signals of a cloned code, each with a sentence.
import type { FlagThresholds, ScanHistory } from '../core/index.js';

export interface Signal {
  code: 'scanners-per-day' | 'countries' | 'before-issue' | 'after-revocation';
  message: string;
}

/** The signals of one card's scan history under `t`. */
export function signalsOf(scans: ScanHistory, t: FlagThresholds): Signal[] {
  const signals: Signal[] = [];
  const busiest = scans.days.reduce(
    (top, d) => (d.scanners > (top?.scanners ?? -1) ? d : top),
    scans.days[0],
  );
  if (busiest && busiest.scanners >= t.scannersPerDay) {
    signals.push({
      code: 'scanners-per-day',
      message: `${busiest.scanners} distinct scanners on ${busiest.day} (threshold ${t.scannersPerDay})`,
    });
  }
  const countries = scans.countries.filter((c) => c.country !== '').length;
  if (countries >= t.countries) {
    signals.push({
      code: 'countries',
      message: `checked from ${countries} countries (threshold ${t.countries})`,
    });
  }
  if (scans.beforeIssue > 0) {
    signals.push({
      code: 'before-issue',
      message: `${scans.beforeIssue} checks dated before the card's issue date`,
    });
  }
  if (scans.afterRevocation > 0) {
    signals.push({
      code: 'after-revocation',
      message: `${scans.afterRevocation} checks after the card was revoked`,
    });
  }
  return signals;
}
