/** A report as a file: Markdown as rendered, CSV by RFC 4180, JSON with one object per row, and the file's name. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { reportCsv, reportFile, reportFileName, reportJson } from '../../../../client/src/reports/export';
import type { Report } from '../../../../server/src/protocol';

const report: Report = {
  title: 'Why Is This Denied? s3:* in Payments Prod',
  blocks: [],
  markdown: '# Why\n',
  assumptions: [{ id: 'notRootUser', label: 'The principal is not the root user (`aws:PrincipalArn`)', applied: true }, { id: 'mfa', label: 'MFA', applied: false }],
  data: {
    columns: ['Action', 'Others', 'Because'],
    rows: [['s3:GetObject', 12, 'allowed by FullAWSAccess, Statement[0]'], ['s3:DeleteBucket', 0, 'denied by "DenyDelete"\nat Root']],
  },
};

test('CSV quotes fields with commas, quotes or line ends, and ends lines with CRLF', () => {
  assert.equal(reportCsv(report), [
    'Action,Others,Because',
    's3:GetObject,12,"allowed by FullAWSAccess, Statement[0]"',
    's3:DeleteBucket,0,"denied by ""DenyDelete""\nat Root"',
    '',
  ].join('\r\n'));
});

test('JSON has the title, what was assumed, and one object per row keyed by column', () => {
  assert.deepEqual(JSON.parse(reportJson(report)), {
    title: 'Why Is This Denied? s3:* in Payments Prod',
    assumed: ['The principal is not the root user (aws:PrincipalArn)'],
    rows: [{ Action: 's3:GetObject', Others: 12, Because: 'allowed by FullAWSAccess, Statement[0]' }, { Action: 's3:DeleteBucket', Others: 0, Because: 'denied by "DenyDelete"\nat Root' }],
  });
});

test('Markdown is the report as rendered; file names follow the title', () => {
  assert.equal(reportFile(report, 'markdown'), '# Why\n');
  assert.equal(reportFileName(report, 'csv'), 'why-is-this-denied-s3-in-payments-prod.csv');
  assert.equal(reportFileName({ ...report, title: '!!!' }, 'json'), 'report.json');
});
