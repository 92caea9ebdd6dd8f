import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, findingsOf, policy } from './findings';

/** An SCP padded with indentation until it has about `size` characters. */
function paddedScp(size: number, indent: number): string {
  const statements = [];
  let text = '';
  for (let index = 0; text.length < size; index++) {
    statements.push({ Sid: `Deny${index}`, Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' });
    text = JSON.stringify(policy(...statements), null, indent);
  }
  return text;
}

test('whitespace counts against an SCP\'s 5,120 characters, and minifying fixes it when it fits', async () => {
  const text = paddedScp(5200, 8);
  const [finding] = (await findingsOf(text, 'SERVICE_CONTROL_POLICY')).filter((candidate) => candidate.code === 601);
  assert.equal(finding.severity, 'ERROR');
  assert.match(finding.message, new RegExp(text.length.toLocaleString('en-US')));
  assert.match(finding.message, /5,120/);
  const fixed = applyFix(text, finding);
  assert.ok(fixed.length <= 5120);
  assert.deepEqual(JSON.parse(fixed), JSON.parse(text));
  assert.deepEqual((await findingsOf(fixed, 'SERVICE_CONTROL_POLICY')).filter((candidate) => candidate.code === 601), []);
});

test('IAM identity policies do not count whitespace', async () => {
  const text = paddedScp(7000, 12);
  assert.deepEqual((await findingsOf(text, 'IDENTITY_POLICY')).filter((candidate) => candidate.code === 601), []);
});

test('a configured quota replaces the documented one; a policy too big even minified has no minify fix', async () => {
  const text = JSON.stringify(policy({ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }));
  const [finding] = await findingsOf(text, 'SERVICE_CONTROL_POLICY', { sizeLimits: { SERVICE_CONTROL_POLICY: 50 } });
  assert.equal(finding.code, 601);
  assert.deepEqual(finding.fixes, []);
});

test('a file too large to parse is declined with its size in MB and characters and the kind\'s quota', async () => {
  const text = JSON.stringify(policy({ Sid: 'X'.repeat(1_200_000), Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }));
  const findings = await findingsOf(text, 'SERVICE_CONTROL_POLICY');
  assert.deepEqual(findings.map((finding) => [finding.code, finding.severity, finding.offset]), [[602, 'ERROR', 0]]);
  assert.match(findings[0].message, new RegExp(`too large to validate \\(1\\.2 MB, ${text.length.toLocaleString('en-US')} characters; .* at most 1,000,000\\); a Service control policy \\(SCP\\) may have at most 5,120 characters`));
  const configured = await findingsOf(text, 'SERVICE_CONTROL_POLICY', { sizeLimits: { SERVICE_CONTROL_POLICY: 20_000 } });
  assert.match(configured[0].message, /may have at most 20,000 characters/);
});
