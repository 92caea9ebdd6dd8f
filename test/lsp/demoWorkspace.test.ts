/**
 * The demo workspace (test/fixtures/workspace, what `npm start` opens) as the language server sees it: one
 * policy file of every kind the server knows, each publishing exactly the mistakes its README describes (by
 * code and the text they underline) and nothing else.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { kindFromFileName, policyKinds } from '../../server/src/policies/kinds';
import { fixture } from '../support/paths';
import { startSession } from '../support/languageServer';

const workspace = fixture('workspace');

/** Each file's intended findings: the diagnostic code and the text its range covers. */
const intended: Record<string, [code: number, text: string][]> = {
  'deny-leaving-organization.scp.json': [],
  'protect-security-services.scp.json': [[303, 'StopLoging'], [405, '"aws:PrincipleArn"']],
  'data-perimeter.rcp.json': [[213, '"Allow"']],
  'deploy-role.iam.json': [[803, '"Resource"']],
  'artifact-bucket.resource.json': [[806, '"Principal"'], [303, 'ListBuckets']],
  'cost-center.tag.json': [[710, '"CostCentre"'], [705, '"*-shared-*"']],
  'daily-backups.backup.json': [[702, '"@@assing"'], [709, '"daily"']],
  'ai-opt-out.aiopt.json': [[707, '"optout"']],
  'chat-applications.chatbot.json': [[704, '"@@none"']],
  'ec2-baseline.declarative.json': [[709, '"Blocked by the organization\'s EC2 baseline: ask the platform team."']],
  'security-hub.securityhub.json': [[704, '["@@all", "@@remove"]']],
  'security-hub-cspm.securityhubcspm.json': [[702, '"@@apend"']],
  'vulnerability-scanning.inspector.json': [[709, '["us-east-1", "us-west-2"]']],
  'guardrails.bedrock.json': [[709, '"honor"']],
  'block-public-access.s3.json': [[704, '"@@nothing"']],
  'threat-detection.guardduty.json': [[709, '"enabled"']],
  'network-scans.nsd.json': [[702, '"@@asign"']],
  'database-upgrades.upgraderollout.json': [[709, '"first"']],
};

const policyFiles = fs.readdirSync(workspace).filter((name) => name.endsWith('.json')).sort();

test('the demo workspace holds a policy file of every kind the server knows, and only the files described here', () => {
  assert.deepEqual(policyFiles, Object.keys(intended).sort());
  const kinds = new Set(policyFiles.map((name) => kindFromFileName(name)));
  for (const { kind } of policyKinds) assert.ok(kinds.has(kind), `a demo file of kind ${kind}`);
});

test('the workspace README explains every file and names each of its mistakes by code', () => {
  const readme = fs.readFileSync(path.join(workspace, 'README.md'), 'utf8');
  for (const [name, findings] of Object.entries(intended)) {
    const section = readme.split(/^### /m).find((part) => part.startsWith(`\`${name}\``));
    assert.ok(section, `README.md has a section for ${name}`);
    for (const [code] of findings) assert.match(section, new RegExp(`\\b${code}\\b`), `README.md names ${code} for ${name}`);
  }
});

test('each demo file publishes exactly its intended diagnostics', async () => {
  const session = await startSession();
  try {
    for (const name of policyFiles) {
      const uri = pathToFileURL(path.join(workspace, name)).href;
      const text = fs.readFileSync(path.join(workspace, name), 'utf8');
      await session.open(uri, text);
      const { diagnostics } = await session.diagnostics(uri);
      const lines = text.split('\n');
      const published = diagnostics.map((diagnostic) => {
        const { start, end } = diagnostic.range;
        assert.equal(start.line, end.line, `${name}: ${diagnostic.code} spans one line`);
        return [diagnostic.code, lines[start.line].slice(start.character, end.character)];
      });
      assert.deepEqual(published, intended[name], `${name}: ${JSON.stringify(diagnostics.map((diagnostic) => diagnostic.message))}`);
    }
  } finally {
    await session.close();
  }
});
