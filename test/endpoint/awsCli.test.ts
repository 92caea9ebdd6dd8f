/**
 * A scripted scenario with Debian's AWS CLI v2 (`/usr/bin/aws`) against `aws-organizations-local`, each
 * command with an isolated HOME and config, fake keys and the endpoint URL: the organization, an OU path
 * to depth 5 and the refused sixth level, created and invited accounts, an invitation accepted with the
 * invited account's own credentials, SCPs attached and detached, trusted access, a delegated
 * administrator and an effective tag policy. Every output is checked.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { poll } from '../support/poll';
import { awsCliRunner, managementAccountId, startCommand, stop } from './support';

describe('the AWS CLI against aws-organizations-local', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'endpoint-awscli-'));
  let command: ReturnType<typeof startCommand>;
  let url = '';

  before(async () => {
    fs.writeFileSync(path.join(home, 'config'), '');
    fs.writeFileSync(path.join(home, 'credentials'), '');
    command = startCommand(['--port', '0']);
    url = (await command.lines)[0].replace('listening on ', '');
  });
  after(async () => {
    await stop(command.child, 'SIGTERM');
    fs.rmSync(home, { recursive: true, force: true });
  });

  const { ok, refused } = awsCliRunner(home, () => url);

  let rootId = '';
  let firstUnitId = '';
  let createdAccountId = '';
  const invitedAccountId = '222222222222';

  test('the CLI identifies itself through STS and creates the organization', () => {
    const identity = ok<{ Account: string; Arn: string }>(['sts', 'get-caller-identity']);
    assert.equal(identity.Account, managementAccountId);
    assert.equal(identity.Arn, `arn:aws:iam::${managementAccountId}:root`);

    refused(['organizations', 'describe-organization'], 'AWSOrganizationsNotInUseException', 'DescribeOrganization');
    const { Organization } = ok<{ Organization: { Id: string; MasterAccountId: string; FeatureSet: string } }>(
      ['organizations', 'create-organization', '--feature-set', 'ALL']);
    assert.match(Organization.Id, /^o-[a-z0-9]{10,32}$/);
    assert.equal(Organization.MasterAccountId, managementAccountId);
    assert.equal(Organization.FeatureSet, 'ALL');
    const { Roots } = ok<{ Roots: { Id: string; Name: string; PolicyTypes: unknown[] }[] }>(['organizations', 'list-roots']);
    assert.equal(Roots.length, 1);
    assert.equal(Roots[0].Name, 'Root');
    // As on AWS, the new root has no policy type enabled (Terraform's testAccOrganization_basic asserts the same).
    assert.deepEqual(Roots[0].PolicyTypes, []);
    rootId = Roots[0].Id;
  });

  test('the ARNs of a request signed for a Region of another partition are in that partition', () => {
    const china = ok<{ Organization: { Arn: string; MasterAccountArn: string } }>(['organizations', 'describe-organization'], managementAccountId, 'cn-north-1');
    assert.match(china.Organization.Arn, new RegExp(`^arn:aws-cn:organizations::${managementAccountId}:organization/o-[a-z0-9]+$`));
    assert.match(china.Organization.MasterAccountArn, /^arn:aws-cn:organizations::/);
    const { Roots } = ok<{ Roots: { Arn: string }[] }>(['organizations', 'list-roots'], managementAccountId, 'us-gov-west-1');
    assert.match(Roots[0].Arn, new RegExp(`^arn:aws-us-gov:organizations::${managementAccountId}:root/o-[a-z0-9]+/${rootId}$`));
    const identity = ok<{ Arn: string }>(['sts', 'get-caller-identity'], managementAccountId, 'cn-north-1');
    assert.equal(identity.Arn, `arn:aws-cn:iam::${managementAccountId}:root`);
  });

  test('a value that does not match the required pattern is answered with AWS\'s sentence', () => {
    const stderr = refused(['organizations', 'list-children', '--parent-id', '<ROOT_OU_ID>', '--child-type', 'ACCOUNT'], 'InvalidInputException', 'ListChildren');
    assert.match(stderr, /: You provided a value that does not match the required pattern\.\n?$/);
  });

  test('a nested OU path to depth 5, and the sixth level refused', () => {
    let parentId = rootId;
    for (let level = 1; level <= 5; level++) {
      const { OrganizationalUnit } = ok<{ OrganizationalUnit: { Id: string; Name: string; Arn: string } }>(
        ['organizations', 'create-organizational-unit', '--parent-id', parentId, '--name', `Level${level}`]);
      assert.match(OrganizationalUnit.Id, /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/);
      assert.equal(OrganizationalUnit.Name, `Level${level}`);
      assert.match(OrganizationalUnit.Arn, new RegExp(`^arn:aws:organizations::${managementAccountId}:ou/o-[a-z0-9]+/${OrganizationalUnit.Id}$`));
      if (level === 1) firstUnitId = OrganizationalUnit.Id;
      parentId = OrganizationalUnit.Id;
    }
    refused(['organizations', 'create-organizational-unit', '--parent-id', parentId, '--name', 'Level6'],
      'ConstraintViolationException', 'CreateOrganizationalUnit');
    const { Parents } = ok<{ Parents: { Id: string; Type: string }[] }>(['organizations', 'list-parents', '--child-id', parentId]);
    assert.equal(Parents[0].Type, 'ORGANIZATIONAL_UNIT');
  });

  test('an account created, and its creation followed to SUCCEEDED', async () => {
    const { CreateAccountStatus } = ok<{ CreateAccountStatus: { Id: string; State: string; RequestedTimestamp: string } }>(
      ['organizations', 'create-account', '--email', 'dev@example.com', '--account-name', 'Dev']);
    assert.equal(CreateAccountStatus.State, 'IN_PROGRESS');
    // The CLI parsed the epoch-seconds timestamp and prints it as ISO 8601.
    assert.ok(!Number.isNaN(Date.parse(CreateAccountStatus.RequestedTimestamp)), CreateAccountStatus.RequestedTimestamp);
    const succeeded = await poll('the account creation to succeed', async () => {
      const { CreateAccountStatus: status } = ok<{ CreateAccountStatus: { State: string; AccountId?: string } }>(
        ['organizations', 'describe-create-account-status', '--create-account-request-id', CreateAccountStatus.Id]);
      return status.State === 'IN_PROGRESS' ? undefined : status;
    }, 30_000);
    assert.equal(succeeded.State, 'SUCCEEDED');
    createdAccountId = succeeded.AccountId!;
    assert.match(createdAccountId, /^\d{12}$/);
    const { Account } = ok<{ Account: { Name: string; Email: string; JoinedMethod: string; Status: string } }>(
      ['organizations', 'describe-account', '--account-id', createdAccountId]);
    assert.equal(Account.Name, 'Dev');
    assert.equal(Account.Email, 'dev@example.com');
    assert.equal(Account.JoinedMethod, 'CREATED');
  });

  test('an account invited, and the invitation accepted with its own credentials', () => {
    const { Handshake } = ok<{ Handshake: { Id: string; State: string; Action: string; Parties: { Id: string; Type: string }[] } }>(
      ['organizations', 'invite-account-to-organization', '--target', `Id=${invitedAccountId},Type=ACCOUNT`, '--notes', 'Join us']);
    assert.match(Handshake.Id, /^h-[0-9a-z]{8,32}$/);
    assert.equal(Handshake.State, 'OPEN');
    assert.equal(Handshake.Action, 'INVITE');
    assert.ok(Handshake.Parties.some((party) => party.Type === 'ACCOUNT' && party.Id === invitedAccountId));

    const invited = ok<{ Account: string }>(['sts', 'get-caller-identity'], invitedAccountId);
    assert.equal(invited.Account, invitedAccountId);
    const { Handshakes } = ok<{ Handshakes: { Id: string }[] }>(['organizations', 'list-handshakes-for-account'], invitedAccountId);
    assert.deepEqual(Handshakes.map((handshake) => handshake.Id), [Handshake.Id]);
    const accepted = ok<{ Handshake: { State: string } }>(['organizations', 'accept-handshake', '--handshake-id', Handshake.Id], invitedAccountId);
    assert.equal(accepted.Handshake.State, 'ACCEPTED');

    const { Account } = ok<{ Account: { Id: string; JoinedMethod: string } }>(['organizations', 'describe-account', '--account-id', invitedAccountId]);
    assert.equal(Account.JoinedMethod, 'INVITED');
    const member = ok<{ Organization: { MasterAccountId: string } }>(['organizations', 'describe-organization'], invitedAccountId);
    assert.equal(member.Organization.MasterAccountId, managementAccountId);
    const { Accounts } = ok<{ Accounts: { Id: string }[] }>(['organizations', 'list-accounts']);
    assert.deepEqual(Accounts.map((account) => account.Id).sort(), [managementAccountId, createdAccountId, invitedAccountId].sort());
  });

  test('SCPs enabled: FullAWSAccess attached to the root, every OU and every account; an SCP attached, listed and detached', () => {
    const { Root } = ok<{ Root: { PolicyTypes: { Type: string; Status: string }[] } }>(
      ['organizations', 'enable-policy-type', '--root-id', rootId, '--policy-type', 'SERVICE_CONTROL_POLICY']);
    assert.deepEqual(Root.PolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
    const { Targets } = ok<{ Targets: { TargetId: string; Type: string }[] }>(['organizations', 'list-targets-for-policy', '--policy-id', 'p-FullAWSAccess']);
    const { Accounts } = ok<{ Accounts: { Id: string }[] }>(['organizations', 'list-accounts']);
    assert.equal(Targets.filter((target) => target.Type === 'ORGANIZATIONAL_UNIT').length, 5, 'the five nested OUs');
    assert.deepEqual(Targets.filter((target) => target.Type === 'ACCOUNT').map((target) => target.TargetId).sort(), Accounts.map((account) => account.Id).sort());
    assert.deepEqual(Targets.filter((target) => target.Type === 'ROOT').map((target) => target.TargetId), [rootId]);

    const content = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] });
    const { Policy } = ok<{ Policy: { PolicySummary: { Id: string; Name: string; Type: string; AwsManaged: boolean }; Content: string } }>(
      ['organizations', 'create-policy', '--name', 'DenyEc2', '--description', 'No EC2', '--type', 'SERVICE_CONTROL_POLICY', '--content', content]);
    assert.match(Policy.PolicySummary.Id, /^p-[0-9a-zA-Z_]{8,128}$/);
    assert.equal(Policy.PolicySummary.AwsManaged, false);
    assert.deepEqual(JSON.parse(Policy.Content), JSON.parse(content));

    const attached = ok(['organizations', 'attach-policy', '--policy-id', Policy.PolicySummary.Id, '--target-id', firstUnitId]);
    assert.deepEqual(attached, {});
    const listed = ok<{ Policies: { Id: string; Name: string }[] }>(
      ['organizations', 'list-policies-for-target', '--target-id', firstUnitId, '--filter', 'SERVICE_CONTROL_POLICY']);
    assert.deepEqual(listed.Policies.map((policy) => policy.Name).sort(), ['DenyEc2', 'FullAWSAccess']);
    refused(['organizations', 'attach-policy', '--policy-id', Policy.PolicySummary.Id, '--target-id', firstUnitId],
      'DuplicatePolicyAttachmentException', 'AttachPolicy');

    ok(['organizations', 'detach-policy', '--policy-id', Policy.PolicySummary.Id, '--target-id', firstUnitId]);
    const after = ok<{ Policies: { Name: string }[] }>(
      ['organizations', 'list-policies-for-target', '--target-id', firstUnitId, '--filter', 'SERVICE_CONTROL_POLICY']);
    assert.deepEqual(after.Policies.map((policy) => policy.Name), ['FullAWSAccess']);
    refused(['organizations', 'detach-policy', '--policy-id', 'p-FullAWSAccess', '--target-id', firstUnitId],
      'ConstraintViolationException', 'DetachPolicy');
  });

  test('trusted access enabled and a delegated administrator registered', () => {
    const servicePrincipal = 'securityhub.amazonaws.com';
    ok(['organizations', 'enable-aws-service-access', '--service-principal', servicePrincipal]);
    const { EnabledServicePrincipals } = ok<{ EnabledServicePrincipals: { ServicePrincipal: string; DateEnabled: string }[] }>(
      ['organizations', 'list-aws-service-access-for-organization']);
    assert.equal(EnabledServicePrincipals[0].ServicePrincipal, servicePrincipal);
    assert.ok(!Number.isNaN(Date.parse(EnabledServicePrincipals[0].DateEnabled)));

    ok(['organizations', 'register-delegated-administrator', '--account-id', createdAccountId, '--service-principal', servicePrincipal]);
    const { DelegatedAdministrators } = ok<{ DelegatedAdministrators: { Id: string; Name: string }[] }>(
      ['organizations', 'list-delegated-administrators', '--service-principal', servicePrincipal]);
    assert.deepEqual(DelegatedAdministrators.map((admin) => [admin.Id, admin.Name]), [[createdAccountId, 'Dev']]);
    const { DelegatedServices } = ok<{ DelegatedServices: { ServicePrincipal: string }[] }>(
      ['organizations', 'list-delegated-services-for-account', '--account-id', createdAccountId]);
    assert.deepEqual(DelegatedServices.map((service) => service.ServicePrincipal), [servicePrincipal]);
  });

  test('an effective tag policy described for an account', () => {
    const { Root } = ok<{ Root: { PolicyTypes: { Type: string; Status: string }[] } }>(
      ['organizations', 'enable-policy-type', '--root-id', rootId, '--policy-type', 'TAG_POLICY']);
    assert.ok(Root.PolicyTypes.some((type) => type.Type === 'TAG_POLICY' && type.Status === 'ENABLED'));
    const content = JSON.stringify({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['100', '200'] } } } });
    const { Policy } = ok<{ Policy: { PolicySummary: { Id: string } } }>(
      ['organizations', 'create-policy', '--name', 'CostCenters', '--description', 'Cost center tags', '--type', 'TAG_POLICY', '--content', content]);
    ok(['organizations', 'attach-policy', '--policy-id', Policy.PolicySummary.Id, '--target-id', rootId]);
    const { EffectivePolicy } = ok<{ EffectivePolicy: { PolicyContent: string; TargetId: string; PolicyType: string; LastUpdatedTimestamp: string } }>(
      ['organizations', 'describe-effective-policy', '--policy-type', 'TAG_POLICY', '--target-id', createdAccountId]);
    assert.equal(EffectivePolicy.TargetId, createdAccountId);
    assert.equal(EffectivePolicy.PolicyType, 'TAG_POLICY');
    assert.ok(!Number.isNaN(Date.parse(EffectivePolicy.LastUpdatedTimestamp)));
    assert.deepEqual(JSON.parse(EffectivePolicy.PolicyContent), { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200'] } } });
  });
});
