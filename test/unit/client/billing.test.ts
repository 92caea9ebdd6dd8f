/** The billing page's pure parts: the CSV export, the heading as a sentence, and stacks that never look alike. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { billingCsv, renderBilling } from '../../../client/src/billing/render';
import type { BillingReport } from '../../../server/src/protocol';

function report(seriesCount: number): BillingReport {
  const series = Array.from({ length: seriesCount }, (_, index) => ({ key: `s${index}`, label: index === 0 ? 'Payments, "Prod"' : `Account ${index}`, cents: [1050, 2000] }));
  return {
    months: ['2026-05', '2026-06'], estimated: [false, true], scope: 'organization', payer: { id: '111111111111', name: 'Management' },
    node: { id: 'ou-ab12-prodprod', name: 'Prod', kind: 'organizationalUnit', cents: [1050 * seriesCount, 2000 * seriesCount] },
    path: [{ id: 'r-ab12', name: 'Root' }], children: [], series, movers: [], organizationCents: [0, 0],
  };
}

test('the CSV has a row per series in dollars, quoted where a label needs it, and the totals', () => {
  assert.equal(billingCsv(report(2)), [
    'Series,2026-05,2026-06,Total',
    '"Payments, ""Prod""",10.50,20.00,30.50',
    'Account 1,10.50,20.00,30.50',
    'Total,21.00,40.00,61.00',
    '',
  ].join('\r\n'));
});

test('the heading reads as a sentence, and twelve stacks get twelve different fills', () => {
  const html = renderBilling(report(12), { nonce: 'n', cspSource: 'vscode-webview:', stackBy: 'account' });
  assert.match(html, /<h1>Prod: what the accounts in this OU cost, month by month /);
  const fills = [...html.matchAll(/^\.s(\d+) \{ (fill: [^;]+;) \}$/gm)].map((match) => match[2]);
  assert.equal(fills.length, 12);
  assert.equal(new Set(fills).size, 12, fills.join(' '));
  assert.match(html, /<pattern id="stripes-0"/);
  assert.match(html, /id="export-csv"/);
});
