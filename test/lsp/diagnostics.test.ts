import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { catalogVersion } from '../../server/src/aws/catalog';
import { startSession } from '../support/languageServer';

const deniesRegions = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "DenyOutsideRegions", "Effect": "Deny", "NotAction": ["iam:*", "organizations:*"], "Resource": "*",
      "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1"] } } }
  ]
}`;

test('a valid SCP is published with no diagnostics', async () => {
  const session = await startSession();
  try {
    await session.open('file:///work/deny-regions.scp.json', deniesRegions);
    const published = await session.diagnostics('file:///work/deny-regions.scp.json');
    assert.deepEqual(published.diagnostics, []);
  } finally {
    await session.close();
  }
});

test('findings become LSP diagnostics with exact ranges, codes, severities and the fix hint', async () => {
  const session = await startSession();
  try {
    const uri = 'file:///work/bad.scp.json';
    const text = '{\n  "Statement": [\n    { "Effect": "Deny", "Principal": "*", "Action": "s3:GetObjekt", "Resource": "*" }\n  ]\n}';
    await session.open(uri, text);
    const { diagnostics } = await session.diagnostics(uri);
    const byCode = new Map(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic]));
    assert.equal(byCode.get(203)?.severity, DiagnosticSeverity.Error, 'an SCP without Version is an error');
    assert.equal(byCode.get(202)?.severity, DiagnosticSeverity.Error, 'Principal is not allowed in SCPs');
    assert.deepEqual(byCode.get(202)?.range, { start: { line: 2, character: 24 }, end: { line: 2, character: 35 } });
    const unknown = byCode.get(303);
    assert.equal(unknown?.severity, DiagnosticSeverity.Error, 'an unknown action is an error, as IAM Access Analyzer reports it');
    assert.deepEqual(unknown?.range, { start: { line: 2, character: 56 }, end: { line: 2, character: 65 } });
    assert.match(String(unknown?.message), /GetObjekt[\s\S]*GetObject/);
    assert.equal(unknown?.source, 'AWS Organizations');
  } finally {
    await session.close();
  }
});

test('awsOrganizations.policies.unknownNameSeverity lowers unknown actions and partitions, and says which catalog judged them', async () => {
  const session = await startSession({ policies: { unknownNameSeverity: 'warning' } });
  try {
    const uri = 'file:///work/lagging.scp.json';
    const text = '{"Version": "2012-10-17", "Statement": [{ "Effect": "Deny", "Action": "s3:GetObjekt", "Resource": "arn:aws-xx:s3:::bucket" }]}';
    await session.open(uri, text);
    const { diagnostics } = await session.diagnostics(uri);
    assert.deepEqual(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]), [[303, DiagnosticSeverity.Warning], [502, DiagnosticSeverity.Warning]]);
    assert.match(String(diagnostics[0].message), new RegExp(`in the IAM catalog ${(await catalogVersion()).replace(/\./g, '\\.')}`));
  } finally {
    await session.close();
  }
});

test('diagnostics follow edits: the newest version is published, fixed problems disappear', async () => {
  const session = await startSession();
  try {
    const uri = 'file:///work/edit.scp.json';
    await session.open(uri, deniesRegions.replace('"Deny"', '"deny"'));
    const first = await session.diagnostics(uri, (params) => params.version === 1);
    assert.deepEqual(first.diagnostics.map((diagnostic) => diagnostic.code), [208]);
    // Two quick edits: only what the last one says matters.
    await session.change(uri, 2, deniesRegions.replace('"Deny"', '"Denyy"'));
    await session.change(uri, 3, deniesRegions);
    const last = await session.diagnostics(uri, (params) => params.version === 3);
    assert.deepEqual(last.diagnostics, []);
  } finally {
    await session.close();
  }
});

test('JSON files that are not policies get no diagnostics', async () => {
  const session = await startSession();
  try {
    const uri = 'file:///work/package.json';
    await session.open(uri, '{ "name": "x", // a comment\n "version": "1.0.0", }');
    const published = await session.diagnostics(uri);
    assert.deepEqual(published.diagnostics, []);
  } finally {
    await session.close();
  }
});
