/**
 * The real `@aws-sdk/client-organizations` against the endpoint over HTTP, one test per operation group,
 * in the order an organization is built: every answer parsed by the SDK as it parses AWS's.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as sdk from '@aws-sdk/client-organizations';
import { managementAccountId, organizationsClient, rejection, startTestEndpoint, type TestEndpoint } from './support';

describe('Organizations over HTTP with the AWS SDK', () => {
  let endpoint: TestEndpoint;
  let now = Date.parse('2026-03-01T12:00:00Z');
  let management: sdk.OrganizationsClient;
  let rootId = '';
  let organizationalUnitId = '';
  let createdAccountId = '';
  const invitedAccountId = '222222222222';

  before(async () => {
    endpoint = await startTestEndpoint({ clock: () => new Date(now), timings: { accountCreationMs: 1000, accountClosureMs: 1000 } });
    management = organizationsClient(endpoint.url);
  });
  after(() => endpoint.close());

  test('organization: not in use, created, described, its root listed', async () => {
    const notInUse = await rejection(management.send(new sdk.DescribeOrganizationCommand({})));
    assert.ok(notInUse instanceof sdk.AWSOrganizationsNotInUseException);
    assert.equal(notInUse.message, 'Your account is not a member of an organization.');
    assert.equal(notInUse.$metadata.httpStatusCode, 400);
    assert.match(notInUse.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);

    const { Organization } = await management.send(new sdk.CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    assert.match(Organization?.Id ?? '', /^o-[a-z0-9]{10,32}$/);
    assert.equal(Organization?.MasterAccountId, managementAccountId);
    assert.equal(Organization?.FeatureSet, 'ALL');
    const described = await management.send(new sdk.DescribeOrganizationCommand({}));
    assert.deepEqual(described.Organization, Organization);

    const { Roots } = await management.send(new sdk.ListRootsCommand({}));
    assert.equal(Roots?.length, 1);
    rootId = Roots![0].Id!;
    assert.match(rootId, /^r-[0-9a-z]{4,32}$/);
    assert.equal(Roots![0].Name, 'Root');
    // As on AWS (Terraform's testAccOrganization_basic), a new root has no policy type enabled.
    assert.deepEqual(Roots![0].PolicyTypes, []);
    assert.deepEqual(Organization?.AvailablePolicyTypes, []);
  });

  test('structure: organizational units created, nested to depth 5, renamed, listed, deleted', async () => {
    const { OrganizationalUnit } = await management.send(new sdk.CreateOrganizationalUnitCommand({
      ParentId: rootId, Name: 'Workloads', Tags: [{ Key: 'team', Value: 'platform' }],
    }));
    organizationalUnitId = OrganizationalUnit!.Id!;
    assert.match(organizationalUnitId, /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/);
    assert.equal(OrganizationalUnit!.Name, 'Workloads');

    const duplicate = await rejection(management.send(new sdk.CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' })));
    assert.ok(duplicate instanceof sdk.DuplicateOrganizationalUnitException);

    let parentId = organizationalUnitId;
    for (const level of [2, 3, 4, 5]) {
      const created = await management.send(new sdk.CreateOrganizationalUnitCommand({ ParentId: parentId, Name: `Level${level}` }));
      parentId = created.OrganizationalUnit!.Id!;
    }
    const tooDeep = await rejection(management.send(new sdk.CreateOrganizationalUnitCommand({ ParentId: parentId, Name: 'Level6' })));
    assert.ok(tooDeep instanceof sdk.ConstraintViolationException);
    assert.equal(tooDeep.Reason, 'OU_DEPTH_LIMIT_EXCEEDED');

    const { Parents } = await management.send(new sdk.ListParentsCommand({ ChildId: parentId }));
    assert.equal(Parents?.[0].Type, 'ORGANIZATIONAL_UNIT');

    const renamed = await management.send(new sdk.UpdateOrganizationalUnitCommand({ OrganizationalUnitId: parentId, Name: 'Deepest' }));
    assert.equal(renamed.OrganizationalUnit?.Name, 'Deepest');
    const described = await management.send(new sdk.DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parentId }));
    assert.equal(described.OrganizationalUnit?.Name, 'Deepest');

    const { OrganizationalUnits } = await management.send(new sdk.ListOrganizationalUnitsForParentCommand({ ParentId: rootId }));
    assert.deepEqual(OrganizationalUnits?.map((unit) => unit.Name), ['Workloads']);
    const { Children } = await management.send(new sdk.ListChildrenCommand({ ParentId: rootId, ChildType: 'ORGANIZATIONAL_UNIT' }));
    assert.deepEqual(Children, [{ Id: organizationalUnitId, Type: 'ORGANIZATIONAL_UNIT' }]);

    await management.send(new sdk.DeleteOrganizationalUnitCommand({ OrganizationalUnitId: parentId }));
    const gone = await rejection(management.send(new sdk.DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parentId })));
    assert.ok(gone instanceof sdk.OrganizationalUnitNotFoundException);
  });

  test('accounts: created asynchronously, described with timestamps, paged, moved', async () => {
    const { CreateAccountStatus } = await management.send(new sdk.CreateAccountCommand({ Email: 'dev@example.com', AccountName: 'Dev' }));
    assert.equal(CreateAccountStatus?.State, 'IN_PROGRESS');
    assert.match(CreateAccountStatus?.Id ?? '', /^car-[a-z0-9]{8,32}$/);
    assert.ok(CreateAccountStatus?.RequestedTimestamp instanceof Date);
    assert.equal(CreateAccountStatus.RequestedTimestamp.getTime(), now);

    now += 2000;
    const status = await management.send(new sdk.DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus.Id }));
    assert.equal(status.CreateAccountStatus?.State, 'SUCCEEDED');
    createdAccountId = status.CreateAccountStatus!.AccountId!;
    assert.match(createdAccountId, /^\d{12}$/);

    const { Account } = await management.send(new sdk.DescribeAccountCommand({ AccountId: createdAccountId }));
    assert.equal(Account?.Name, 'Dev');
    assert.equal(Account?.JoinedMethod, 'CREATED');
    assert.ok(Account?.JoinedTimestamp instanceof Date);

    const firstPage = await management.send(new sdk.ListAccountsCommand({ MaxResults: 1 }));
    assert.equal(firstPage.Accounts?.length, 1);
    assert.ok(firstPage.NextToken);
    const secondPage = await management.send(new sdk.ListAccountsCommand({ MaxResults: 1, NextToken: firstPage.NextToken }));
    assert.notEqual(secondPage.Accounts?.[0].Id, firstPage.Accounts?.[0].Id);
    const badToken = await rejection(management.send(new sdk.ListAccountsCommand({ NextToken: 'not-a-token' })));
    assert.ok(badToken instanceof sdk.InvalidInputException);
    assert.equal(badToken.Reason, 'INVALID_NEXT_TOKEN');

    await management.send(new sdk.MoveAccountCommand({ AccountId: createdAccountId, SourceParentId: rootId, DestinationParentId: organizationalUnitId }));
    const { Accounts } = await management.send(new sdk.ListAccountsForParentCommand({ ParentId: organizationalUnitId }));
    assert.deepEqual(Accounts?.map((account) => account.Id), [createdAccountId]);
    const statuses = await management.send(new sdk.ListCreateAccountStatusCommand({ States: ['SUCCEEDED'] }));
    assert.equal(statuses.CreateAccountStatuses?.length, 1);
  });

  test('handshakes: invited, accepted by the invited account, declined, canceled', async () => {
    const invited = organizationsClient(endpoint.url, invitedAccountId);
    const { Handshake } = await management.send(new sdk.InviteAccountToOrganizationCommand({
      Target: { Type: 'ACCOUNT', Id: invitedAccountId }, Notes: 'Welcome',
    }));
    assert.equal(Handshake?.State, 'OPEN');
    assert.equal(Handshake?.Action, 'INVITE');
    assert.ok(Handshake?.ExpirationTimestamp instanceof Date);
    assert.equal(Handshake.ExpirationTimestamp.getTime() - Handshake.RequestedTimestamp!.getTime(), 15 * 24 * 3600 * 1000);

    const mine = await invited.send(new sdk.ListHandshakesForAccountCommand({}));
    assert.deepEqual(mine.Handshakes?.map((handshake) => handshake.Id), [Handshake.Id]);
    const notForMe = await rejection(management.send(new sdk.AcceptHandshakeCommand({ HandshakeId: Handshake.Id })));
    assert.ok(notForMe instanceof sdk.AccessDeniedException);
    const accepted = await invited.send(new sdk.AcceptHandshakeCommand({ HandshakeId: Handshake.Id }));
    assert.equal(accepted.Handshake?.State, 'ACCEPTED');
    const { Account } = await management.send(new sdk.DescribeAccountCommand({ AccountId: invitedAccountId }));
    assert.equal(Account?.JoinedMethod, 'INVITED');

    const again = await rejection(management.send(new sdk.InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: invitedAccountId } })));
    assert.ok(again instanceof sdk.HandshakeConstraintViolationException);
    assert.equal(again.Reason, 'ALREADY_IN_AN_ORGANIZATION');

    const declining = await management.send(new sdk.InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: '333333333333' } }));
    const declined = await organizationsClient(endpoint.url, '333333333333').send(new sdk.DeclineHandshakeCommand({ HandshakeId: declining.Handshake!.Id }));
    assert.equal(declined.Handshake?.State, 'DECLINED');
    const canceling = await management.send(new sdk.InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: '444444444444' } }));
    const canceled = await management.send(new sdk.CancelHandshakeCommand({ HandshakeId: canceling.Handshake!.Id }));
    assert.equal(canceled.Handshake?.State, 'CANCELED');
    const transition = await rejection(management.send(new sdk.CancelHandshakeCommand({ HandshakeId: canceling.Handshake!.Id })));
    assert.ok(transition instanceof sdk.HandshakeAlreadyInStateException);

    const { Handshakes } = await management.send(new sdk.ListHandshakesForOrganizationCommand({ Filter: { ActionType: 'INVITE' } }));
    assert.equal(Handshakes?.length, 3);
    const described = await management.send(new sdk.DescribeHandshakeCommand({ HandshakeId: declining.Handshake!.Id }));
    assert.equal(described.Handshake?.State, 'DECLINED');
  });

  test('policies: enabled, created, attached, listed, detached down to the minimum, updated, deleted', async () => {
    const content = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] });
    const { Policy } = await management.send(new sdk.CreatePolicyCommand({
      Name: 'DenyEc2', Description: 'No EC2', Type: 'SERVICE_CONTROL_POLICY', Content: content,
    }));
    const policyId = Policy!.PolicySummary!.Id!;
    assert.match(policyId, /^p-[0-9a-zA-Z_]{8,128}$/);
    assert.equal(Policy?.Content, content);

    // SCPs are not enabled in a new organization: attaching one waits for EnablePolicyType, which attaches
    // FullAWSAccess to the root, every OU and every account.
    const notEnabled = await rejection(management.send(new sdk.AttachPolicyCommand({ PolicyId: policyId, TargetId: organizationalUnitId })));
    assert.ok(notEnabled instanceof sdk.PolicyTypeNotEnabledException);
    const { Root } = await management.send(new sdk.EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    assert.deepEqual(Root?.PolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
    const everywhere = await management.send(new sdk.ListTargetsForPolicyCommand({ PolicyId: 'p-FullAWSAccess' }));
    const { Accounts: members } = await management.send(new sdk.ListAccountsCommand({}));
    const parents = [rootId];
    for (let index = 0; index < parents.length; index++) {
      const { OrganizationalUnits } = await management.send(new sdk.ListOrganizationalUnitsForParentCommand({ ParentId: parents[index] }));
      parents.push(...(OrganizationalUnits ?? []).map((unit) => unit.Id!));
    }
    const units = parents.slice(1);
    assert.equal(units.length, 4, 'Workloads and three of the nested levels are left');
    assert.deepEqual(everywhere.Targets?.map((target) => target.TargetId).sort(), [rootId, ...units, ...members!.map((account) => account.Id!)].sort());
    const again = await rejection(management.send(new sdk.EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })));
    assert.ok(again instanceof sdk.PolicyTypeAlreadyEnabledException);
    assert.equal(again.message, 'The specified policy type is already enabled.');

    await management.send(new sdk.AttachPolicyCommand({ PolicyId: policyId, TargetId: organizationalUnitId }));
    const duplicate = await rejection(management.send(new sdk.AttachPolicyCommand({ PolicyId: policyId, TargetId: organizationalUnitId })));
    assert.ok(duplicate instanceof sdk.DuplicatePolicyAttachmentException);
    const forTarget = await management.send(new sdk.ListPoliciesForTargetCommand({ TargetId: organizationalUnitId, Filter: 'SERVICE_CONTROL_POLICY' }));
    assert.deepEqual(forTarget.Policies?.map((policy) => policy.Name).sort(), ['DenyEc2', 'FullAWSAccess']);
    const { Targets } = await management.send(new sdk.ListTargetsForPolicyCommand({ PolicyId: policyId }));
    assert.deepEqual(Targets?.map((target) => target.TargetId), [organizationalUnitId]);
    const { Policies } = await management.send(new sdk.ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
    assert.equal(Policies?.length, 2);

    const lastOne = await rejection(management.send(new sdk.DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: createdAccountId })));
    assert.ok(lastOne instanceof sdk.ConstraintViolationException);
    assert.equal(lastOne.Reason, 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
    const inUse = await rejection(management.send(new sdk.DeletePolicyCommand({ PolicyId: policyId })));
    assert.ok(inUse instanceof sdk.PolicyInUseException);

    await management.send(new sdk.DetachPolicyCommand({ PolicyId: policyId, TargetId: organizationalUnitId }));
    const updated = await management.send(new sdk.UpdatePolicyCommand({ PolicyId: policyId, Name: 'DenyCompute' }));
    assert.equal(updated.Policy?.PolicySummary?.Name, 'DenyCompute');
    await management.send(new sdk.DeletePolicyCommand({ PolicyId: policyId }));
    const gone = await rejection(management.send(new sdk.DescribePolicyCommand({ PolicyId: policyId })));
    assert.ok(gone instanceof sdk.PolicyNotFoundException);
    const malformed = await rejection(management.send(new sdk.CreatePolicyCommand({
      Name: 'Broken', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: '{"Statement": [',
    })));
    assert.ok(malformed instanceof sdk.MalformedPolicyDocumentException);
  });

  test('management policies: a tag policy and the effective policy of an account', async () => {
    await management.send(new sdk.EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'TAG_POLICY' }));
    const content = JSON.stringify({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' } } } });
    const { Policy } = await management.send(new sdk.CreatePolicyCommand({ Name: 'Tags', Description: 'Cost centers', Type: 'TAG_POLICY', Content: content }));
    await management.send(new sdk.AttachPolicyCommand({ PolicyId: Policy!.PolicySummary!.Id!, TargetId: rootId }));
    const { EffectivePolicy } = await management.send(new sdk.DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: createdAccountId }));
    assert.equal(EffectivePolicy?.TargetId, createdAccountId);
    assert.equal(EffectivePolicy?.PolicyType, 'TAG_POLICY');
    assert.ok(EffectivePolicy?.LastUpdatedTimestamp instanceof Date);
    assert.deepEqual(JSON.parse(EffectivePolicy!.PolicyContent!), { tags: { costcenter: { tag_key: 'CostCenter' } } });
    const notForScps = await rejection(management.send(new sdk.DescribeEffectivePolicyCommand({ PolicyType: 'SERVICE_CONTROL_POLICY' as sdk.EffectivePolicyType, TargetId: createdAccountId })));
    assert.ok(notForScps instanceof sdk.InvalidInputException);

    // A tag policy enforced for accounts refuses a noncompliant TagResource.
    const enforced = JSON.stringify({ tags: { env: { tag_value: { '@@assign': ['dev', 'prod'] }, enforced_for: { '@@assign': ['organizations:account'] } } } });
    const { Policy: environments } = await management.send(new sdk.CreatePolicyCommand({ Name: 'Environments', Description: '', Type: 'TAG_POLICY', Content: enforced }));
    await management.send(new sdk.AttachPolicyCommand({ PolicyId: environments!.PolicySummary!.Id!, TargetId: rootId }));
    const violation = await rejection(management.send(new sdk.TagResourceCommand({ ResourceId: createdAccountId, Tags: [{ Key: 'env', Value: 'test' }] })));
    assert.ok(violation instanceof sdk.ConstraintViolationException);
    assert.equal(violation.Reason, 'TAG_POLICY_VIOLATION');
    const { Accounts } = await management.send(new sdk.ListAccountsWithInvalidEffectivePolicyCommand({ PolicyType: 'TAG_POLICY' }));
    assert.deepEqual(Accounts, []);
    await management.send(new sdk.DetachPolicyCommand({ PolicyId: environments!.PolicySummary!.Id!, TargetId: rootId }));
    await management.send(new sdk.DeletePolicyCommand({ PolicyId: environments!.PolicySummary!.Id! }));
  });

  test('services: trusted access and delegated administrators', async () => {
    const servicePrincipal = 'securityhub.amazonaws.com';
    await management.send(new sdk.EnableAWSServiceAccessCommand({ ServicePrincipal: servicePrincipal }));
    const { EnabledServicePrincipals } = await management.send(new sdk.ListAWSServiceAccessForOrganizationCommand({}));
    assert.equal(EnabledServicePrincipals?.[0].ServicePrincipal, servicePrincipal);
    assert.ok(EnabledServicePrincipals?.[0].DateEnabled instanceof Date);

    await management.send(new sdk.RegisterDelegatedAdministratorCommand({ AccountId: createdAccountId, ServicePrincipal: servicePrincipal }));
    const { DelegatedAdministrators } = await management.send(new sdk.ListDelegatedAdministratorsCommand({ ServicePrincipal: servicePrincipal }));
    assert.deepEqual(DelegatedAdministrators?.map((admin) => admin.Id), [createdAccountId]);
    const { DelegatedServices } = await management.send(new sdk.ListDelegatedServicesForAccountCommand({ AccountId: createdAccountId }));
    assert.deepEqual(DelegatedServices?.map((service) => service.ServicePrincipal), [servicePrincipal]);
    const twice = await rejection(management.send(new sdk.RegisterDelegatedAdministratorCommand({ AccountId: createdAccountId, ServicePrincipal: servicePrincipal })));
    assert.ok(twice instanceof sdk.AccountAlreadyRegisteredException);
    const self = await rejection(management.send(new sdk.RegisterDelegatedAdministratorCommand({ AccountId: managementAccountId, ServicePrincipal: servicePrincipal })));
    assert.ok(self instanceof sdk.ConstraintViolationException);
    assert.equal(self.Reason, 'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR');

    await management.send(new sdk.DeregisterDelegatedAdministratorCommand({ AccountId: createdAccountId, ServicePrincipal: servicePrincipal }));
    await management.send(new sdk.DisableAWSServiceAccessCommand({ ServicePrincipal: servicePrincipal }));
    const after = await management.send(new sdk.ListAWSServiceAccessForOrganizationCommand({}));
    assert.deepEqual(after.EnabledServicePrincipals, []);
  });

  test('tags and the delegation resource policy', async () => {
    await management.send(new sdk.TagResourceCommand({ ResourceId: createdAccountId, Tags: [{ Key: 'env', Value: 'dev' }] }));
    const { Tags } = await management.send(new sdk.ListTagsForResourceCommand({ ResourceId: createdAccountId }));
    assert.deepEqual(Tags, [{ Key: 'env', Value: 'dev' }]);
    await management.send(new sdk.UntagResourceCommand({ ResourceId: createdAccountId, TagKeys: ['env'] }));
    assert.deepEqual((await management.send(new sdk.ListTagsForResourceCommand({ ResourceId: createdAccountId }))).Tags, []);

    const content = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'Read', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${createdAccountId}:root` },
        Action: ['organizations:DescribeOrganization', 'organizations:ListAccounts'], Resource: '*',
      }],
    });
    const put = await management.send(new sdk.PutResourcePolicyCommand({ Content: content }));
    assert.match(put.ResourcePolicy?.ResourcePolicySummary?.Id ?? '', /^rp-/);
    const described = await management.send(new sdk.DescribeResourcePolicyCommand({}));
    assert.equal(described.ResourcePolicy?.Content, content);
    await management.send(new sdk.DeleteResourcePolicyCommand({}));
    const gone = await rejection(management.send(new sdk.DescribeResourcePolicyCommand({})));
    assert.ok(gone instanceof sdk.ResourcePolicyNotFoundException);
  });

  test('partitions: a client of cn-north-1 reads every ARN in aws-cn, one of us-gov-west-1 in aws-us-gov', async () => {
    const china = organizationsClient(endpoint.url, managementAccountId, 'local', { region: 'cn-north-1' });
    const prefix = `arn:aws-cn:organizations::${managementAccountId}:`;
    const { Organization } = await china.send(new sdk.DescribeOrganizationCommand({}));
    assert.ok(Organization?.Arn?.startsWith(`${prefix}organization/`), Organization?.Arn);
    assert.ok(Organization?.MasterAccountArn?.startsWith(`${prefix}account/`), Organization?.MasterAccountArn);
    const { Roots } = await china.send(new sdk.ListRootsCommand({}));
    assert.equal(Roots?.[0].Arn, `${prefix}root/${Organization!.Id}/${rootId}`);
    const { OrganizationalUnit } = await china.send(new sdk.DescribeOrganizationalUnitCommand({ OrganizationalUnitId: organizationalUnitId }));
    assert.equal(OrganizationalUnit?.Arn, `${prefix}ou/${Organization!.Id}/${organizationalUnitId}`);
    const { Account } = await china.send(new sdk.DescribeAccountCommand({ AccountId: createdAccountId }));
    assert.equal(Account?.Arn, `${prefix}account/${Organization!.Id}/${createdAccountId}`);
    const { Policies } = await china.send(new sdk.ListPoliciesCommand({ Filter: 'TAG_POLICY' }));
    assert.ok(Policies?.length && Policies.every((policy) => policy.Arn === `${prefix}policy/${Organization!.Id}/tag_policy/${policy.Id}`), JSON.stringify(Policies));
    const { Policy } = await china.send(new sdk.DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }));
    assert.equal(Policy?.PolicySummary?.Arn, 'arn:aws-cn:organizations::aws:policy/service_control_policy/p-FullAWSAccess');
    const { Handshakes } = await china.send(new sdk.ListHandshakesForOrganizationCommand({}));
    assert.ok(Handshakes?.length && Handshakes.every((handshake) => handshake.Arn === `${prefix}handshake/${Organization!.Id}/invite/${handshake.Id}`), JSON.stringify(Handshakes));

    const govCloud = organizationsClient(endpoint.url, managementAccountId, 'local', { region: 'us-gov-west-1' });
    const { Targets } = await govCloud.send(new sdk.ListTargetsForPolicyCommand({ PolicyId: 'p-FullAWSAccess' }));
    assert.ok(Targets?.every((target) => target.Arn?.startsWith(`arn:aws-us-gov:organizations::${managementAccountId}:`)), JSON.stringify(Targets));
    // The commercial partition's client still reads aws ARNs from the same organization.
    assert.ok((await management.send(new sdk.DescribeOrganizationCommand({}))).Organization?.Arn?.startsWith('arn:aws:organizations::'));
  });

  test('input that does not match the required pattern is answered with AWS\'s fixed sentence', async () => {
    for (const call of [
      management.send(new sdk.ListChildrenCommand({ ParentId: '<ROOT_OU_ID>', ChildType: 'ACCOUNT' })),
      management.send(new sdk.DescribeAccountCommand({ AccountId: '1234' })),
      management.send(new sdk.ListTagsForResourceCommand({ ResourceId: '000x00000A00' })),
    ]) {
      const error = await rejection(call);
      assert.ok(error instanceof sdk.InvalidInputException, error.name);
      assert.equal(error.Reason, 'INVALID_PATTERN');
      assert.equal(error.message, 'You provided a value that does not match the required pattern.');
    }
  });

  test('member accounts: refused management operations, may leave; accounts removed and closed', async () => {
    const invited = organizationsClient(endpoint.url, invitedAccountId);
    const refused = await rejection(invited.send(new sdk.CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Mine' })));
    assert.ok(refused instanceof sdk.AccessDeniedException);
    const organization = await invited.send(new sdk.DescribeOrganizationCommand({}));
    assert.equal(organization.Organization?.MasterAccountId, managementAccountId);
    const managementCannotLeave = await rejection(management.send(new sdk.LeaveOrganizationCommand({})));
    assert.ok(managementCannotLeave instanceof sdk.MasterCannotLeaveOrganizationException);

    await management.send(new sdk.RemoveAccountFromOrganizationCommand({ AccountId: invitedAccountId }));
    const removed = await rejection(invited.send(new sdk.DescribeOrganizationCommand({})));
    assert.ok(removed instanceof sdk.AWSOrganizationsNotInUseException);

    await management.send(new sdk.CloseAccountCommand({ AccountId: createdAccountId }));
    const closing = await management.send(new sdk.DescribeAccountCommand({ AccountId: createdAccountId }));
    assert.equal(closing.Account?.State, 'PENDING_CLOSURE');
  });

  test('responsibility transfers: listed (none yet)', async () => {
    const inbound = await management.send(new sdk.ListInboundResponsibilityTransfersCommand({ Type: 'BILLING' }));
    assert.deepEqual(inbound.ResponsibilityTransfers ?? [], []);
    const outbound = await management.send(new sdk.ListOutboundResponsibilityTransfersCommand({ Type: 'BILLING' }));
    assert.deepEqual(outbound.ResponsibilityTransfers ?? [], []);
  });
});

describe('DeleteOrganization over HTTP', () => {
  test('an empty organization is deleted, then no longer in use', async () => {
    const endpoint = await startTestEndpoint();
    try {
      const client = organizationsClient(endpoint.url);
      await client.send(new sdk.CreateOrganizationCommand({}));
      await client.send(new sdk.DeleteOrganizationCommand({}));
      const error = await rejection(client.send(new sdk.DescribeOrganizationCommand({})));
      assert.ok(error instanceof sdk.AWSOrganizationsNotInUseException);
    } finally {
      await endpoint.close();
    }
  });
});
