/**
 * Effective permissions of principals over LSP: the real language server on a stream pair with the embedded sample
 * organization behind it, its principals read through the SDK; the context account's hover lists its principals
 * grouped by decisive reason (an SCP's Deny, a permissions boundary, IAM that does not grant), and Who Can names
 * who may perform an action across the organization, who only the organization's policies hold back, and the
 * accounts that could not be read.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { HoverRequest, MarkupContent } from 'vscode-languageserver-protocol';
import { PermissionsTarget, permissionsTargetsRequest, setContextAccountNotification, whoCanRequest } from '../../server/src/protocol';
import { caret } from '../support/caret';
import { startSessionWithOwnState, type LspSession } from '../support/languageServer';

let session: LspSession;
let targets: PermissionsTarget[];
let documentVersion = 1;
const uri = 'file:///work/policies/deployer.iam.json';

before(async () => {
  session = await startSessionWithOwnState('principals-lsp-');
  targets = await session.client.sendRequest(permissionsTargetsRequest);
});

after(() => session.close());

const accountNamed = (name: string) => targets.find((target) => target.Type === 'ACCOUNT' && target.Name === name)!;

/** Hovers on an action of an identity policy with a context account. */
async function hoverInAccount(accountId: string, action: string): Promise<string> {
  await session.client.sendNotification(setContextAccountNotification, { accountId });
  const { text, offset } = caret(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "|${action}", "Resource": "*"}]}`);
  if (documentVersion === 1) await session.open(uri, text);
  else await session.change(uri, documentVersion, text);
  documentVersion++;
  const hover = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: offset } });
  assert.ok(hover, 'a hover');
  return (hover.contents as MarkupContent).value;
}

/** The lines of a Markdown group (`*Heading* (n):` then `- ...` lines), by heading. */
function group(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`*${heading}*`));
  assert.ok(start >= 0, `a group "${heading}" in:\n${markdown}`);
  const members: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('- ')) break;
    members.push(line);
  }
  return members;
}

test("the context account's hover lists its principals that an SCP denies, with the policy and statement", async () => {
  const payments = accountNamed('Payments Prod');
  const markdown = await hoverInAccount(payments.Id, 'organizations:LeaveOrganization');
  assert.match(markdown, new RegExp(`\\*\\*Principals of account ${payments.Id}\\*\\* for \`organizations:LeaveOrganization\` \\(IAM read `));
  const denied = group(markdown, 'Denied by an SCP at the root');
  assert.ok(denied.some((line) => line.startsWith('- role `Admin`: SCP `DenyLeaveOrganization` Statement[0]')), denied.join('\n'));
  assert.ok(denied.some((line) => line.startsWith('- user `break-glass`: SCP `DenyLeaveOrganization` Statement[0]')), denied.join('\n'));
  assert.ok(!denied.some((line) => line.startsWith('- user `break-glass`') && line.includes('IAM does not grant it either')), 'IAM grants break-glass the action');
  // The SCP's explicit Deny decides first (IAM User Guide, evaluation logic); the hover adds that IAM does not grant ReadOnly the action.
  assert.ok(denied.some((line) => line.startsWith('- role `ReadOnly`') && line.endsWith('; IAM does not grant it either')), denied.join('\n'));
  // SCPs do not affect service-linked roles: their own policies decide.
  const notGranted = group(markdown, 'Not granted by IAM');
  assert.ok(notGranted.some((line) => line === '- role `AWSServiceRoleForSSO`, service-linked: no identity policy allows it'), notGranted.join('\n'));
  assert.match(markdown, /Session policies and resource-based policies .* are not considered/);

  // In the management account no SCP applies: the break-glass user's group grants it.
  const management = await hoverInAccount(accountNamed('Management').Id, 'organizations:LeaveOrganization');
  const allowed = group(management, 'Allowed');
  assert.ok(allowed.some((line) => line.startsWith('- user `break-glass`: `AdministratorAccess (group Emergency)` Statement[0]')), allowed.join('\n'));
});

