/**
 * IAM and STS on the endpoint, driven by the real `@aws-sdk/client-iam` and `@aws-sdk/client-sts` over HTTP:
 * documents round-trip byte for byte, service-linked roles are AWS's alone, trusted access creates them in
 * member accounts, AssumeRole into OrganizationAccountAccessRole gives keys that act in the member account,
 * a role session is authorized as its role, SCPs govern members' IAM calls, and the policy simulator answers with the organization's decision.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, DeleteRoleCommand, DeleteServiceLinkedRoleCommand,
  GetAccountAuthorizationDetailsCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand,
  GetServiceLinkedRoleDeletionStatusCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolesCommand, PutRolePermissionsBoundaryCommand, PutRolePolicyCommand,
  SimulatePrincipalPolicyCommand, UpdateAssumeRolePolicyCommand, paginateGetAccountAuthorizationDetails, paginateListRoles,
} from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand, CreateAccountCommand, CreateOrganizationCommand, EnablePolicyTypeCommand, ListRootsCommand, CreatePolicyCommand as CreateScpCommand,
  DescribeCreateAccountStatusCommand, DescribeOrganizationCommand, EnableAWSServiceAccessCommand, LeaveOrganizationCommand, type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { poll } from '../support/poll';
import { managementAccountId, organizationsClient, rejection, startTestEndpoint, type TestEndpoint } from './support';

function iamClient(url: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = { accessKeyId: managementAccountId, secretAccessKey: 'local' }): IAMClient {
  return new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

const trust = (principal: object): string => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

/** Creates an account with CreateAccount and waits for it; returns its ID. */
async function createAccount(organizations: OrganizationsClient, name: string): Promise<string> {
  const { CreateAccountStatus } = await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name.toLowerCase()}@example.com` }));
  return poll('the account', async () => {
    const status = (await organizations.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus!.Id }))).CreateAccountStatus!;
    return status.State === 'SUCCEEDED' ? status.AccountId! : undefined;
  });
}

describe('IAM and STS on the endpoint, with the real SDK', () => {
  let endpoint: TestEndpoint;
  let organizations: OrganizationsClient;
  let member = '';

  before(async () => {
    endpoint = await startTestEndpoint({ timings: { accountCreationMs: 0 } });
    organizations = organizationsClient(endpoint.url);
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    // A new organization's root has no policy types, as on AWS: SCPs are enabled before any is attached.
    const roots = await organizations.send(new ListRootsCommand({}));
    await organizations.send(new EnablePolicyTypeCommand({ RootId: roots.Roots![0].Id, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    member = await createAccount(organizations, 'Workload');
  });
  after(() => endpoint.close());

  test('a role with an inline and an attached policy round-trips byte for byte', async () => {
    const iam = iamClient(endpoint.url, { accessKeyId: member, secretAccessKey: 'local' });
    // Odd spacing, key order and non-ASCII text must come back exactly as sent (URL-encoded, as IAM returns documents).
    const trustPolicy = '{"Version":"2012-10-17",  "Statement":[{"Sid":"Ec2","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
    const inline = '{\n  "Version": "2012-10-17",\n  "Statement": {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::bücher/*"}\n}';
    const managed = '{"Statement":[{"Effect":"Allow","Action":"dynamodb:Query","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}],"Version":"2012-10-17"}';
    const created = await iam.send(new CreateRoleCommand({ RoleName: 'App', Path: '/apps/', AssumeRolePolicyDocument: trustPolicy, Description: 'The app', Tags: [{ Key: 'team', Value: 'payments' }] }));
    assert.equal(created.Role?.Arn, `arn:aws:iam::${member}:role/apps/App`);
    assert.match(created.Role!.RoleId!, /^AROA[A-Z2-7]{17}$/);
    await iam.send(new PutRolePolicyCommand({ RoleName: 'App', PolicyName: 'read-books', PolicyDocument: inline }));
    const policy = await iam.send(new CreatePolicyCommand({ PolicyName: 'query-orders', PolicyDocument: managed }));
    assert.match(policy.Policy!.PolicyId!, /^ANPA/);
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'App', PolicyArn: policy.Policy!.Arn }));

    const role = (await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role!;
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument!), trustPolicy);
    assert.deepEqual(role.Tags, [{ Key: 'team', Value: 'payments' }]);
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'App', PolicyName: 'read-books' }));
    assert.equal(decodeURIComponent(got.PolicyDocument!), inline);
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'App' }));
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'query-orders', PolicyArn: `arn:aws:iam::${member}:policy/query-orders` }]);
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Policy!.Arn, VersionId: 'v1' }));
    assert.equal(decodeURIComponent(version.PolicyVersion!.Document!), managed);
    assert.equal(version.PolicyVersion!.IsDefaultVersion, true);

    const duplicate = await rejection(iam.send(new CreateRoleCommand({ RoleName: 'APP', AssumeRolePolicyDocument: trustPolicy })));
    assert.equal(duplicate.name, 'EntityAlreadyExistsException');
    assert.equal(duplicate.$metadata.httpStatusCode, 409);
    const malformed = await rejection(iam.send(new PutRolePolicyCommand({ RoleName: 'App', PolicyName: 'bad', PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}' })));
    assert.equal(malformed.name, 'MalformedPolicyDocumentException');
    const conflict = await rejection(iam.send(new DeleteRoleCommand({ RoleName: 'App' })));
    assert.equal(conflict.name, 'DeleteConflictException');
    const missing = await rejection(iam.send(new GetRoleCommand({ RoleName: 'Nobody' })));
    assert.equal(missing.name, 'NoSuchEntityException');
    assert.equal(missing.$metadata.httpStatusCode, 404);
    // Each account's IAM is its own: the management account does not see the member's role.
    const elsewhere = await rejection(iamClient(endpoint.url).send(new GetRoleCommand({ RoleName: 'App' })));
    assert.equal(elsewhere.name, 'NoSuchEntityException');
  });

  test('enabling trusted access creates the service-linked role in member accounts, which the account cannot change or delete', async () => {
    const iam = iamClient(endpoint.url, { accessKeyId: member, secretAccessKey: 'local' });
    const names = async () => (await iam.send(new ListRolesCommand({ PathPrefix: '/aws-service-role/' }))).Roles!.map((role) => role.RoleName);
    assert.deepEqual(await names(), ['AWSServiceRoleForOrganizations']);
    await organizations.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'config.amazonaws.com' }));
    assert.deepEqual(await names(), ['AWSServiceRoleForConfig', 'AWSServiceRoleForOrganizations']);
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForConfig' }))).Role!;
    assert.equal(role.Path, '/aws-service-role/config.amazonaws.com/');
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'AWSServiceRoleForConfig' }));
    assert.deepEqual(attached.AttachedPolicies?.map((policy) => policy.PolicyArn), ['arn:aws:iam::aws:policy/aws-service-role/AWSConfigServiceRolePolicy']);

    for (const change of [
      new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForConfig' }),
      new PutRolePolicyCommand({ RoleName: 'AWSServiceRoleForConfig', PolicyName: 'more', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }),
      new UpdateAssumeRolePolicyCommand({ RoleName: 'AWSServiceRoleForConfig', PolicyDocument: trust({ AWS: managementAccountId }) }),
    ]) {
      const error = await rejection(iam.send(change as never));
      assert.equal(error.name, 'UnmodifiableEntityException');
    }
    const task = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForConfig' }));
    const status = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: task.DeletionTaskId }));
    assert.equal(status.Status, 'FAILED');
    assert.deepEqual(await names(), ['AWSServiceRoleForConfig', 'AWSServiceRoleForOrganizations']);
  });

  test('AssumeRole into OrganizationAccountAccessRole gives keys that act in the created account', async () => {
    const sts = new STSClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: managementAccountId, secretAccessKey: 'local' }, maxAttempts: 1 });
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: 'admin' }));
    const credentials = assumed.Credentials!;
    assert.match(credentials.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(credentials.Expiration! > new Date());
    assert.equal(assumed.AssumedRoleUser?.Arn, `arn:aws:sts::${member}:assumed-role/OrganizationAccountAccessRole/admin`);
    const keys = { accessKeyId: credentials.AccessKeyId!, secretAccessKey: credentials.SecretAccessKey!, sessionToken: credentials.SessionToken! };
    const identity = await new STSClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: keys, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, member);
    assert.equal(identity.Arn, assumed.AssumedRoleUser?.Arn);
    const roles = (await iamClient(endpoint.url, keys).send(new ListRolesCommand({}))).Roles!.map((role) => role.RoleName);
    assert.ok(roles.includes('App') && roles.includes('OrganizationAccountAccessRole'), roles.join());

    // The role trusts the management account only: another account is refused.
    const outsider = new STSClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: '999999999999', secretAccessKey: 'local' }, maxAttempts: 1 });
    const refused = await rejection(outsider.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: 'intruder' })));
    assert.equal(refused.name, 'AccessDenied');
  });

  test('a role session is authorized as its role: its policies, its boundary and the SCPs of its account, refusals naming the action', async () => {
    const iam = iamClient(endpoint.url, { accessKeyId: member, secretAccessKey: 'local' });
    await iam.send(new CreateRoleCommand({ RoleName: 'Auditor', AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${managementAccountId}:root` }) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'Auditor', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const boundary = await iam.send(new CreatePolicyCommand({
      PolicyName: 'NoSecrets', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:GetAccountAuthorizationDetails', Resource: '*' }] }),
    }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'Auditor', PermissionsBoundary: boundary.Policy!.Arn }));
    const sts = new STSClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: managementAccountId, secretAccessKey: 'local' }, maxAttempts: 1 });
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/Auditor`, RoleSessionName: 'audit' }));
    const keys = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    const session = `arn:aws:sts::${member}:assumed-role/Auditor/audit`;

    // ReadOnlyAccess lets the role read IAM and Organizations, and nothing more.
    const asAuditor = iamClient(endpoint.url, keys);
    assert.ok((await asAuditor.send(new ListRolesCommand({}))).Roles!.some((role) => role.RoleName === 'Auditor'));
    const created = await rejection(asAuditor.send(new CreateRoleCommand({ RoleName: 'Sneaky', AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) })));
    assert.equal(created.name, 'AccessDenied');
    assert.equal(created.$metadata.httpStatusCode, 403);
    assert.equal(created.message, `User: ${session} is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${member}:role/Sneaky because no identity-based policy allows the iam:CreateRole action`);
    const bounded = await rejection(asAuditor.send(new GetAccountAuthorizationDetailsCommand({})));
    assert.equal(bounded.message, `User: ${session} is not authorized to perform: iam:GetAccountAuthorizationDetails with an explicit deny in a permissions boundary`);
    const asAuditorOrganizations = organizationsClient(endpoint.url, keys.accessKeyId, keys.secretAccessKey, { credentials: keys });
    assert.equal((await asAuditorOrganizations.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId, managementAccountId);
    const left = await rejection(asAuditorOrganizations.send(new LeaveOrganizationCommand({})));
    assert.equal(left.name, 'AccessDeniedException');
    assert.equal(left.message, `User: ${session} is not authorized to perform: organizations:LeaveOrganization because no identity-based policy allows the organizations:LeaveOrganization action`);
  });

  test('SCPs govern member accounts\' IAM calls, and the simulator reports the organization\'s decision', async () => {
    const iam = iamClient(endpoint.url, { accessKeyId: member, secretAccessKey: 'local' });
    const scp = await organizations.send(new CreateScpCommand({
      Name: 'DenyUsersAndTrails', Description: 'No IAM users, no stopping CloudTrail', Type: 'SERVICE_CONTROL_POLICY',
      Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['iam:CreateUser', 'cloudtrail:StopLogging'], Resource: '*' }] }),
    }));
    await organizations.send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id, TargetId: member }));
    await iam.send(new CreateRoleCommand({ RoleName: 'Fine', AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) }));
    const denied = await rejection(iam.send(new CreateUserCommand({ UserName: 'someone' })));
    assert.equal(denied.name, 'AccessDenied');
    assert.equal(denied.$metadata.httpStatusCode, 403);
    // An administrator's session in the account is held to the same SCP, and told so.
    const sts = new STSClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: managementAccountId, secretAccessKey: 'local' }, maxAttempts: 1 });
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: 'admin' }));
    const admin = iamClient(endpoint.url, { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! });
    const adminDenied = await rejection(admin.send(new CreateUserCommand({ UserName: 'someone' })));
    assert.equal(adminDenied.message, `User: arn:aws:sts::${member}:assumed-role/OrganizationAccountAccessRole/admin is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${member}:user/someone with an explicit deny in a service control policy`);

    await iam.send(new PutRolePolicyCommand({ RoleName: 'Fine', PolicyName: 'trails', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudtrail:*', Resource: '*' }] }) }));
    const simulated = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${member}:role/Fine`, ActionNames: ['cloudtrail:StopLogging', 'cloudtrail:LookupEvents', 's3:ListBucket'] }));
    const [stop, lookup, list] = simulated.EvaluationResults!;
    assert.equal(stop.EvalDecision, 'explicitDeny');
    assert.equal(stop.OrganizationsDecisionDetail?.AllowedByOrganizations, false);
    assert.equal(lookup.EvalDecision, 'allowed');
    assert.equal(lookup.OrganizationsDecisionDetail?.AllowedByOrganizations, true);
    assert.deepEqual(lookup.MatchedStatements?.map((statement) => [statement.SourcePolicyId, statement.SourcePolicyType]), [['trails', 'role']]);
    assert.equal(list.EvalDecision, 'implicitDeny');
  });

  test('lists and GetAccountAuthorizationDetails page with markers', async () => {
    const iam = iamClient(endpoint.url, { accessKeyId: member, secretAccessKey: 'local' });
    for (let index = 0; index < 7; index++) {
      await iam.send(new CreateRoleCommand({ RoleName: `Paged${index}`, AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) }));
    }
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListRoles({ client: iam, pageSize: 3 }, {})) {
      pages++;
      names.push(...page.Roles!.map((role) => role.RoleName!));
    }
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.includes('Paged6') && pages >= 4, `${pages} pages`);
    const details = { roles: 0, policies: 0 };
    for await (const page of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 4 }, { Filter: ['Role', 'LocalManagedPolicy', 'AWSManagedPolicy'] })) {
      details.roles += page.RoleDetailList!.length;
      details.policies += page.Policies!.length;
    }
    assert.equal(details.roles, names.length);
    const all = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    const app = all.RoleDetailList!.find((role) => role.RoleName === 'App')!;
    assert.deepEqual(app.RolePolicyList!.map((policy) => policy.PolicyName), ['read-books']);
    // The local policy and the AWS managed policies of the service-linked roles.
    assert.ok(details.policies >= 3, String(details.policies));
  });
});
