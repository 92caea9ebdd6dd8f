/**
 * Effective permissions over LSP: the real language server on a stream pair with the embedded sample
 * organization behind it; hover on actions and wildcards (counts over the member accounts, names, the context
 * account's verdict first and its chain), hover and CodeLens on an attached SCP with an unsaved edit, what-if in
 * an SCP document (in place of the deployed policy, or previewed as attached), the report view's requests, and
 * fresh answers after the organization changes.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeLens, CodeLensRequest, HoverRequest, MarkupContent } from 'vscode-languageserver-protocol';
import {
  actionAccessRequest, catalogEntriesRequest, effectivePermissionsRequest, explainDecisionRequest, mutationRequest, PermissionsTarget, permissionsTargetsRequest,
  policiesRequest, ReportBlock, rootsRequest, setContextAccountNotification, setPolicyKindNotification, setPreviewAttachmentNotification,
} from '../../server/src/protocol';
import { caret } from '../support/caret';
import { startSession, type LspSession } from '../support/languageServer';

let session: LspSession;
let directory: string;
let targets: PermissionsTarget[];
/** The next version of each open document. */
const versions = new Map<string, number>();

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
/** The text of a report's blocks, one per line. */
const reportText = (blocks: ReportBlock[]) => blocks.map((block) => ('text' in block ? block.text : block.kind === 'list' ? block.items.join('\n') : block.rows.map((row) => row.join(' | ')).join('\n'))).join('\n');

/** Opens (or replaces) a document and hovers at its caret. */
async function hoverAt(uri: string, textWithCaret: string): Promise<string> {
  const { text, offset } = caret(textWithCaret);
  const version = versions.get(uri) ?? 1;
  if (version === 1) await session.open(uri, text);
  else await session.change(uri, version, text);
  versions.set(uri, version + 1);
  const lines = text.slice(0, offset).split('\n');
  const hover = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: lines.length - 1, character: lines.at(-1)!.length } });
  assert.ok(hover, 'a hover');
  return (hover.contents as MarkupContent).value;
}

const identityUri = 'file:///work/policies/developer.iam.json';
const identityPolicy = (action: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "|${action}", "Resource": "*"}]}`;

test('the sample organization has its root, accounts and OUs with their paths', () => {
  assert.ok(accountCount() > 20, `${accountCount()} accounts`);
  assert.deepEqual(targets.filter((target) => target.Type === 'ROOT').map((target) => target.Name), ['Root']);
  assert.equal(accountNamed('Payments Prod').Path, 'Workloads / Prod');
  assert.ok(targets.some((target) => target.Type === 'ORGANIZATIONAL_UNIT' && target.Name === 'Suspended'));
});

test('hover on an action counts the member accounts, so that the counts add up to the organization, and names the management account as not counted', async () => {
  const markdown = await hoverAt(identityUri, identityPolicy('organizations:LeaveOrganization'));
  assert.match(markdown, /\*\*organizations:LeaveOrganization\*\* · Write/, 'the action documentation is still there');
  assert.match(markdown, /^Evaluated: the deployed SCPs and RCPs\.$/m);
  // DenyLeaveOrganization is attached to the root: every member account is denied; the management account is not affected.
  const members = accountCount() - 1;
  assert.ok(markdown.includes(`**\`organizations:LeaveOrganization\`** in ${members} member accounts: denied in all ${members}.`), markdown);
  assert.match(markdown, new RegExp(`- denied in ${members} accounts by SCP \`DenyLeaveOrganization\` Statement\\[0\\] at Root \`Root\` \\(r-[0-9a-z]+\\): every member account`));
  assert.match(markdown, /_Not counted: `Management` \(\d{12}\), the management account, which SCPs and RCPs never affect\._/);
  assert.match(markdown, new RegExp(`_${accountCount()} accounts in the organization · SCPs and RCPs only, no identity policies · IAM catalog \\d+\\.\\d+`));
});

