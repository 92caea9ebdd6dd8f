/**
 * IAM with Debian's AWS CLI v2 against `aws-organizations-local`: a role with an inline and an attached policy
 * round-trips, a service-linked role is refused to the account, enabling trusted access shows its role in a
 * member account, `aws sts assume-role` into OrganizationAccountAccessRole gives keys that list the member's
 * roles, and `aws iam simulate-principal-policy` reports the SCP's denial.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { poll } from '../support/poll';
import { awsCliRunner, startCommand, stop } from './support';

describe('IAM with the AWS CLI against aws-organizations-local', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'endpoint-iam-awscli-'));
  let command: ReturnType<typeof startCommand>;
  let url = '';
  const { ok, refused } = awsCliRunner(home, () => url);
  let member = '';
  const file = (name: string, content: object | string): string => {
    const target = path.join(home, name);
    fs.writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return `file://${target}`;
  };

  before(async () => {
    fs.writeFileSync(path.join(home, 'config'), '');
    fs.writeFileSync(path.join(home, 'credentials'), '');
    command = startCommand(['--port', '0']);
    url = (await command.lines)[0].replace('listening on ', '');
    ok(['organizations', 'create-organization', '--feature-set', 'ALL']);
    // A new organization's root has no policy types, as on AWS: SCPs are enabled before any is attached.
    const rootId = ok<{ Roots: { Id: string }[] }>(['organizations', 'list-roots']).Roots[0].Id;
    ok(['organizations', 'enable-policy-type', '--root-id', rootId, '--policy-type', 'SERVICE_CONTROL_POLICY']);
    const { CreateAccountStatus } = ok<{ CreateAccountStatus: { Id: string } }>(['organizations', 'create-account', '--account-name', 'Payments', '--email', 'payments@example.com']);
    member = await poll('the account', async () => {
      const status = ok<{ CreateAccountStatus: { State: string; AccountId?: string } }>(['organizations', 'describe-create-account-status', '--create-account-request-id', CreateAccountStatus.Id]).CreateAccountStatus;
      return status.State === 'SUCCEEDED' ? status.AccountId : undefined;
    });
  });
  after(async () => {
    await stop(command.child, 'SIGTERM');
    fs.rmSync(home, { recursive: true, force: true });
  });

  test('a role with an inline and an attached policy round-trips', () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const inline = { Version: '2012-10-17', Statement: [{ Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }] };
    const { Role } = ok<{ Role: { Arn: string; RoleId: string } }>(['iam', 'create-role', '--role-name', 'Deployer', '--assume-role-policy-document', file('trust.json', trust)], member);
    assert.equal(Role.Arn, `arn:aws:iam::${member}:role/Deployer`);
    ok(['iam', 'put-role-policy', '--role-name', 'Deployer', '--policy-name', 'logs', '--policy-document', file('inline.json', inline)], member);
    ok(['iam', 'attach-role-policy', '--role-name', 'Deployer', '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess'], member);
    // The CLI decodes IAM's URL-encoded documents and prints them as JSON.
    const role = ok<{ Role: { AssumeRolePolicyDocument: unknown; RoleId: string } }>(['iam', 'get-role', '--role-name', 'Deployer'], member).Role;
    assert.deepEqual(role.AssumeRolePolicyDocument, trust);
    assert.equal(role.RoleId, Role.RoleId);
    assert.deepEqual(ok<{ PolicyDocument: unknown }>(['iam', 'get-role-policy', '--role-name', 'Deployer', '--policy-name', 'logs'], member).PolicyDocument, inline);
    assert.deepEqual(ok<{ AttachedPolicies: unknown[] }>(['iam', 'list-attached-role-policies', '--role-name', 'Deployer'], member).AttachedPolicies,
      [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);
    refused(['iam', 'get-role', '--role-name', 'Nobody'], 'NoSuchEntity', 'GetRole', member);
  });

  test('a service-linked role cannot be deleted or edited by the account', () => {
    refused(['iam', 'delete-role', '--role-name', 'AWSServiceRoleForOrganizations'], 'UnmodifiableEntity', 'DeleteRole', member);
    refused(['iam', 'attach-role-policy', '--role-name', 'AWSServiceRoleForOrganizations', '--policy-arn', 'arn:aws:iam::aws:policy/AdministratorAccess'],
      'UnmodifiableEntity', 'AttachRolePolicy', member);
  });

  test('enable-aws-service-access shows the service-linked role in a member account\'s list-roles', () => {
    const names = () => ok<{ Roles: { RoleName: string }[] }>(['iam', 'list-roles'], member).Roles.map((role) => role.RoleName);
    assert.ok(!names().includes('AWSServiceRoleForCloudTrail'));
    ok(['organizations', 'enable-aws-service-access', '--service-principal', 'cloudtrail.amazonaws.com']);
    assert.ok(names().includes('AWSServiceRoleForCloudTrail'), names().join());
  });

  test('assume-role into OrganizationAccountAccessRole, then list-roles with the returned keys', () => {
    const { Credentials, AssumedRoleUser } = ok<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }; AssumedRoleUser: { Arn: string } }>(
      ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, '--role-session-name', 'ops']);
    assert.equal(AssumedRoleUser.Arn, `arn:aws:sts::${member}:assumed-role/OrganizationAccountAccessRole/ops`);
    const keys = { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken };
    assert.equal(ok<{ Arn: string }>(['sts', 'get-caller-identity'], keys).Arn, AssumedRoleUser.Arn);
    const roles = ok<{ Roles: { RoleName: string }[] }>(['iam', 'list-roles'], keys).Roles.map((role) => role.RoleName);
    assert.ok(roles.includes('Deployer') && roles.includes('OrganizationAccountAccessRole'), roles.join());
  });

  test('simulate-principal-policy answers explicitDeny for an action the SCP chain denies', () => {
    const { Policy } = ok<{ Policy: { PolicySummary: { Id: string } } }>(['organizations', 'create-policy', '--name', 'DenyStopLogging', '--description', 'Keep trails on',
      '--type', 'SERVICE_CONTROL_POLICY', '--content', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*' }] })]);
    ok(['organizations', 'attach-policy', '--policy-id', Policy.PolicySummary.Id, '--target-id', member]);
    const { EvaluationResults } = ok<{ EvaluationResults: { EvalActionName: string; EvalDecision: string; OrganizationsDecisionDetail?: { AllowedByOrganizations: boolean } }[] }>(
      ['iam', 'simulate-principal-policy', '--policy-source-arn', `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, '--action-names', 'cloudtrail:StopLogging', 'cloudtrail:DescribeTrails'], member);
    assert.equal(EvaluationResults[0].EvalDecision, 'explicitDeny');
    assert.equal(EvaluationResults[0].OrganizationsDecisionDetail?.AllowedByOrganizations, false);
    assert.equal(EvaluationResults[1].EvalDecision, 'allowed');
    assert.equal(EvaluationResults[1].OrganizationsDecisionDetail?.AllowedByOrganizations, true);
  });
});
