/**
 * IAM over LSP, through the built language server process: an account's roles and users read through the SDK (the
 * management account with its own credentials, a member by assuming OrganizationAccountAccessRole), a policy
 * document with whether it is read-only, an invited account that cannot be read and why, and the service-linked
 * role that trusted access creates.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreatePolicyVersionCommand, CreateRoleCommand, GetPolicyVersionCommand, GetRolePolicyCommand, IAMClient, ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import {
  accountIamRequest, childrenRequest, exposeEndpointRequest, iamNodeId, iamPolicyDocumentRequest, iamPolicyDocumentSaveRequest,
  organizationChangedNotification, resetEmbeddedRequest, rootsRequest, serviceLinkedRolesRequest, type OrganizationNode,
} from '../../server/src/protocol';
import { startServerProcess, type LspProcess } from '../support/languageServer';
import { poll } from '../support/poll';

let session: LspProcess;
const accounts = new Map<string, string>();
const changedIds: string[] = [];

/** An IAM client of the embedded organization's endpoint, acting as an account (its 12-digit ID is the key). */
async function iamAs(accountId: string): Promise<IAMClient> {
  const { url } = await session.client.sendRequest(exposeEndpointRequest, {});
  return new IAMClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: accountId, secretAccessKey: 'local' }, maxAttempts: 1 });
}

before(async () => {
  session = await startServerProcess({});
  session.client.onNotification(organizationChangedNotification, ({ ids }) => {
    changedIds.push(...(ids ?? []));
  });
  await session.client.sendRequest(resetEmbeddedRequest, { seed: 'sample' });
  const visit = async (parentId: string): Promise<void> => {
    const { children } = await session.client.sendRequest(childrenRequest, { parentId, pageSize: 100 });
    for (const child of children as OrganizationNode[]) {
      if (child.kind === 'account') accounts.set(child.account.Name!, child.account.Id!);
      else if (child.kind === 'organizationalUnit') await visit(child.organizationalUnit.Id!);
    }
  };
  await visit((await session.client.sendRequest(rootsRequest))[0].Id!);
});

after(() => session.close());

test('a member account\'s roles and users are read by assuming OrganizationAccountAccessRole', async () => {
  const payments = accounts.get('Payments Prod')!;
  const iam = await session.client.sendRequest(accountIamRequest, { accountId: payments });
  assert.equal(iam.error, undefined);
  assert.equal(iam.readVia, `role arn:aws:iam::${payments}:role/OrganizationAccountAccessRole`);
  const byName = new Map(iam.principals.map((principal) => [principal.Name, principal]));
  assert.equal(byName.get('AWSServiceRoleForSSO')?.ServicePrincipal, 'sso.amazonaws.com');
  assert.equal(byName.get('CIDeploy')?.PermissionsBoundaryArn, `arn:aws:iam::${payments}:policy/boundaries/DeployBoundary`);
  assert.deepEqual(byName.get('CIDeploy')?.TrustedPrincipals, [`arn:aws:iam::${accounts.get('CI/CD')}:root`]);
  assert.deepEqual(byName.get('break-glass')?.Groups, ['Emergency']);

  const managed = await session.client.sendRequest(iamPolicyDocumentRequest, {
    accountId: payments, principal: { kind: 'role', name: 'AWSServiceRoleForSSO' }, document: { kind: 'managed', arn: 'arn:aws:iam::aws:policy/aws-service-role/AWSSSOServiceRolePolicy' },
  });
  assert.equal(managed.readOnly, true);
  assert.ok((JSON.parse(managed.content) as { Statement: unknown[] }).Statement.length > 0);
  const inline = await session.client.sendRequest(iamPolicyDocumentRequest, {
    accountId: payments, principal: { kind: 'role', name: 'CIDeploy' }, document: { kind: 'inline', name: 'PassDeploymentRoles' },
  });
  assert.equal(inline.readOnly, false);
  assert.match(inline.content, /iam:PassRole/);
});

test('the management account is read with its own credentials, and an invited account says why it cannot be read', async () => {
  const management = await session.client.sendRequest(accountIamRequest, { accountId: '111111111111' });
  assert.equal(management.readVia, "the connection's credentials");
  assert.ok(management.principals.some((principal) => principal.Name === 'Admin'));
  const invited = await session.client.sendRequest(accountIamRequest, { accountId: '444455556666' });
  assert.match(invited.error ?? '', /AccessDenied/);
  assert.deepEqual(invited.principals, []);
});