test('a permissions boundary cuts the CI role: IAM grants it, the boundary does not', async () => {
  const payments = accountNamed('Payments Prod');
  const createUser = await hoverInAccount(payments.Id, 'iam:CreateUser');
  const cut = group(createUser, 'Cut by a permissions boundary');
  assert.deepEqual(cut.map((line) => line.split(':')[0]), ['- role `CIDeploy`']);
  assert.match(cut[0], /permissions boundary `DeployBoundary` Statement\[1\] "NoIamUsersOrBoundaryChanges"/);
  assert.ok(group(createUser, 'Allowed').some((line) => line.startsWith('- role `Admin`')));

  // PowerUserAccess grants kms:CreateKey; DeployBoundary allows no KMS action: an implicit denial by the boundary.
  const createKey = await hoverInAccount(payments.Id, 'kms:CreateKey');
  assert.ok(group(createKey, 'Cut by a permissions boundary').some((line) => line === '- role `CIDeploy`: no permissions boundary allows it'), createKey);
  await session.client.sendNotification(setContextAccountNotification, { accountId: null });
});

test("Who Can names the break-glass user and not the read-only role, those only the organization's policies hold back, and the accounts it could not read", async () => {
  const { markdown, rows, unreadAccounts } = await session.client.sendRequest(whoCanRequest, { action: 'organizations:LeaveOrganization' });
  const management = accountNamed('Management').Id;
  const may = rows.filter((row) => row.allowedActions > 0 || row.dependsActions > 0);
  assert.ok(may.some((row) => row.name === 'break-glass' && row.accountId === management), JSON.stringify(may));
  assert.ok(!may.some((row) => row.name === 'ReadOnly'), 'no read-only role may leave the organization');
  const exposed = rows.filter((row) => !may.includes(row) && row.deniedOnlyByOrganization > 0);
  assert.ok(exposed.some((row) => row.name === 'break-glass' && row.accountId === accountNamed('Payments Prod').Id), 'the SCP alone holds back the members\' break-glass users');
  assert.ok(exposed.every((row) => row.reason === 'scp'));
  assert.ok(!exposed.some((row) => row.name === 'ReadOnly'));
  // The invited accounts have no OrganizationAccountAccessRole to assume; the Suspended OU's DenyAllActions refuses the read.
  const suspended = targets.find((target) => target.Type === 'ORGANIZATIONAL_UNIT' && target.Name === 'Suspended')!;
  const suspendedAccounts = targets.filter((target) => target.Type === 'ACCOUNT' && target.Path === 'Suspended');
  assert.equal(unreadAccounts, 2 + suspendedAccounts.length);
  assert.match(markdown, new RegExp(`\\*\\*${unreadAccounts} accounts could not be read\\*\\*`));
  assert.match(markdown, /- 444455556666: AccessDenied: .* is not authorized to perform: sts:AssumeRole/);
  assert.match(markdown, new RegExp(`- ${suspendedAccounts[0].Id}: AccessDenied: .*with an explicit deny in a service control policy`));
  const inSuspended = await session.client.sendRequest(whoCanRequest, { action: 's3:GetObject', targetId: suspended.Id });
  assert.deepEqual(inSuspended.rows, []);
  assert.equal(inSuspended.unreadAccounts, suspendedAccounts.length);
  assert.match(markdown, /## May perform it \(\d+\)/);
  assert.match(markdown, /## Denied only by the organization's policies \(\d+\)/);

});

test('Who Can with a wildcard in an OU: RegionRestriction makes the answer depend on the Region of the request', async () => {
  const sandbox = targets.find((target) => target.Type === 'ORGANIZATIONAL_UNIT' && target.Name === 'Sandbox')!;
  const { rows, markdown } = await session.client.sendRequest(whoCanRequest, { action: 's3:Delete*', targetId: sandbox.Id });
  const breakGlass = rows.filter((row) => row.name === 'break-glass');
  assert.ok(breakGlass.length > 0);
  for (const row of breakGlass) {
    assert.equal(row.reason, 'depends');
    assert.ok(row.dependsActions > 1, 'every s3:Delete* action of its administrator access');
  }
  assert.ok(rows.filter((row) => row.name === 'ReadOnly').every((row) => row.reason === 'identity' && row.allowedActions === 0 && row.dependsActions === 0));
  assert.match(markdown, /# Who can perform `s3:Delete\*` \(\d+ actions\)\?/);
  assert.match(markdown, new RegExp(`In OU Sandbox \\(${sandbox.Id}\\)`));
  assert.match(markdown, /- user `break-glass` in \d{12}: `StringNotEquals` `aws:RequestedRegion`: "us-east-1", "eu-west-1"/);
});
