/**
 * Effective permissions over LSP: the real language server on a stream pair with the embedded sample
 * organization behind it; hover on actions and wildcards (summary, context account's chain), hover and
 * CodeLens on an attached SCP with an unsaved edit, the two commands' requests, and fresh answers after
 * the organization changes.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeLens, CodeLensRequest, HoverRequest, MarkupContent } from 'vscode-languageserver-protocol';
import {
  effectivePermissionsRequest, explainDecisionRequest, mutationRequest, PermissionsTarget, permissionsTargetsRequest, policiesRequest, rootsRequest,
  setContextAccountNotification, setPolicyKindNotification,
} from '../../server/src/protocol';
import { caret } from '../support/caret';
import { startSession, type LspSession } from '../support/languageServer';

let session: LspSession;
let directory: string;
let targets: PermissionsTarget[];
let documentVersion = 1;

before(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'effective-lsp-'));
  session = await startSession({ embeddedStatePath: path.join(directory, 'state') });
  targets = await session.client.sendRequest(permissionsTargetsRequest);
});

after(async () => {
  await session.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

const accountNamed = (name: string) => targets.find((target) => target.Type === 'ACCOUNT' && target.Name === name)!;
const accountCount = () => targets.filter((target) => target.Type === 'ACCOUNT').length;

/** Opens (or replaces) a document and hovers at its caret. */
async function hoverAt(uri: string, textWithCaret: string): Promise<string> {
  const { text, offset } = caret(textWithCaret);
  if (documentVersion === 1) await session.open(uri, text);
  else await session.change(uri, documentVersion, text);
  documentVersion++;
  const lines = text.slice(0, offset).split('\n');
  const hover = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: lines.length - 1, character: lines.at(-1)!.length } });
  assert.ok(hover, 'a hover');
  return (hover.contents as MarkupContent).value;
}

const identityUri = 'file:///work/policies/developer.iam.json';
const identityPolicy = (action: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "|${action}", "Resource": "*"}]}`;

test('the sample organization has its accounts and OUs with their paths', () => {
  assert.ok(accountCount() > 20, `${accountCount()} accounts`);
  assert.equal(accountNamed('Payments Prod').Path, 'Workloads / Prod');
  assert.ok(targets.some((target) => target.Type === 'ORGANIZATIONAL_UNIT' && target.Name === 'Suspended'));
});

test('hover on an action keeps its documentation and adds where the organization allows and denies it', async () => {
  const markdown = await hoverAt(identityUri, identityPolicy('organizations:LeaveOrganization'));
  assert.match(markdown, /\*\*organizations:LeaveOrganization\*\* · Write/, 'the action documentation is still there');
  // DenyLeaveOrganization is attached to the root: every member account is denied; the management account is not affected.
  const counts = /allowed in (\d+) accounts? of (\d+), denied in (\d+) accounts/.exec(markdown);
  assert.ok(counts, markdown);
  assert.deepEqual([Number(counts[1]), Number(counts[2]), Number(counts[3])], [1, accountCount(), accountCount() - 1]);
  assert.match(markdown, /by SCP `DenyLeaveOrganization` Statement\[0\] at Root/);
  assert.match(markdown, /IAM catalog \d+\.\d+/);
});

test('hover on a wildcard groups actions that the policies treat alike and names the OU that denies them', async () => {
  const markdown = await hoverAt(identityUri, identityPolicy('cloudtrail:*'));
  assert.match(markdown, /actions of `cloudtrail:\*`/);
  // ProtectSecurityServices denies cloudtrail:StopLogging and DeleteTrail at the root; DenyAllActions denies everything in Suspended.
  assert.match(markdown, /`ProtectSecurityServices`/);
  assert.match(markdown, /`DenyAllActions` Statement\[0\] at OU `Suspended`/);
});

test('with a context account, hover shows its chain level by level with the deciding statement', async () => {
  const legacy = accountNamed('Legacy Reporting');
  await session.client.sendNotification(setContextAccountNotification, { accountId: legacy.Id });
  try {
    const markdown = await hoverAt(identityUri, identityPolicy('s3:GetObject'));
    assert.match(markdown, new RegExp(`In account \`Legacy Reporting\` \\(${legacy.Id}\\)`));
    assert.match(markdown, /Decided by SCP `DenyAllActions` Statement\[0\] at OU `Suspended`/);
    // DenyRootUser at the root denies only the root user: without the principal's ARN the root level depends on it.
    assert.match(markdown, /- Root `Root` \(r-[0-9a-z]+\): \*\*depends on the request\*\*: denied by `DenyRootUser` Statement\[0\] \(may apply\)/);
    assert.match(markdown, /- OU `Suspended` \(ou-[0-9a-z-]+\): \*\*denied by an explicit Deny\*\*/);
  } finally {
    await session.client.sendNotification(setContextAccountNotification, { accountId: null });
  }
  const withoutContext = await hoverAt(identityUri, identityPolicy('s3:GetObject'));
  assert.doesNotMatch(withoutContext, /context account/);
});

