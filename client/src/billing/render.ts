/**
 * The billing view's page, generated from a billing report: a stacked bar chart of the node's monthly cost as
 * inline SVG (no chart library, no remote content), the totals that roll up the tree, the payer, the top movers,
 * and a table of the same data as the chart for screen readers and keyboard users, exported as CSV. The stacks use a
 * palette that colour-blind readers tell apart, the rest VS Code's theme variables. Pure: no VS Code API, so benchmarks and tests render it too.
 */
import type { BillingNode, BillingReport, BillingStack } from '../../../server/src/protocol';

/** What the page needs besides the report: the CSP's nonce and source, and how the chart stacks (the period is the report's months). */
export interface RenderOptions {
  nonce: string;
  cspSource: string;
  stackBy: BillingStack;
}

/**
 * Okabe and Ito's palette, which people with any common colour vision deficiency tell apart (its black as grey, to
 * show on dark themes too), then the first four again with white stripes: up to twelve stacks, no two alike.
 */
const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999999'];
const striped = palette.slice(0, 4);
const stackStyles = [...palette.map((fill) => `fill: ${fill};`), ...striped.map((_, index) => `fill: url(#stripes-${index});`)];
/** The striped fills, defined once in the chart and used by its bars and the legend's swatches. */
const stripes = `<defs>${striped.map((fill, index) => `<pattern id="stripes-${index}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`
  + `<rect width="6" height="6" fill="${fill}"/><rect width="2" height="6" fill="#ffffff" fill-opacity="0.85"/></pattern>`).join('')}</defs>`;

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const monthName = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const shortMonthName = new Intl.DateTimeFormat('en-US', { month: 'short', year: '2-digit', timeZone: 'UTC' });

/** `$1,234.56` from cents. */
export function formatCents(cents: number): string {
  return money.format(cents / 100);
}

/** `Jun 2026` from `2026-06`. */
export function formatMonth(month: string): string {
  return monthName.format(new Date(`${month}-01T00:00:00Z`));
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[character]};`);
}

const sum = (cents: number[]) => cents.reduce((total, value) => total + value, 0);

/** A round axis step for a maximum: 1, 2, 2.5 or 5 times a power of ten, about five steps high. */
function axisStep(maxCents: number): number {
  const raw = Math.max(maxCents, 100) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((step) => step >= raw)!;
}

/** The stacked bar chart: one bar per month, one stack per series, a title on each stack for its tooltip. */
function chart(report: BillingReport): string {
  const width = 760;
  const height = 300;
  const left = 80;
  const bottom = 36;
  const top = 12;
  const plotWidth = width - left - 12;
  const plotHeight = height - top - bottom;
  const totals = report.months.map((_, month) => report.series.reduce((total, series) => total + Math.max(0, series.cents[month]), 0));
  const step = axisStep(Math.max(...totals, 0));
  const axisMax = Math.max(step, Math.ceil(Math.max(...totals, 0) / step) * step);
  const y = (cents: number) => top + plotHeight - (cents / axisMax) * plotHeight;
  const band = plotWidth / Math.max(1, report.months.length);
  const parts: string[] = [];
  for (let tick = 0; tick <= axisMax; tick += step) {
    parts.push(`<line class="grid" x1="${left}" x2="${width - 12}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}"/>`,
      `<text class="axis" x="${left - 8}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${escape(formatCents(tick).replace(/\.00$/, ''))}</text>`);
  }
  report.months.forEach((month, index) => {
    const x = left + index * band + band * 0.15;
    let base = 0;
    report.series.forEach((series, stack) => {
      const cents = Math.max(0, series.cents[index]);
      if (!cents) return;
      const y0 = y(base);
      const y1 = y(base + cents);
      base += cents;
      parts.push(`<rect class="bar s${stack}${report.estimated[index] ? ' estimated' : ''}" x="${x.toFixed(1)}" y="${y1.toFixed(1)}" width="${(band * 0.7).toFixed(1)}" height="${Math.max(0.5, y0 - y1).toFixed(1)}">`
        + `<title>${escape(series.label)}, ${escape(formatMonth(month))}: ${escape(formatCents(series.cents[index]))}</title></rect>`);
    });
    parts.push(`<text class="axis" x="${(left + index * band + band / 2).toFixed(1)}" y="${height - bottom + 18}" text-anchor="middle">${escape(shortMonthName.format(new Date(`${month}-01T00:00:00Z`)))}${report.estimated[index] ? '*' : ''}</text>`);
  });
  const description = `Monthly cost of ${report.node.name} from ${formatMonth(report.months[0])} to ${formatMonth(report.months[report.months.length - 1])}, stacked by ${report.series.length} series; the same data is in the table below.`;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-description">`
    + `<title id="chart-title">Monthly cost of ${escape(report.node.name)}</title><desc id="chart-description">${escape(description)}</desc>${stripes}${parts.join('')}</svg>`;
}

