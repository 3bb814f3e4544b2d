/**
 * Results of a sequence: totals, a funnel chart and a per-day chart (Chart.js, same-origin),
 * and the same numbers as tables, so nothing depends on seeing a chart. The chart data travels
 * as a JSON data block (not executable, so the CSP stays `script-src 'self'`).
 */
import { RESULT_COLUMNS, type Rates, type SequenceResults } from '../../domain/results/sequenceResults.js';
import { html, raw, type SafeHtml } from '../html.js';

const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)} %`);
const RATE_LABELS: [keyof Rates, string][] = [
  ['deliveryRate', 'Delivered'],
  ['bounceRate', 'Bounced'],
  ['complaintRate', 'Complaints'],
  ['clickRate', 'Clicked'],
  ['unsubscribeRate', 'Unsubscribed'],
  ['bookingRate', 'Booked'],
];

/** JSON for a <script type="application/json"> block: `<` escaped so the data can never close the tag. */
export const jsonDataBlock = (id: string, data: unknown): SafeHtml =>
  raw(`<script type="application/json" id="${id}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`);

export const resultsBody = (r: SequenceResults, csvHref: string, heading?: string): SafeHtml => html`<h1>${heading ?? `Results: ${r.name}`}</h1>
<p><a href="${csvHref}" download>Download CSV</a> · counts since launch; the per-day chart shows the last ${r.days.length} days (clinic time).</p>
<div class="cards">${RESULT_COLUMNS.map((k) => html`<div class="card"><span>${k}</span><strong data-total="${k}">${r.totals[k]}</strong></div>`)}
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
<div class="scroll" role="region" aria-labelledby="steps-heading" tabindex="0"><table><thead><tr><th scope="col">Step</th>${RESULT_COLUMNS.filter((k) => k !== 'enrolled').map((k) => html`<th scope="col" class="num">${k}</th>`)}${RATE_LABELS.map(([, l]) => html`<th scope="col" class="num">${l} %</th>`)}</tr></thead>
<tbody>${r.steps.map(
  (s) => html`<tr><th scope="row">${s.label}${s.channel ? html` <span class="hint">${s.channel} · ${s.template}</span>` : ''}</th>${RESULT_COLUMNS.filter((k) => k !== 'enrolled').map((k) => html`<td class="num">${s.counters[k]}</td>`)}${RATE_LABELS.map(([k]) => html`<td class="num">${pct(s.rates[k])}</td>`)}</tr>`,
)}</tbody></table></div>
<p class="hint">Delivered and bounced are shares of messages sent; complaints, clicks, unsubscribes and bookings are shares of messages delivered.</p>
${jsonDataBlock('results-data', { funnel: r.funnel, days: r.days.map((d) => ({ day: d.day, sent: d.counters.sent, delivered: d.counters.delivered, clicked: d.counters.clicked, booked: d.counters.booked, enrolled: d.counters.enrolled })) })}`;
