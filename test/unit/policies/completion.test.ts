import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { policyExampleContent, policyExamples } from '../../../server/src/aws/policyExamples';
import { policyCompletions } from '../../../server/src/policies/completion';
import { parsePolicyDocument } from '../../../server/src/policies/document';
import type { PolicyKind } from '../../../server/src/policies/kinds';
import { validatePolicy } from '../../../server/src/policies/validate';
import { caret } from '../../support/caret';

async function complete(textWithCaret: string, kind: PolicyKind = 'SERVICE_CONTROL_POLICY') {
  const { text, offset } = caret(textWithCaret);
  return policyCompletions(parsePolicyDocument(text, { knownKind: kind }), offset);
}

const labels = (items: { label: string }[]) => items.map((item) => item.label);

test('element names per kind, without those already present', async () => {
  assert.deepEqual(labels(await complete('{ "Version": "2012-10-17", | }')), ['Id', 'Statement']);
  const scp = labels(await complete('{ "Statement": [ { "Effect": "Deny", | } ] }'));
  assert.ok(scp.includes('Action') && scp.includes('Condition'));
  assert.ok(!scp.includes('Principal') && !scp.includes('Effect'));
  assert.ok(labels(await complete('{ "Statement": [ { | } ] }', 'RESOURCE_POLICY')).includes('Principal'));
  const [statement] = await complete('{ "Statement": [ { "Effect": "Deny", "Ac|" } ] }');
  assert.equal(statement.edit.newText, '"Sid"', 'a key being typed is replaced by a quoted name');
});

test('service prefixes, then the service\'s actions with access level and description', async () => {
  const services = await complete('{ "Statement": [ { "Action": "s|" } ] }');
  const s3 = services.find((item) => item.label === 's3');
  assert.equal(s3?.edit.newText, 's3:');
  assert.equal(s3?.retrigger, true);
  const actions = await complete('{ "Statement": [ { "Action": ["s3:Get|"] } ] }');
  const getObject = actions.find((item) => item.label === 's3:GetObject');
  assert.equal(getObject?.detail, 'Read');
  assert.match(getObject?.documentation ?? '', /retrieve objects/);
});

test('condition operators and keys (global and of the statement\'s services)', async () => {
  assert.ok(labels(await complete('{ "Statement": [ { "Condition": { | } } ] }')).includes('StringNotEqualsIfExists'));
  const keys = labels(await complete('{ "Statement": [ { "Action": "s3:PutObject", "Condition": { "StringEquals": { | } } } ] }'));
  assert.ok(keys.includes('aws:PrincipalOrgID'));
  assert.ok(keys.includes('s3:x-amz-acl'));
});

test('ARN templates for the statement\'s actions, Effect and Version values', async () => {
  const arns = labels(await complete('{ "Statement": [ { "Action": "s3:GetObject", "Resource": "|" } ] }'));
  assert.ok(arns.includes('arn:${Partition}:s3:::${BucketName}/${ObjectName}'));
  assert.deepEqual(labels(await complete('{ "Statement": [ { "Effect": | } ] }')), ['Allow', 'Deny']);
  const [version] = await complete('{ "Version": | }');
  assert.equal(version.edit.newText, '"2012-10-17"');
});

test('management-policy keys and operators', async () => {
  assert.deepEqual(labels(await complete('{ "tags": { "costcenter": { | } } }', 'TAG_POLICY')), ['tag_key', 'tag_value', 'enforced_for', 'report_required_tag_for', '@@operators_allowed_for_child_policies']);
  assert.deepEqual(labels(await complete('{ "tags": { "costcenter": { "tag_key": { | } } } }', 'TAG_POLICY')), ['@@assign', '@@operators_allowed_for_child_policies']);
  assert.ok(labels(await complete('{ "tags": { "a": { "@@operators_allowed_for_child_policies": [ | ] } } }', 'TAG_POLICY')).includes('@@none'));
});

test('an empty document of a type with examples offers them as whole-document snippets; any other offers nothing', async () => {
  const items = await complete('  |\n');
  assert.deepEqual(labels(items), ['Allow-list of services', 'Deny leaving the organization', 'Region restriction', 'Protect security services', 'Deny the root user']);
  assert.ok(items.every((item) => item.snippet && item.kind === 'example' && item.edit.offset === 0 && item.edit.length === 3));
  assert.match(items[2].edit.newText, /"aws:RequestedRegion": \["\$\{1:eu-central-1\}"/);
  assert.deepEqual(labels(await complete('|', 'RESOURCE_CONTROL_POLICY')), ['Enforce secure transport', 'Data perimeter: only my organization']);
  assert.equal((await complete('|', 'TAG_POLICY')).length, 1);
  assert.deepEqual(await complete('|', 'IDENTITY_POLICY'), []);
  assert.ok(!labels(await complete('{ | }')).includes('Region restriction'), 'a document with content gets the usual completion');
});

test('every example, as plain JSON, passes its own type\'s validation without an error or a warning', async () => {
  for (const [kind, examples] of Object.entries(policyExamples)) {
    for (const example of examples ?? []) {
      const content = policyExampleContent(example);
      const findings = await validatePolicy(parsePolicyDocument(content, { knownKind: kind as PolicyKind }));
      assert.deepEqual(findings.filter((finding) => finding.severity === 'ERROR' || finding.severity === 'WARNING').map((finding) => `${finding.code} ${finding.message}`), [], `${kind}: ${example.label}`);
      assert.doesNotMatch(content, /\$\{|\\\$/, 'no snippet syntax is left');
    }
  }
});