function legend(report: BillingReport): string {
  return `<ul class="legend" aria-hidden="true">${report.series.map((series, stack) =>
    `<li><svg width="12" height="12"><rect class="s${stack}" width="12" height="12"/></svg>${escape(series.label)}</li>`).join('')}</ul>`;
}

/** A node's name as a button that shows it (OUs and the root), or as text (accounts). */
function nodeButton(node: { id: string; name: string }, kind: BillingNode['kind'] | 'path'): string {
  return kind === 'account'
    ? `<button class="link" data-node="${escape(node.id)}" title="Show ${escape(node.name)}">${escape(node.name)}</button>`
    : `<button class="link" data-node="${escape(node.id)}" title="Show the costs under ${escape(node.name)}">${escape(node.name)}</button>`;
}

const kindWords: Record<BillingNode['kind'], string> = { root: 'Root', organizationalUnit: 'OU', account: 'Account' };

/** The children of the node with their rolled-up totals: the last month, the period, and the share of the node. */
function childrenTable(report: BillingReport): string {
  if (!report.children.length) return '';
  const last = report.months.length - 1;
  const total = sum(report.node.cents);
  const rows = report.children.map((child) => {
    const period = sum(child.cents);
    const payer = report.payer?.id === child.id ? ' <span class="badge">payer</span>' : '';
    const outside = child.outside ? ' <span class="badge">not in the organization</span>' : '';
    return `<tr><th scope="row">${nodeButton(child, child.kind)}${payer}${outside}</th><td>${kindWords[child.kind]}</td>`
      + `<td class="number">${formatCents(child.cents[last])}</td><td class="number">${formatCents(period)}</td>`
      + `<td class="number">${total ? `${((period / total) * 100).toFixed(1)}%` : '–'}</td></tr>`;
  }).join('');
  return `<section aria-labelledby="children-heading"><h2 id="children-heading">Under ${escape(report.node.name)}</h2>`
    + `<table><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col" class="number">${escape(formatMonth(report.months[last]))}</th>`
    + `<th scope="col" class="number">Period</th><th scope="col" class="number">Share</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function movers(report: BillingReport): string {
  if (!report.moverMonths) return '';
  const [previous, current] = report.moverMonths.map(formatMonth);
  const items = report.movers.map((mover) => {
    const change = mover.currentCents - mover.previousCents;
    const percent = mover.previousCents ? ` (${change > 0 ? '+' : ''}${((change / mover.previousCents) * 100).toFixed(1)}%)` : '';
    return `<li><span class="${change > 0 ? 'up' : 'down'}" aria-hidden="true">${change > 0 ? '▲' : '▼'}</span> ${nodeButton(mover, 'account')}: `
      + `${formatCents(mover.previousCents)} → ${formatCents(mover.currentCents)}, ${change > 0 ? 'up' : 'down'} ${formatCents(Math.abs(change))}${percent}</li>`;
  }).join('');
  return `<section aria-labelledby="movers-heading"><h2 id="movers-heading">Top movers, ${escape(previous)} to ${escape(current)}</h2>`
    + (items ? `<ol class="movers">${items}</ol>` : '<p>No account\'s cost changed.</p>') + '</section>';
}

/** The chart's data as a table: a row per series, a column per month, and the totals. */
function dataTable(report: BillingReport, stackBy: BillingStack): string {
  const head = report.months.map((month, index) => `<th scope="col" class="number">${escape(formatMonth(month))}${report.estimated[index] ? '*' : ''}</th>`).join('');
  const rows = report.series.map((series) => `<tr><th scope="row">${escape(series.label)}</th>${series.cents.map((cents) => `<td class="number">${formatCents(cents)}</td>`).join('')}`
    + `<td class="number">${formatCents(sum(series.cents))}</td></tr>`).join('');
  const totals = report.months.map((_, index) => `<td class="number">${formatCents(report.node.cents[index])}</td>`).join('');
  return `<section aria-labelledby="table-heading"><h2 id="table-heading">Monthly cost by ${stackBy} (table)</h2>`
    + `<div class="scroll"><table class="data"><thead><tr><th scope="col">${escape(report.node.name)}</th>${head}<th scope="col" class="number">Total</th></tr></thead>`
    + `<tbody>${rows}</tbody><tfoot><tr><th scope="row">Total</th>${totals}<td class="number">${formatCents(sum(report.node.cents))}</td></tr></tfoot></table></div></section>`;
}

const styles = `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 20px 20px; }
h1 { font-size: 1.5em; font-weight: 600; margin: 16px 0 4px; }
h2 { font-size: 1.1em; font-weight: 600; margin: 20px 0 8px; }
nav.path { color: var(--vscode-descriptionForeground); }
.controls { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; margin: 12px 0; }
.controls label, .controls legend { color: var(--vscode-descriptionForeground); }
fieldset { border: none; margin: 0; padding: 0; display: flex; gap: 8px; align-items: center; }
input[type=month] { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 2px 4px; font: inherit; }
.totals { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; padding: 0; list-style: none; }
.totals li { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); border-radius: 4px; padding: 8px 12px; min-width: 150px; }
.totals .label { display: block; color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.totals .value { font-size: 1.3em; font-weight: 600; }
.chart { width: 100%; max-width: 900px; height: auto; }
.chart .grid { stroke: var(--vscode-charts-lines); stroke-width: 0.5; }
.chart .axis { fill: var(--vscode-descriptionForeground); font-size: 11px; }
.chart .estimated { stroke: var(--vscode-charts-foreground); stroke-dasharray: 3 2; stroke-width: 1; }
${stackStyles.map((style, stack) => `.s${stack} { ${style} }`).join('\n')}
.export { align-self: flex-end; background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 4px 10px; font: inherit; cursor: pointer; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; list-style: none; }
.legend li { display: flex; gap: 6px; align-items: center; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 3px 10px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); }
.number { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
button.link { background: none; border: none; padding: 0; color: var(--vscode-textLink-foreground); cursor: pointer; font: inherit; text-align: left; }
button.link:hover { text-decoration: underline; }
button.link:focus-visible, input:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
.badge { background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); border-radius: 8px; padding: 0 6px; font-size: 0.85em; }
.up { color: var(--vscode-charts-red); }
.down { color: var(--vscode-charts-green); }
.note { color: var(--vscode-descriptionForeground); }
`;

/** The script: the controls and node buttons post their choice; the extension answers with a new page. */
const script = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const button = event.target.closest('[data-node]');
  if (button) vscode.postMessage({ type: 'show', nodeId: button.dataset.node });
});
for (const input of document.querySelectorAll('input[name=stackBy]')) {
  input.addEventListener('change', () => vscode.postMessage({ type: 'stackBy', stackBy: input.value }));
}
for (const input of document.querySelectorAll('input[type=month]')) {
  input.addEventListener('change', () => {
    const start = document.getElementById('start').value;
    const end = document.getElementById('end').value;
    if (start && end) vscode.postMessage({ type: 'period', start, end });
  });
}
document.getElementById('export-csv').addEventListener('click', () => vscode.postMessage({ type: 'exportCsv' }));
vscode.postMessage({
  type: 'rendered',
  heading: document.querySelector('h1').textContent,
  bars: document.querySelectorAll('svg.chart rect.bar').length,
  tableRows: document.querySelectorAll('table.data tbody tr').length,
});
`;