test('hover names the accounts of each verdict, the first three, then "and N more" linked to the list of every account', async () => {
  const markdown = await hoverAt(identityUri, identityPolicy('s3:DeleteBucket'));
  // Legacy Reporting is denied everything by the Suspended OU; elsewhere the answer waits for the principal (DenyRootUser) and, under Workloads and Sandbox, the Region.
  assert.match(markdown, /- denied in 1 account by SCP `DenyAllActions` Statement\[0\] at OU `Suspended` \(ou-[0-9a-z-]+\): `Legacy Reporting`\n/);
  const security = targets.filter((target) => target.Type === 'ACCOUNT' && /^(Security|Infrastructure)$/.test(target.Path)).length;
  const link = /\[(\d+) more\]\((command:awsOrganizations\.showActionAccess\?[^)]+)\)/;
  const securityLine = markdown.split('\n').find((line) => line.startsWith(`- depends in ${security} accounts on \`StringLike\` \`aws:PrincipalArn\``));
  assert.ok(securityLine, markdown);
  assert.match(securityLine, /: `Security Tooling`, `Log Archive`, `Audit` and \[\d+ more\]/);
  const [, more, command] = link.exec(securityLine)!;
  assert.equal(Number(more), security - 3);
  assert.deepEqual(JSON.parse(decodeURIComponent(command.slice(command.indexOf('?') + 1))), [{ action: 's3:DeleteBucket' }]);
  // The link's command lists every account's verdict: the report behind the counts.
  const { blocks, data } = await session.client.sendRequest(actionAccessRequest, { action: 's3:DeleteBucket' });
  assert.equal(data.rows.length, accountCount());
  assert.deepEqual(data.rows[0].slice(1, 5), ['Legacy Reporting', accountNamed('Legacy Reporting').Id, 'Suspended', 'explicitDeny']);
  assert.match(reportText(blocks), new RegExp(`In ${accountCount() - 1} member accounts: explicitly denied in 1, depends on the request in ${accountCount() - 2}\\.`));
});

test('hover on a wildcard groups actions that the policies treat alike and names the OU that denies them', async () => {
  const markdown = await hoverAt(identityUri, identityPolicy('cloudtrail:*'));
  assert.match(markdown, /actions of `cloudtrail:\*`/);
  // ProtectSecurityServices denies cloudtrail:StopLogging and DeleteTrail at the root; DenyAllActions denies everything in Suspended.
  assert.match(markdown, /`ProtectSecurityServices`/);
  assert.match(markdown, /`DenyAllActions` Statement\[0\] at OU `Suspended`/);
});

test('with a context account, hover gives its verdict first, then the member accounts, then its chain level by level', async () => {
  const legacy = accountNamed('Legacy Reporting');
  await session.client.sendNotification(setContextAccountNotification, { accountId: legacy.Id });
  try {
    const markdown = await hoverAt(identityUri, identityPolicy('s3:GetObject'));
    const verdict = markdown.indexOf(`**In account \`Legacy Reporting\` (${legacy.Id}), the context account:** **denied by an explicit Deny**: SCP \`DenyAllActions\` Statement[0] at OU \`Suspended\``);
    assert.ok(verdict > 0, markdown);
    assert.ok(verdict < markdown.indexOf('member accounts:'), 'the context account\'s verdict comes before the organization\'s counts');
    assert.ok(markdown.indexOf('member accounts:') < markdown.indexOf('**Why, in account `Legacy Reporting`'), 'and its chain after them');
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
  const hoverOn = async (position: { line: number; character: number }) => ((await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position }))!.contents as MarkupContent).value;
  const onAction = { line: 2, character: deployed.split('\n')[2].indexOf('organizations:') + 3 };
  assert.match(await hoverOn(onAction), /Evaluated: \*\*the deployed policy\*\*, SCP `DenyLeaveOrganization`; this document has the same content\./);

  // The edit stops denying LeaveOrganization and denies CloseAccount instead (Suspended accounts are denied everything either way).
  // Elsewhere both actions depend on DenyRootUser's condition (denied to the root user only), so nothing is plainly gained or lost.
  const edited = deployed.replace('organizations:LeaveOrganization', 'organizations:CloseAccount');
  await session.change(uri, 2, edited);
  const suspended = targets.filter((target) => target.Path === 'Suspended').length;
  const changed = members - suspended;
  assert.deepEqual((await lensTitles())[1], `Unsaved change: ${2 * changed} account-action pairs change access (0 gained, 0 lost)`);
  const markdown = await hoverOn({ line: 2, character: 4 });
  assert.match(markdown, new RegExp(`\\*\\*SCP \`DenyLeaveOrganization\`\\*\\* \\(p-[0-9a-z]+\\) is attached to root \`Root\``));
  assert.match(markdown, new RegExp(`governs ${members} accounts`));
  assert.match(markdown, new RegExp(`- denied → depends in ${changed} accounts: \`organizations:LeaveOrganization\``));
  assert.match(markdown, new RegExp(`- depends → denied in ${changed} accounts: \`organizations:CloseAccount\``));
  // What-if: the action hover evaluates the document as it is now, in place of the deployed policy, and says so.
  const action = await hoverOn(onAction);
  assert.match(action, /Evaluated: \*\*this document, unsaved\*\* \(as it is now, not deployed\), in place of the deployed SCP `DenyLeaveOrganization`\./);
  assert.ok(action.includes(`**\`organizations:CloseAccount\`** in ${members} member accounts: denied in all ${members}.`), action);
  await session.change(uri, 3, '{ "Version": "2012-10-17", "Statement": [');
  assert.match(await hoverOn({ line: 0, character: 4 }), /_The document does not parse; fix it to see the impact of the change\._/);
});

