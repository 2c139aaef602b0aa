// The evidence report as a printable page: what legal puts before a platform or a court
// (gathered by src/services/evidence.ts). Every value from the public or from staff input is
// shown() (isolated, its control characters written out), and any word wraps: one long word in a
// report cannot push a column off the printed page.
import { html, raw } from 'hono/html';
import type { ClaimView } from '../../services/claims.js';
import type { Evidence } from '../../services/evidence.js';
import type { ReferenceComparison } from '../../services/references.js';
import { shown } from '../pages/isolated.js';
import { scanChart } from './scan-chart.js';

/**
 * The printable report's style: tables of fixed column widths, every cell wrapping anywhere; on a
 * page narrower than A4 (A5 portrait), the short columns take shares of the page instead of fixed
 * widths, so that the long one ("Seen", a field's value) keeps about half the width.
 */
const STYLE = `body{font:14px/1.45 Georgia,serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.5rem}h2{font-size:1.1rem;border-bottom:1px solid #999;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{text-align:left;padding:.2rem .4rem;border-bottom:1px solid #ddd;vertical-align:top}
td,th,p,li,h1,figcaption,bdi,code,.mono{overflow-wrap:anywhere;word-break:normal}
th.ref{width:8rem}.fields th{width:11rem}th.time{width:7.5rem}th.short{width:6rem}th.state{width:6.5rem}
@media (max-width:40rem){th.ref{width:15%}.fields th{width:30%}th.time{width:14%}th.short{width:12%}th.state{width:11%}}
code,.mono{font-family:ui-monospace,monospace;font-size:12px}.lines{white-space:pre-line}
.status{font-size:1.2rem;font-weight:bold}.flag{color:#a00}
.views{display:flex;gap:.6rem;flex-wrap:wrap}.views figure{margin:0;flex:1 1 12rem}.views img{width:100%;border:1px solid #999;image-rendering:pixelated}
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}}`;

