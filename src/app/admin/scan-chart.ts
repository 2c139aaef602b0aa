// Scans per day as an SVG bar chart: drawn on the server, so the printable report needs no script.
import { html } from 'hono/html';
import type { ScanHistory } from '../../core/index.js';

const WIDTH = 640;
const HEIGHT = 160;

/** Every day from the first to the last check, days without checks included, as bars. */
export function scanChart(days: ScanHistory['days']) {
  if (days.length === 0) return html`<p>No checks recorded.</p>`;
  const first = Date.parse(`${days[0]!.day}T00:00:00Z`);
  const last = Date.parse(`${days[days.length - 1]!.day}T00:00:00Z`);
  const span = Math.round((last - first) / 86_400_000) + 1;
  const byDay = new Map(days.map((d) => [d.day, d]));
  const peak = Math.max(...days.map((d) => d.scans));
  const slot = WIDTH / span;
  const bars = [];
  for (let i = 0; i < span; i++) {
    const day = new Date(first + i * 86_400_000).toISOString().slice(0, 10);
    const entry = byDay.get(day);
    if (!entry) continue;
    const h = Math.max(1, Math.round((entry.scans / peak) * (HEIGHT - 20)));
    bars.push(
      html`<rect
        x="${(i * slot).toFixed(1)}"
        y="${HEIGHT - h}"
        width="${Math.max(1, slot - 1).toFixed(1)}"
        height="${h}"
        fill="#333"
        ><title>
          ${day}: ${entry.scans} checks, ${entry.scanners} distinct scanners, ${entry.countries}
          countries
        </title></rect
      >`,
    );
  }
  return html`<figure class="chart">
    <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="Checks per day">
      <text x="0" y="12" font-size="11">${peak} checks</text>
      ${bars}
    </svg>
    <figcaption>${days[0]!.day} to ${days[days.length - 1]!.day}: checks per day (UTC)</figcaption>
  </figure>`;
}
