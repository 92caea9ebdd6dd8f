import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parsePolicyDocument } from '../../../server/src/policies/document';
import { globToRegExp, kindFromFileName, policyKinds } from '../../../server/src/policies/kinds';

test('every Organizations policy type of the SDK is a kind, plus identity and resource-based policies', () => {
  const kinds = policyKinds.map((info) => info.kind);
  for (const type of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY', 'TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY', 'CHATBOT_POLICY',
    'DECLARATIVE_POLICY_EC2', 'SECURITYHUB_POLICY', 'SECURITYHUB_CSPM_POLICY', 'INSPECTOR_POLICY', 'BEDROCK_POLICY', 'S3_POLICY', 'GUARDDUTY_POLICY',
    'NETWORK_SECURITY_DIRECTOR_POLICY', 'UPGRADE_ROLLOUT_POLICY', 'IDENTITY_POLICY', 'RESOURCE_POLICY']) {
    assert.ok(kinds.includes(type as never), type);
  }
  assert.equal(new Set(policyKinds.map((info) => info.suffix)).size, policyKinds.length, 'suffixes are unique');
});

test('file name conventions', () => {
  assert.equal(kindFromFileName('/w/deny-regions.scp.json'), 'SERVICE_CONTROL_POLICY');
  assert.equal(kindFromFileName('/w/x.RCP.jsonc'), 'RESOURCE_CONTROL_POLICY');
  assert.equal(kindFromFileName('/w/cost.tag.json'), 'TAG_POLICY');
  assert.equal(kindFromFileName('/w/ai.aiopt.json'), 'AISERVICES_OPT_OUT_POLICY');
  assert.equal(kindFromFileName('/w/package.json'), undefined);
});

test('globs: **, *, ? and {a,b}', () => {
  assert.ok(globToRegExp('**/scps/*.json').test('/repo/org/scps/deny.json'));
  assert.ok(!globToRegExp('**/scps/*.json').test('/repo/org/scps/sub/deny.json'));
  assert.ok(globToRegExp('policies/{tag,backup}-?.json').test('/repo/policies/tag-1.json'));
  assert.ok(!globToRegExp('policies/{tag,backup}-?.json').test('/repo/policies/ai-1.json'));
});

test('the kind comes from, in order: the organization, the file name, globs, the content', () => {
  const statement = '{ "Statement": [] }';
  const globs = { RESOURCE_CONTROL_POLICY: ['**/rcps/**'] };
  const decide = (path: string, knownKind?: 'TAG_POLICY') => {
    const document = parsePolicyDocument(statement, { path, globs, ...(knownKind ? { knownKind } : {}) });
    return [document.kind, document.kindSource];
  };
  assert.deepEqual(decide('/rcps/a.scp.json', 'TAG_POLICY'), ['TAG_POLICY', 'organization']);
  assert.deepEqual(decide('/rcps/a.scp.json'), ['SERVICE_CONTROL_POLICY', 'fileName']);
  assert.deepEqual(decide('/rcps/a.json'), ['RESOURCE_CONTROL_POLICY', 'glob']);
  assert.deepEqual(decide('/other/a.json'), ['IDENTITY_POLICY', 'content']);
  assert.equal(parsePolicyDocument('{ "Statement": [ { "Principal": "*" } ] }').kind, 'RESOURCE_POLICY');
  assert.equal(parsePolicyDocument('{ "tags": {} }').kind, 'TAG_POLICY');
  assert.equal(parsePolicyDocument('{ "plans": {} }').kind, 'BACKUP_POLICY');
  assert.equal(parsePolicyDocument('{ "services": {} }').kind, 'AISERVICES_OPT_OUT_POLICY');
  assert.equal(parsePolicyDocument('{ "name": "x" }').kind, undefined);
});
