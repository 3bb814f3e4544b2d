/**
 * Results of a sequence: totals, a funnel chart and a per-day chart (Chart.js, same-origin),
 * and the same numbers as tables, so nothing depends on seeing a chart. The chart data travels
 * as a JSON data block (not executable, so the CSP stays `script-src 'self'`).
 */
import { RESULT_COLUMNS, type Rates, type ResultColumn, type SequenceResults } from '../../domain/results/sequenceResults.js';
import { html, raw, type SafeHtml } from '../html.js';

const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)} %`);

/** Column labels in words; `clicked` is people only, machine clicks are counted apart. */
const LABELS: Record<ResultColumn, string> = {
  enrolled: 'Enrolled',
  sent: 'Sent',
  delivered: 'Delivered',
  bounced: 'Bounced',
  complained: 'Complaints',
  clicked: 'Clicked (people)',
  machineclicked: 'Machine clicks',
  unsubscribed: 'Unsubscribed',
  booked: 'Booked',
};

/** The per-step table: each count with its rate beneath it, so the table fits a 1280 px screen (issue 14). */
const STEP_COLUMNS: [Exclude<ResultColumn, 'enrolled'>, (keyof Rates)?][] = [
  ['sent'],
  ['delivered', 'deliveryRate'],
  ['bounced', 'bounceRate'],
  ['complained', 'complaintRate'],
  ['clicked', 'clickRate'],
  ['machineclicked'],
  ['unsubscribed', 'unsubscribeRate'],
  ['booked', 'bookingRate'],
];

/** JSON for a <script type="application/json"> block: `<` escaped so the data can never close the tag. */
export const jsonDataBlock = (id: string, data: unknown): SafeHtml =>
  raw(`<script type="application/json" id="${id}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`);

export const resultsBody = (r: SequenceResults, csvHref: string, heading?: string): SafeHtml => html`<h1>${heading ?? `Results: ${r.name}`}</h1>
<p><a href="${csvHref}" download>Download CSV</a> · counts since launch; the per-day chart shows the last ${r.days.length} days (clinic time).</p>
<div class="cards">${RESULT_COLUMNS.map((k) => html`<div class="card"><span>${LABELS[k]}</span><strong data-total="${k}">${r.totals[k]}</strong></div>`)}
<div class="card"><span>enrolled → booked</span><strong>${pct(r.rates.enrolledToBooked)}</strong></div></div>
<h2 id="funnel-heading">Funnel</h2>
<div class="chart"><canvas id="funnel-chart" role="img" aria-labelledby="funnel-heading" aria-describedby="funnel-table"></canvas></div>
<table id="funnel-table"><caption>Funnel (the chart above as a table)</caption><thead><tr><th scope="col">Stage</th><th scope="col" class="num">Count</th></tr></thead>
<tbody>${r.funnel.map((f) => html`<tr><th scope="row">${f.stage}</th><td class="num" data-stage="${f.stage}">${f.count}</td></tr>`)}</tbody></table>
<h2 id="daily-heading">Per day</h2>
<div class="chart"><canvas id="daily-chart" role="img" aria-labelledby="daily-heading"></canvas></div>
<details><summary>Per-day numbers</summary><table><thead><tr><th scope="col">Day</th>${['enrolled', 'sent', 'delivered', 'clicked', 'booked'].map((k) => html`<th scope="col" class="num">${k}</th>`)}</tr></thead>
<tbody>${r.days.map((d) => html`<tr><th scope="row">${d.day}</th>${(['enrolled', 'sent', 'delivered', 'clicked', 'booked'] as const).map((k) => html`<td class="num">${d.counters[k]}</td>`)}</tr>`)}</tbody></table></details>
<h2 id="steps-heading">By step</h2>
<div class="scroll" role="region" aria-labelledby="steps-heading" tabindex="0"><table id="steps-table"><thead><tr><th scope="col">Step</th>${STEP_COLUMNS.map(([k]) => html`<th scope="col" class="num">${LABELS[k]}</th>`)}</tr></thead>
<tbody>${r.steps.map(
  (s) => html`<tr><th scope="row">${s.label}${s.channel ? html` <span class="hint">${s.channel} · ${s.template}</span>` : ''}</th>${STEP_COLUMNS.map(([k, rateKey]) => html`<td class="num" data-column="${k}">${s.counters[k]}${rateKey ? html`<span class="rate">${pct(s.rates[rateKey])}</span>` : ''}</td>`)}</tr>`,
)}</tbody></table></div>
<p class="hint">Under each count, its rate: delivered and bounced are shares of messages sent; complaints, clicks, unsubscribes and bookings are shares of messages delivered. Clicks count people only: link fetches by mail scanners and bots are the machine clicks, counted apart (HEAD requests, known scanner agents and networks, several links hit in one second, a click within seconds of sending).</p>
${jsonDataBlock('results-data', { funnel: r.funnel, days: r.days.map((d) => ({ day: d.day, sent: d.counters.sent, delivered: d.counters.delivered, clicked: d.counters.clicked, booked: d.counters.booked, enrolled: d.counters.enrolled })) })}`;