test('an attached SCP opened as a policy document: hover and CodeLens show where it is attached and what the unsaved edit changes', async () => {
  const uri = 'aws-organizations:/SERVICE_CONTROL_POLICY/DenyLeaveOrganization.json';
  const deployed = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*" }]\n}';
  const { text } = caret(`|${deployed}`);
  await session.open(uri, text);
  // The client tells the kind of a document opened from the organization.
  await session.client.sendNotification(setPolicyKindNotification, { uri, kind: 'SERVICE_CONTROL_POLICY' });
  const lensTitles = async () => ((await session.client.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[]).map((lens) => lens.command!.title);
  const members = accountCount() - 1;
  assert.deepEqual(await lensTitles(), [`DenyLeaveOrganization: attached to 1 target, governs ${members} accounts`]);

  // The edit stops denying LeaveOrganization and denies CloseAccount instead (Suspended accounts are denied everything either way).
  // Elsewhere both actions depend on DenyRootUser's condition (denied to the root user only), so nothing is plainly gained or lost.
  const edited = deployed.replace('organizations:LeaveOrganization', 'organizations:CloseAccount');
  await session.change(uri, 2, edited);
  const suspended = targets.filter((target) => target.Path === 'Suspended').length;
  const changed = members - suspended;
  assert.deepEqual((await lensTitles())[1], `Unsaved change: ${2 * changed} account-action pairs change access (0 gained, 0 lost)`);
  const hover = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 4 } });
  const markdown = (hover!.contents as MarkupContent).value;
  assert.match(markdown, new RegExp(`\\*\\*SCP \`DenyLeaveOrganization\`\\*\\* \\(p-[0-9a-z]+\\) is attached to root \`Root\``));
  assert.match(markdown, new RegExp(`governs ${members} accounts`));
  assert.match(markdown, new RegExp(`- denied → depends in ${changed} accounts: \`organizations:LeaveOrganization\``));
  assert.match(markdown, new RegExp(`- depends → denied in ${changed} accounts: \`organizations:CloseAccount\``));
});

test('"Why is this denied?" explains the chain of one account, and "Show effective permissions" summarizes an account and an OU', async () => {
  const payments = accountNamed('Payments Prod');
  const { markdown } = await session.client.sendRequest(explainDecisionRequest, { accountId: payments.Id, action: 'ec2:RunInstances' });
  // RegionRestriction denies outside approved regions: without a region the answer depends on aws:RequestedRegion.
  assert.match(markdown, /depends on the request/);
  assert.match(markdown, /aws:RequestedRegion/);
  assert.match(markdown, /- OU `Workloads`/);

  const account = (await session.client.sendRequest(effectivePermissionsRequest, { targetId: payments.Id })).markdown;
  assert.match(account, /# Effective permissions of account `Payments Prod`/);
  assert.match(account, /## cloudtrail\n/);
  assert.match(account, /Denied \(Write\): .*`cloudtrail:DeleteTrail`/);

  const suspended = targets.find((target) => target.Name === 'Suspended')!;
  const unit = (await session.client.sendRequest(effectivePermissionsRequest, { targetId: suspended.Id })).markdown;
  assert.match(unit, /1 account in this OU/);
  assert.match(unit, /\| Write \| 0 \| 0 \| [1-9]\d* \|/);
});

test('after the organization changes, hover answers from the new attachments', async () => {
  const [root] = await session.client.sendRequest(rootsRequest);
  const policy = (await session.client.sendRequest(policiesRequest, { type: 'SERVICE_CONTROL_POLICY' })).find((summary) => summary.Name === 'DenyLeaveOrganization')!;
  await session.client.sendRequest(mutationRequest('DetachPolicy'), { PolicyId: policy.Id!, TargetId: root.Id! });
  const markdown = await hoverAt(identityUri, identityPolicy('organizations:LeaveOrganization'));
  assert.doesNotMatch(markdown, /DenyLeaveOrganization/);
  // Only the Suspended OU's DenyAllActions still denies it; elsewhere it is denied to the root user only (DenyRootUser).
  const suspended = targets.filter((target) => target.Path === 'Suspended').length;
  assert.match(markdown, new RegExp(`allowed in 1 account of ${accountCount()}, denied in ${suspended} account, depends in ${accountCount() - 1 - suspended} accounts`));
  assert.match(markdown, /depends on `StringLike` `aws:PrincipalArn`: "arn:aws:iam::\*:root" \(`DenyRootUser` Statement\[0\]\)/);
});