test('trusted access for a service creates its service-linked role in every account', async () => {
  const { roleName, accounts: count } = await session.client.sendRequest(serviceLinkedRolesRequest, { servicePrincipal: 'config.amazonaws.com' });
  assert.equal(roleName, 'AWSServiceRoleForConfig');
  assert.equal(count, accounts.size);
  assert.deepEqual(await session.client.sendRequest(serviceLinkedRolesRequest, { servicePrincipal: 'billing-cost-management.amazonaws.com' }), { roleName: null, accounts: 0 });
});

test('saving an inline policy puts it again; a trust policy, an AWS managed or a service-linked role\'s document is refused', async () => {
  const payments = accounts.get('Payments Prod')!;
  const target = { accountId: payments, principal: { kind: 'role' as const, name: 'CIDeploy' }, document: { kind: 'inline' as const, name: 'PassDeploymentRoles' } };
  const edited = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${payments}:role/app/*` }] }, null, 2);
  const { message } = await session.client.sendRequest(iamPolicyDocumentSaveRequest, { ...target, content: edited });
  assert.match(message, /PutRolePolicy/);
  assert.equal(JSON.parse((await session.client.sendRequest(iamPolicyDocumentRequest, target)).content).Statement[0].Resource, `arn:aws:iam::${payments}:role/app/*`);
  const iam = await iamAs(payments);
  const stored = await iam.send(new GetRolePolicyCommand({ RoleName: 'CIDeploy', PolicyName: 'PassDeploymentRoles' }));
  assert.equal(decodeURIComponent(stored.PolicyDocument!), edited, 'IAM keeps the document as the editor saved it');

  for (const [document, principal] of [
    [{ kind: 'trust' as const }, { kind: 'role' as const, name: 'CIDeploy' }],
    [{ kind: 'managed' as const, arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { kind: 'role' as const, name: 'ReadOnly' }],
    [{ kind: 'managed' as const, arn: 'arn:aws:iam::aws:policy/aws-service-role/AWSSSOServiceRolePolicy' }, { kind: 'role' as const, name: 'AWSServiceRoleForSSO' }],
  ] as const) {
    assert.equal((await session.client.sendRequest(iamPolicyDocumentRequest, { accountId: payments, principal, document })).readOnly, true);
    await assert.rejects(session.client.sendRequest(iamPolicyDocumentSaveRequest, { accountId: payments, principal, document, content: edited }), /cannot be saved/);
  }
  iam.destroy();
});

test('saving a customer managed policy makes a new default version, deleting the oldest non-default one when five are kept', async () => {
  const payments = accounts.get('Payments Prod')!;
  const arn = `arn:aws:iam::${payments}:policy/boundaries/DeployBoundary`;
  const iam = await iamAs(payments);
  const document = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
  for (const action of ['s3:*', 'ec2:*', 'lambda:*', 'sqs:*']) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: document(action) }));
  const target = { accountId: payments, principal: { kind: 'role' as const, name: 'CIDeploy' }, document: { kind: 'managed' as const, arn } };
  assert.equal((await session.client.sendRequest(iamPolicyDocumentRequest, target)).readOnly, false);
  const { message } = await session.client.sendRequest(iamPolicyDocumentSaveRequest, { ...target, content: document('dynamodb:*') });
  assert.match(message, /new default version, v6\. The policy kept 5 versions, so its oldest non-default version, v2, was deleted first/);
  const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!;
  assert.deepEqual(versions.map((version) => version.VersionId).sort(), ['v1', 'v3', 'v4', 'v5', 'v6'], 'v1 was the default, so v2 went');
  assert.equal(versions.find((version) => version.IsDefaultVersion)?.VersionId, 'v6');
  const saved = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }));
  assert.equal(decodeURIComponent(saved.PolicyVersion!.Document!), document('dynamodb:*'));
  iam.destroy();
});

test('a change to an account\'s IAM made through the endpoint is announced for that account, and read again', async () => {
  const payments = accounts.get('Payments Prod')!;
  const before = await session.client.sendRequest(accountIamRequest, { accountId: payments });
  assert.ok(!before.principals.some((principal) => principal.Name === 'MadeElsewhere'));
  const iam = await iamAs(payments);
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  await iam.send(new CreateRoleCommand({ RoleName: 'MadeElsewhere', AssumeRolePolicyDocument: trust }));
  iam.destroy();
  await poll('the change to be announced', () => changedIds.includes(iamNodeId(payments)) || undefined, 10_000);
  const after = await session.client.sendRequest(accountIamRequest, { accountId: payments });
  assert.ok(after.principals.some((principal) => principal.Name === 'MadeElsewhere'), 'the account is read again, without a refresh');
});