test('what-if for a new SCP file: Preview Attachment... in CodeLens, then hover and CodeLens evaluate the document as if attached where the user picked', async () => {
  const uri = 'file:///work/policies/deny-bucket-deletion.scp.json';
  const sandbox = targets.find((target) => target.Name === 'Sandbox')!;
  const sandboxAccounts = targets.filter((target) => target.Type === 'ACCOUNT' && target.Path === 'Sandbox').length;
  const document = (effect: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Action": "|s3:DeleteBucket", "Resource": "*"}]}`;
  const lenses = async () => ((await session.client.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[]).map((lens) => lens.command!);
  let markdown = await hoverAt(uri, document('Deny'));
  assert.match(markdown, /Evaluated: \*\*the deployed policies\*\*; this document is not a policy of the organization\. \*\*Preview Attachment\.\.\.\*\*/);
  assert.deepEqual(await lenses(), [{ title: 'Preview Attachment...', command: 'awsOrganizations.previewAttachment', arguments: [{ uri }] }]);

  await session.client.sendNotification(setPreviewAttachmentNotification, { uri, targetId: sandbox.Id });
  markdown = await hoverAt(uri, document('Deny'));
  assert.match(markdown, new RegExp(`Evaluated: \\*\\*this document, unsaved\\*\\* \\(as it is now\\), as SCP \`deny-bucket-deletion\` attached to OU \`Sandbox\` \\(${sandbox.Id}\\)\\.`));
  assert.match(markdown, new RegExp(`- denied in ${sandboxAccounts} accounts by SCP \`deny-bucket-deletion\` Statement\\[0\\] at OU \`Sandbox\``));
  const [preview, impact] = await lenses();
  assert.deepEqual(preview, { title: `Previewing as attached to OU Sandbox: governs ${sandboxAccounts} accounts`, command: 'awsOrganizations.previewAttachment', arguments: [{ uri }] });
  assert.match(impact.title, /^Unsaved change: \d+ account-action pairs change access/);
  // The hover's "list all" evaluates the same version: the document's uri goes with it.
  const listed = await session.client.sendRequest(actionAccessRequest, { action: 's3:DeleteBucket', uri });
  assert.equal(listed.data.rows.filter((row) => row[4] === 'explicitDeny').length, sandboxAccounts + 1, 'the Sandbox accounts and Legacy Reporting');

  // The user types Allow in place of Deny: the document no longer denies it.
  markdown = await hoverAt(uri, document('Allow'));
  assert.doesNotMatch(markdown, /by SCP `deny-bucket-deletion`/);
  await session.client.sendNotification(setPreviewAttachmentNotification, { uri, targetId: null });
  assert.equal((await lenses())[0].title, 'Preview Attachment...');
});

test('"Why is this denied?" explains the chain of one account, and "Show effective permissions" summarizes an account and an OU, as reports', async () => {
  const payments = accountNamed('Payments Prod');
  const why = await session.client.sendRequest(explainDecisionRequest, { accountId: payments.Id, action: 'ec2:RunInstances' });
  assert.equal(why.title, 'Why Is This Denied? ec2:RunInstances in Payments Prod');
  // RegionRestriction denies outside approved regions: without a region the answer depends on aws:RequestedRegion.
  assert.match(reportText(why.blocks), /`ec2:RunInstances`: depends on the request/);
  assert.match(why.markdown, /aws:RequestedRegion/);
  assert.match(why.markdown, /\| OU `Workloads` \(ou-[0-9a-z-]+\) \| depends on the request \|/);
  assert.deepEqual(why.assumptions.map((assumption) => assumption.id), ['notRootUser', 'region:us-east-1']);
  const assumed = await session.client.sendRequest(explainDecisionRequest, { accountId: payments.Id, action: 'ec2:RunInstances', assumptions: ['notRootUser', 'region:us-east-1'] });
  assert.match(reportText(assumed.blocks), /`ec2:RunInstances`: allowed/);

  const account = await session.client.sendRequest(effectivePermissionsRequest, { targetId: payments.Id });
  assert.equal(account.title, 'Effective Permissions: Payments Prod');
  assert.match(account.markdown, /^# Effective permissions of account `Payments Prod`/);
  assert.match(account.markdown, /\*\*Depends on the request\*\* dominates: [\d,]+ of [\d,]+ actions \(100%\) wait for a value the request did not give: `aws:PrincipalArn`/);
  assert.match(account.markdown, /\| `cloudtrail` \| Write \| 2 \| 0 \| \d+ \| 0 \| `cloudtrail:DeleteTrail`, `cloudtrail:StopLogging` \|/);
  assert.ok(account.data.rows.length > 10000);
  const decided = await session.client.sendRequest(effectivePermissionsRequest, { targetId: payments.Id, assumptions: ['notRootUser', 'region:us-east-1'] });
  assert.match(decided.markdown, /\| Depends on the request \| 0 \| 0% \|/);
  assert.ok(decided.assumptions.every((assumption) => assumption.applied));

  const suspended = targets.find((target) => target.Name === 'Suspended')!;
  const unit = await session.client.sendRequest(effectivePermissionsRequest, { targetId: suspended.Id });
  assert.match(unit.markdown, /1 account in this OU and the OUs below it: `Legacy Reporting`/);
  assert.match(unit.markdown, /\| Denied in every account \| [\d,]+ \|/);
  await assert.rejects(session.client.sendRequest(effectivePermissionsRequest, { targetId: 'ou-none-00000000' }), /is not an account or OU of this organization/);
});

test('Why Is This Denied? completes actions from the IAM catalog: the services, then a service\'s actions', async () => {
  const services = await session.client.sendRequest(catalogEntriesRequest, {});
  assert.deepEqual(services.find((service) => service.name === 's3'), { name: 's3', detail: 'Amazon S3', description: '' });
  const actions = await session.client.sendRequest(catalogEntriesRequest, { service: 'cloudtrail' });
  const stopLogging = actions.find((action) => action.name === 'cloudtrail:StopLogging');
  assert.equal(stopLogging?.detail, 'Write');
  assert.ok(stopLogging?.description);
  assert.deepEqual(await session.client.sendRequest(catalogEntriesRequest, { service: 'nope' }), []);
});

test('after the organization changes, hover answers from the new attachments', async () => {
  const [root] = await session.client.sendRequest(rootsRequest);
  const policy = (await session.client.sendRequest(policiesRequest, { type: 'SERVICE_CONTROL_POLICY' })).find((summary) => summary.Name === 'DenyLeaveOrganization')!;
  await session.client.sendRequest(mutationRequest('DetachPolicy'), { PolicyId: policy.Id!, TargetId: root.Id! });
  const markdown = await hoverAt(identityUri, identityPolicy('organizations:LeaveOrganization'));
  assert.doesNotMatch(markdown, /DenyLeaveOrganization/);
  // Only the Suspended OU's DenyAllActions still denies it; elsewhere it is denied to the root user only (DenyRootUser).
  const suspended = targets.filter((target) => target.Path === 'Suspended').length;
  assert.ok(markdown.includes(`in ${accountCount() - 1} member accounts: denied in ${suspended}, depends in ${accountCount() - 1 - suspended}.`), markdown);
  assert.match(markdown, /depends in \d+ accounts on `StringLike` `aws:PrincipalArn`: "arn:aws:iam::\*:root" \(`DenyRootUser` Statement\[0\]\)/);
});
