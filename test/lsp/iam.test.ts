/**
 * IAM over LSP, through the built language server process: an account's roles and users read through the SDK (the
 * management account with its own credentials, a member by assuming OrganizationAccountAccessRole), a policy
 * document with whether it is read-only, an invited account that cannot be read and why, and the service-linked
 * role that trusted access creates.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  accountIamRequest, childrenRequest, iamPolicyDocumentRequest, resetEmbeddedRequest, rootsRequest, serviceLinkedRolesRequest, type OrganizationNode,
} from '../../server/src/protocol';
import { startServerProcess, type LspProcess } from '../support/languageServer';

let session: LspProcess;
const accounts = new Map<string, string>();

before(async () => {
  session = await startServerProcess({});
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
