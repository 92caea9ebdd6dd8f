import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, codesOf, findingsOf } from './findings';

const valid = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*" } ] }';

test('strict JSON passes the JSON rules', async () => {
  assert.deepEqual(await codesOf(valid, 'SERVICE_CONTROL_POLICY'), []);
});

test('syntax errors are reported, and the tolerant parse still validates the rest', async () => {
  const codes = await codesOf(valid.replace('"Effect": "Deny",', '"Effect": "Deny"'), 'SERVICE_CONTROL_POLICY');
  assert.ok(codes.includes(101));
});

test('comments are errors, with a fix that removes them', async () => {
  const text = valid.replace('"Resource": "*"', '"Resource": "*" /* all */');
  const [comment] = (await findingsOf(text, 'SERVICE_CONTROL_POLICY')).filter((finding) => finding.code === 102);
  assert.equal(comment.severity, 'ERROR');
  assert.equal(text.substr(comment.offset, comment.length), '/* all */');
  assert.equal(applyFix(text, comment).replace(/\s+/g, ''), valid.replace(/\s+/g, ''));
});

test('trailing commas are errors, with a fix; commas between elements are not', async () => {
  const text = valid.replace('"Resource": "*" }', '"Resource": "*", }');
  const [comma] = (await findingsOf(text, 'SERVICE_CONTROL_POLICY')).filter((finding) => finding.code === 103);
  assert.equal(comma.offset, text.indexOf('"*", }') + 3);
  assert.equal(applyFix(text, comma), valid.replace('"Resource": "*" }', '"Resource": "*" }'));
  assert.ok(!(await codesOf(valid, 'SERVICE_CONTROL_POLICY')).includes(103));
});

test('a key repeated in one object is an error at the repetition; the same key in two objects is not', async () => {
  const text = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "s3:DeleteBucket", "Action": "s3:PutObject", "Resource": "*" } ] }';
  const [duplicate] = (await findingsOf(text, 'SERVICE_CONTROL_POLICY')).filter((finding) => finding.code === 104);
  assert.equal(duplicate.offset, text.lastIndexOf('"Action"'));
  assert.ok(!(await codesOf('{ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*" }, { "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*" } ] }', 'SERVICE_CONTROL_POLICY')).includes(104));
});

test('a document nested too deep is one warning at the first level too deep, and nothing else is checked', async () => {
  const text = '{ "Statement": ' + '['.repeat(150) + ']'.repeat(150) + ' }';
  const findings = await findingsOf(text, 'SERVICE_CONTROL_POLICY');
  assert.deepEqual(findings.map((finding) => [finding.code, finding.severity, finding.offset]), [[901, 'WARNING', text.indexOf('[') + 99]]);
  assert.match(findings[0].message, /151 levels deep: it was not validated.*at most 100 levels/);
});

test('validation reports at most 1,000 findings, after a note that it stopped', async () => {
  const text = `{ "Version": "2012-10-17", "Statement": [], ${Array.from({ length: 1_500 }, () => '"Id": "x"').join(', ')} }`;
  const findings = await findingsOf(text, 'SERVICE_CONTROL_POLICY');
  assert.equal(findings.length, 1_001);
  assert.deepEqual([findings[0].code, findings[0].offset], [902, 0]);
  assert.match(findings[0].message, /stopped after 1,000 problems/);
  assert.ok(findings.slice(1).every((finding) => finding.code === 104), 'the first findings found are kept: the repeated keys');
});