/** The page's heading after the node's name, as a sentence. */
const headings: Record<BillingNode['kind'], string> = {
  root: 'what every account of the organization costs, month by month',
  organizationalUnit: 'what the accounts in this OU cost, month by month',
  account: 'what this account costs, month by month',
};

/** The report as CSV: a row per series and month, with the totals, for a spreadsheet (RFC 4180 quoting). */
export function billingCsv(report: BillingReport): string {
  const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const rows = [['Series', ...report.months, 'Total'].map(cell).join(',')];
  const dollars = (cents: number) => (cents / 100).toFixed(2);
  for (const series of report.series) rows.push([cell(series.label), ...series.cents.map(dollars), dollars(sum(series.cents))].join(','));
  rows.push(['Total', ...report.node.cents.map(dollars), dollars(sum(report.node.cents))].join(','));
  return `${rows.join('\r\n')}\r\n`;
}

/** The whole page for a report. */
export function renderBilling(report: BillingReport, options: RenderOptions): string {
  const last = report.months.length - 1;
  const node = report.node;
  const path = report.path.length ? `<nav class="path" aria-label="Path">${report.path.map((step) => nodeButton(step, 'path')).join(' / ')} /</nav>` : '';
  const scopeNote = report.scope === 'account'
    ? '<p class="note">This account sees only its own costs: the management account, or a delegated administrator for AWS Billing and Cost Management, sees every account.</p>'
    : '';
  const payer = report.payer
    ? `<p>Paid by ${nodeButton(report.payer, 'account')} (${escape(report.payer.id)}), the management account: consolidated billing charges it for every account of the organization.</p>`
    : '';
  const estimated = report.estimated.some(Boolean) ? '<p class="note">* Estimated: the month is not closed yet.</p>' : '';
  const totals = [
    [`${escape(node.name)}, ${escape(formatMonth(report.months[last]))}${report.estimated[last] ? '*' : ''}`, formatCents(node.cents[last])],
    [`${escape(node.name)}, period`, formatCents(sum(node.cents))],
    ...(report.scope === 'organization' && node.kind !== 'root' ? [['Organization, period', formatCents(sum(report.organizationCents))]] : []),
  ].map(([label, value]) => `<li><span class="label">${label}</span><span class="value">${value}</span></li>`).join('');
  const stack = (value: BillingStack, label: string) =>
    `<label><input type="radio" name="stackBy" value="${value}"${options.stackBy === value ? ' checked' : ''}> ${label}</label>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${options.cspSource} data:; style-src 'nonce-${options.nonce}'; script-src 'nonce-${options.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Billing</title>
<style nonce="${options.nonce}">${styles}</style>
</head>
<body>
<main>
${path}
<h1>${escape(node.name)}: ${headings[node.kind]} <span class="note">${node.kind === 'root' ? '' : escape(node.id)}</span></h1>
${payer}${scopeNote}
<div class="controls">
<fieldset><legend>Period</legend><label for="start">From</label><input type="month" id="start" value="${escape(report.months[0])}"><label for="end">to</label><input type="month" id="end" value="${escape(report.months[report.months.length - 1])}"></fieldset>
<fieldset><legend>Stack by</legend>${stack('account', 'Account')}${stack('service', 'Service')}</fieldset>
<button id="export-csv" class="export" title="Save the table below as a CSV file">Export CSV...</button>
</div>
<ul class="totals">${totals}</ul>
${chart(report)}
${legend(report)}
${estimated}
${childrenTable(report)}
${movers(report)}
${dataTable(report, options.stackBy)}
</main>
<script nonce="${options.nonce}">${script}</script>
</body>
</html>`;
}

/** The page while the first report loads: says so, instead of a blank page. */
export function renderBillingLoading(): string {
  return `<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="default-src 'none';"></head>`
    + '<body><p role="status" aria-busy="true">Loading the costs from Cost Explorer...</p></body></html>';
}

/** The page when no report could be had: the reason, and nothing that runs or loads. */
export function renderBillingFailure(reason: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="default-src 'none';"></head>`
    + `<body><h1>Costs are not available</h1><p>${escape(reason)}</p></body></html>`;
}
