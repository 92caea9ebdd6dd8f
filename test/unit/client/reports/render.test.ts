/** The report view's page: inline markup as HTML with everything else escaped, long tables cut with a note, the assumptions and exports. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { inlineHtml, renderFailure, renderLoading, renderReport, shownRows } from '../../../../client/src/reports/render';
import type { Report } from '../../../../server/src/protocol';

const report = (extra: Partial<Report> = {}): Report => ({
  title: 'Effective Permissions: prod-app',
  blocks: [
    { kind: 'heading', level: 1, text: 'Effective permissions of account `prod-app` (111111111111)' },
    { kind: 'paragraph', text: '_29 accounts · IAM catalog v1_' },
    { kind: 'list', items: ['**Depends** on `aws:PrincipalArn`'] },
    { kind: 'table', columns: [{ title: 'Decision' }, { title: 'Actions', numeric: true }], rows: [['Allowed', '12'], ['<b>Denied</b>', '3']] },
  ],
  markdown: '',
  assumptions: [{ id: 'notRootUser', label: 'The principal is not the root user (`aws:PrincipalArn`)', applied: true }, { id: 'region:eu-west-1', label: 'In eu-west-1', applied: false }],
  data: { columns: [], rows: [] },
  ...extra,
});

test('inline code, strong and emphasis become HTML; everything else is escaped', () => {
  assert.equal(inlineHtml('**denied** by `DenyAll` at _Root_'), '<strong>denied</strong> by <code>DenyAll</code> at <em>Root</em>');
  assert.equal(inlineHtml('`a_b_c` and snake_case_name'), '<code>a_b_c</code> and snake_case_name');
  assert.equal(inlineHtml('`` a`b `` <script>'), '<code>a`b</code> &lt;script&gt;');
  assert.equal(inlineHtml('**unclosed'), '<strong>unclosed</strong>');
  assert.equal(inlineHtml('"quotes" & \'apostrophes\''), '&quot;quotes&quot; &amp; &#39;apostrophes&#39;');
});

test('the page shows the blocks, the export buttons and the assumptions, checked as applied, under a nonce-only CSP', () => {
  const html = renderReport(report(), { nonce: 'n0nce' });
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-n0nce'; script-src 'nonce-n0nce';">/);
  assert.ok(html.includes('<h1>Effective permissions of account <code>prod-app</code> (111111111111)</h1>'));
  assert.ok(html.includes('<p><em>29 accounts · IAM catalog v1</em></p>'));
  assert.ok(html.includes('<li><strong>Depends</strong> on <code>aws:PrincipalArn</code></li>'));
  assert.ok(html.includes('<th scope="col">Decision</th><th scope="col" class="number">Actions</th>'));
  assert.ok(html.includes('<td>&lt;b&gt;Denied&lt;/b&gt;</td><td class="number">3</td>'));
  assert.deepEqual([...html.matchAll(/data-export="(\w+)">Export (\w+)</g)].map((match) => [match[1], match[2]]), [['markdown', 'Markdown'], ['csv', 'CSV'], ['json', 'JSON']]);
  assert.ok(html.includes('<input type="checkbox" data-assumption="notRootUser" checked> The principal is not the root user (<code>aws:PrincipalArn</code>)'));
  assert.ok(html.includes('<input type="checkbox" data-assumption="region:eu-west-1"> In eu-west-1'));
  assert.ok(!html.includes('Evaluating again'));
  assert.ok(renderReport(report(), { nonce: 'n', busy: true }).includes('<span class="busy" role="status">Evaluating again…</span>'));
  assert.ok(!renderReport(report({ assumptions: [] }), { nonce: 'n' }).includes('<fieldset>'));
});

test('a long table shows its first rows and says how many more the exports hold', () => {
  const rows = Array.from({ length: shownRows + 42 }, (_, index) => [`account-${index}`, String(index)]);
  const html = renderReport(report({ blocks: [{ kind: 'table', columns: [{ title: 'Account' }, { title: 'N', numeric: true }], rows }] }), { nonce: 'n' });
  assert.equal(html.match(/<tr><td>/g)?.length, shownRows);
  assert.ok(html.includes('42 more rows are not shown here: the exports hold every row.'));
});

test('the loading and failure pages say what was asked; the failure page runs nothing', () => {
  assert.ok(renderLoading('Effective Permissions', 'n').includes('<h1>Effective Permissions</h1><p class="busy" role="status">'));
  const failure = renderFailure('Why Is This Denied? s3:*', 'The <organization> cannot be read');
  assert.ok(failure.includes("content=\"default-src 'none';\""));
  assert.ok(failure.includes('The answer is not available: The &lt;organization&gt; cannot be read'));
  assert.ok(!failure.includes('<script'));
});