/** The printable report of `evidence`. */
export function evidencePage(e: Evidence) {
  const row = (label: string, value: unknown) =>
    html`<tr>
      <th>${label}</th>
      <td>${value ?? '—'}</td>
    </tr>`;
  const c = e.card;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>Evidence: card ${c.serialText}</title>
        <style>
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <h1>Evidence: card ${c.serialText}</h1>
        <p>
          Generated ${e.generatedAt} by ${shown(e.generatedBy.name)} (${e.generatedBy.role},
          ${shown(e.generatedBy.id)}) from ${e.service}.
        </p>
        <h2>Verdict now</h2>
        <p class="status" data-status="${e.verdict?.status ?? c.status}">
          ${e.verdict?.status ?? `${c.status} (registry only: no token kept for this card)`}
        </p>
        ${e.verdict?.reason ? html`<p>${e.verdict.reason.message}</p>` : ''}
        ${e.verdict && e.verdict.warnings.length > 0 ? html`<p>Warnings: ${e.verdict.warnings.join(', ')}</p>` : ''}
        <h2>Claims</h2>
        <table class="fields">
          ${row('Serial', html`<span class="mono">${c.serialText} (${c.serial})</span>`)}
          ${row('Issued', c.issued)}
          ${row(
            'Boutique',
            html`${shown(c.boutique.name)}, ${shown(c.boutique.city)} (${shown(c.boutique.code)},
            no. ${c.boutique.number})`,
          )}
          ${row('Associate', html`${shown(c.associate.displayName)} (no. ${c.associate.number})`)}
          ${row('Occasion', shown(c.occasion))}
          ${row('Signing key', html`<span class="mono">${c.kid}</span>`)}
          ${row('Minted at', c.mintedAt)}
          ${
            'clientRef' in c
              ? row('Client reference (confidential)', c.clientRef ? shown(c.clientRef) : null)
              : ''
          }
          ${row('Link', c.url ? html`<span class="mono">${c.url}</span>` : null)}
        </table>
        <h2>Revocation</h2>
        ${
          c.revocation
            ? html`<table class="fields">
                ${row('Revoked at', c.revocation.revokedAt)}${row('Reason', shown(c.revocation.reason))}
                ${row('Note', c.revocation.note ? lines(c.revocation.note) : null)}
                ${row('By', c.revocation.by ? shown(c.revocation.by) : null)}
              </table>`
            : html`<p>Not revoked.</p>`
        }
        <h2>Checks</h2>
        <p>
          ${e.scans.total} checks recorded; ${e.scans.countries.filter((x) => x.country).length}
          countries.
        </p>
        ${scanChart(e.scans.days)}
        <table>
          <tr>
            <th>Country</th>
            <th>Checks</th>
          </tr>
          ${e.scans.countries.map(
            (x) =>
              html`<tr>
                <td>${x.country ? shown(x.country) : 'unknown'}</td>
                <td>${x.scans}</td>
              </tr>`,
          )}
        </table>
        <h2>Signals</h2>
        ${
          e.signals.flags.length === 0
            ? html`<p>
                None past the thresholds (${e.signals.thresholds.scannersPerDay} distinct scanners a
                day, ${e.signals.thresholds.countries} countries).
              </p>`
            : html`<ul>
                ${e.signals.flags.map((f) => html`<li class="flag">${f.message}</li>`)}
              </ul>`
        }
        <h2>Reports from the public</h2>
        ${
          e.reports.length === 0
            ? html`<p>No report is linked to this card.</p>`
            : html`<table id="reports">
                  <tr>
                    <th class="ref">Reference</th>
                    <th class="time">Received</th>
                    <th>Seen</th>
                    <th class="short">Code checked</th>
                    <th class="state">Status</th>
                  </tr>
                  ${e.reports.map(
                    (r) =>
                      html`<tr data-report="${r.ref}">
                        <td class="mono">${r.ref}</td>
                        <td>${r.receivedAt}</td>
                        <td>
                          ${r.place}${r.seenOn ? `, ${r.seenOn}` : ''}: ${shown(r.where)}
                          ${r.details ? html`<br />${lines(r.details)}` : ''}
                          ${r.photo ? html`<br />Photo kept (${r.photo.type}, ${r.photo.bytes} bytes)` : ''}
                        </td>
                        <td>${r.verdict ?? '—'}</td>
                        <td>
                          ${r.status}${r.outcome ? `: ${r.outcome}` : ''}${
                            r.outcomeNote ? html` (${lines(r.outcomeNote)})` : ''
                          }
                        </td>
                      </tr>`,
                  )}
                </table>
                <p>Reporters' contacts are not part of this report; they stay in the registry.</p>`
        }
        <h2>The card as issued</h2>
        ${
          e.reference
            ? html`${
                  e.reference.current
                    ? html`<figure id="reference">
                        <img
                          src="${e.reference.current.photo}"
                          alt="Reference photo of the card as issued"
                          style="max-width:100%"
                        />
                        <figcaption>
                          Reference photo, recorded ${e.reference.current.recordedAt} by
                          ${shown(e.reference.current.recordedBy)}
                        </figcaption>
                      </figure>`
                    : ''
                }
                <p>
                  Each reference's hashes are in the public log (a 0x02 entry tied to this card's
                  token hash); it could be replaced until ${e.reference.replaceUntil}.
                </p>
                ${referenceTable(e.reference.history)}`
            : html`<p>No reference photo of this card was recorded.</p>`
        }
        <h2>Claims by its recipients</h2>
        ${
          e.claims === null
            ? html`<p>This registry keeps no claims.</p>`
            : e.claims.length === 0
              ? html`<p>No one has claimed this card.</p>`
              : html`<p>
                    Each claim, change, release and void is in the public log (a 0x03 entry tied to
                    this card's token hash, with a hash of the public name); the index below is its
                    claim's.
                  </p>
                  ${claimTable(e.claims)}`
        }
        <h2>Audit trail</h2>
        <table>
          <tr>
            <th class="time">When</th>
            <th>Who</th>
            <th>Action</th>
            <th class="short">Outcome</th>
          </tr>
          ${e.audit.map(
            (a) =>
              html`<tr>
                <td>${a.at}</td>
                <td>${shown(a.actor)} (${a.role})</td>
                <td>${a.action}</td>
                <td>${a.outcome}</td>
              </tr>`,
          )}
        </table>
        <h2>Signed receipt</h2>
        ${
          e.receipt
            ? html`<p>
                  Check it offline with <code>cachet receipt verify</code> and the keys at
                  ${e.service}/.well-known/jwks.json.
                </p>
                <p class="mono" id="receipt">${e.receipt}</p>`
            : html`<p>
                No receipt:
                ${e.receiptError ? shown(e.receiptError) : 'the registry kept no token for this card'}.
              </p>`
        }
      </body>
    </html>`;
}

/** A value of several lines (a report's account, a note), shown with its lines kept. */
const lines = (text: string) =>
  html`<span class="lines">${shown(text, { keepNewlines: true })}</span>`;

/** A card's claims, newest first: how and when each was made and ended, what it showed. */
function claimTable(claims: ClaimView[]) {
  return html`<table id="claims">
    <tr>
      <th class="short">Claim</th>
      <th class="time">Made</th>
      <th class="state">Status</th>
      <th>Public name / photo shown</th>
      <th>Void reason</th>
      <th class="short">Log index</th>
    </tr>
    ${claims.map(
      (c) =>
        html`<tr>
          <td>${c.number}</td>
          <td>${c.claimedAt} with ${c.via === 'slip' ? 'the slip' : 'a transfer code'}</td>
          <td>
            ${c.status}${c.endedAt ? ` ${c.endedAt}` : ''}${
              c.changedAt ? `, changed ${c.changedAt}` : ''
            }
          </td>
          <td>${c.handle ? shown(c.handle) : '—'} / ${c.showPhoto ? 'photo shown' : 'no photo'}</td>
          <td>
            ${
              c.voidReason
                ? html`${lines(c.voidReason)} (${c.voidedBy ? shown(c.voidedBy) : 'unknown'})`
                : '—'
            }
          </td>
          <td>${c.logIndex ?? 'not yet placed'}</td>
        </tr>`,
    )}
  </table>`;
}

/** A card's references, one row each: hashes, when and by whom, its place in the log. */
function referenceTable(history: ReferenceComparison['reference'][]) {
  return html`<table id="references">
    <tr>
      <th class="time">Recorded</th>
      <th>By</th>
      <th>Photo SHA-256 / fingerprint SHA-256</th>
      <th class="short">Log index</th>
      <th class="time">Replaced</th>
    </tr>
    ${history.map(
      (r) =>
        html`<tr>
          <td>${r.recordedAt}</td>
          <td>${shown(r.recordedBy)}</td>
          <td class="mono">${r.photoSha256}<br />${r.fingerprintSha256}</td>
          <td>${r.logIndex ?? 'not yet placed'}</td>
          <td>${r.replacedAt ?? '—'}</td>
        </tr>`,
    )}
  </table>`;
}

/**
 * Legal's comparison, printable: the answer, what was compared, and the reference, the photo
 * brought into the card's frame and their difference side by side (PNG data).
 */
export function comparisonPage(
  c: Omit<ReferenceComparison, 'views'>,
  views: { reference: string; photo: string; difference: string } | null,
  generatedAt: string,
  by: { id: string; role: string },
) {
  const m = c.match;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>Comparison: card ${c.serialText}</title>
        <style>
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <h1>Comparison with the card as issued: ${c.serialText}</h1>
        <p>Generated ${generatedAt} by ${shown(by.id)} (${by.role}).</p>
        <p class="status" data-result="${m.result}">${m.result}</p>
        <table class="fields">
          <tr>
            <th>Score</th>
            <td>${m.score.toFixed(3)}</td>
          </tr>
          <tr>
            <th>Area of the reference shown</th>
            <td>${Math.round(m.compared.coverage * 100)} %</td>
          </tr>
          <tr>
            <th>Blocks of ink compared / matched</th>
            <td>${m.compared.blocks} / ${m.compared.matched}</td>
          </tr>
          ${
            m.compared.reason
              ? html`<tr>
                  <th>Why it cannot tell</th>
                  <td>${m.compared.reason}</td>
                </tr>`
              : ''
          }
          <tr>
            <th>Reference recorded</th>
            <td>${c.reference.recordedAt} by ${shown(c.reference.recordedBy)}</td>
          </tr>
          <tr>
            <th>Reference photo SHA-256</th>
            <td class="mono">${c.reference.photoSha256}</td>
          </tr>
          <tr>
            <th>Fingerprint SHA-256</th>
            <td class="mono">${c.reference.fingerprintSha256}</td>
          </tr>
          <tr>
            <th>Log index</th>
            <td>${c.reference.logIndex ?? 'not yet placed'}</td>
          </tr>
        </table>
        ${
          views
            ? html`<div class="views" id="views">
                <figure>
                  <img src="${views.reference}" alt="Reference" />
                  <figcaption>Reference</figcaption>
                </figure>
                <figure>
                  <img src="${views.photo}" alt="Photo, in the card's frame" />
                  <figcaption>Photo, in the card's frame</figcaption>
                </figure>
                <figure>
                  <img src="${views.difference}" alt="Difference" />
                  <figcaption>Difference (dark: differs most)</figcaption>
                </figure>
              </div>`
            : ''
        }
      </body>
    </html>`;
}
