import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { evaluatePrincipal, organizationPath, PrincipalFacts } from '../../../server/src/permissions/principals';
import { ids, policy, sampleOrganization } from './sampleOrganization';

// A differential test of the evaluator for principals against AWS's documented evaluation examples: each test
// names the page it follows.

const scp = (Id: string, Name: string, ...statements: object[]) => policy(Id, Name, 'SERVICE_CONTROL_POLICY', ...statements);
const rcp = (Id: string, Name: string, ...statements: object[]) => policy(Id, Name, 'RESOURCE_CONTROL_POLICY', ...statements);
const document = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const administratorAccess = { Name: 'AdministratorAccess', Document: document({ Effect: 'Allow', Action: '*', Resource: '*' }) };

function role(name: string, more: Partial<PrincipalFacts> = {}): PrincipalFacts {
  const accountId = more.accountId ?? ids.prodAccount;
  return {
    kind: 'role', accountId, name, arn: `arn:aws:iam::${accountId}:role/${name}`, id: `AROA${name.toUpperCase()}`, tags: {}, serviceLinked: false,
    identityPolicies: [administratorAccess], ...more,
  };
}

const evaluationLogic = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html';
const boundaries = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html';
const scpEvaluation = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html';
const scps = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html';
const rcps = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html';
const rcpEvaluation = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html';
const globalKeys = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';
const getCallerIdentity = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html';

test(`${evaluationLogic}: by default every request is implicitly denied; an identity policy's Allow grants it`, () => {
  const organization = sampleOrganization();
  const none = evaluatePrincipal(organization, role('Empty', { identityPolicies: [] }), { action: 's3:GetObject' });
  assert.equal(none.decision.decision, 'implicitDeny');
  assert.equal(none.reason, 'identity', 'not granted by IAM');
  const reader = role('Reader', { identityPolicies: [{ Name: 'ReadObjects', Document: document({ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }] });
  const allowed = evaluatePrincipal(organization, reader, { action: 's3:GetObject' });
  assert.equal(allowed.reason, 'allowed');
  assert.deepEqual(allowed.statements.map((statement) => [statement.policyName, statement.Sid]), [['ReadObjects', 'Read']]);
});

test(`${evaluationLogic}: an explicit deny in any policy overrides any allow`, () => {
  const denied = role('Admin', {
    identityPolicies: [administratorAccess, { Name: 'NoDeletes', Document: document({ Sid: 'NoBucketDeletion', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }) }],
  });
  const verdict = evaluatePrincipal(sampleOrganization(), denied, { action: 's3:DeleteBucket' });
  assert.equal(verdict.decision.decision, 'explicitDeny');
  assert.equal(verdict.reason, 'identity');
  assert.deepEqual(verdict.statements.map((statement) => statement.Sid), ['NoBucketDeletion']);
});

// The page's example: a boundary allowing Amazon S3, CloudWatch and Amazon EC2, and an identity policy allowing
// iam:CreateUser; "the user cannot perform any operations in IAM" as the boundary does not allow it.
test(`${boundaries}: the effective permissions are the intersection of the identity policies and the boundary`, () => {
  const organization = sampleOrganization();
  const shirley = role('ShirleyRodriguez', {
    identityPolicies: [{ Name: 'CreateUsers', Document: document({ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }) }],
    permissionsBoundary: { Name: 'BoundaryS3CloudWatchEC2', Document: document({ Effect: 'Allow', Action: ['s3:*', 'cloudwatch:*', 'ec2:*'], Resource: '*' }) },
  });
  const createUser = evaluatePrincipal(organization, shirley, { action: 'iam:CreateUser' });
  assert.equal(createUser.decision.decision, 'implicitDeny');
  assert.equal(createUser.reason, 'boundary', 'cut by the permissions boundary');
  assert.equal(evaluatePrincipal(organization, shirley, { action: 's3:GetObject' }).reason, 'identity', 'the boundary alone grants nothing');
});

test(`${scpEvaluation}: a Deny at an OU denies every principal of the accounts below, however IAM grants it`, () => {
  const organization = sampleOrganization({
    policies: [scp('p-denydelete', 'DenyBucketDeletion', { Sid: 'DenyDelete', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' })],
    attachments: [{ PolicyId: 'p-denydelete', TargetId: ids.workloads }],
  });
  const verdict = evaluatePrincipal(organization, role('Admin'), { action: 's3:DeleteBucket' });
  assert.equal(verdict.reason, 'scp');
  assert.equal(verdict.decision.cause?.target?.Name, 'Workloads');
  assert.deepEqual(verdict.statements.map((statement) => [statement.policyName, statement.Sid]), [['DenyBucketDeletion', 'DenyDelete']]);
  assert.equal(verdict.deniedOnlyByOrganization, true, 'IAM grants it: only the SCP takes it away');
  const reader = evaluatePrincipal(organization, role('Empty', { identityPolicies: [] }), { action: 's3:DeleteBucket' });
  assert.equal(reader.deniedOnlyByOrganization, false, 'IAM does not grant it either');
  assert.equal(evaluatePrincipal(organization, role('Admin', { accountId: ids.sandboxAccount }), { action: 's3:DeleteBucket' }).reason, 'allowed');
});

test(`${scpEvaluation}: an action needs an Allow at every level; SCPs themselves grant nothing`, () => {
  const organization = sampleOrganization({
    policies: [scp('p-s3only', 'AllowS3Only', { Effect: 'Allow', Action: 's3:*', Resource: '*' })],
    attachments: [{ PolicyId: 'p-s3only', TargetId: ids.prod }],
    withoutFullAccess: [ids.prod],
  });
  const verdict = evaluatePrincipal(organization, role('Admin'), { action: 'ec2:RunInstances' });
  assert.equal(verdict.reason, 'scp');
  assert.equal(verdict.decision.cause?.kind, 'implicitDeny');
  assert.equal(verdict.decision.cause?.target?.Name, 'Prod');
  assert.equal(evaluatePrincipal(organization, role('Empty', { identityPolicies: [] }), { action: 's3:GetObject' }).reason, 'identity', 'the SCP allows, IAM does not grant');
});

test(`${scps}: SCPs do not affect principals of the management account, nor service-linked roles`, () => {
  const organization = sampleOrganization({
    policies: [scp('p-denyall', 'DenyAll', { Effect: 'Deny', Action: '*', Resource: '*' })],
    attachments: [{ PolicyId: 'p-denyall', TargetId: ids.root }],
  });
  assert.equal(evaluatePrincipal(organization, role('Admin'), { action: 'ec2:RunInstances' }).reason, 'scp');
  assert.equal(evaluatePrincipal(organization, role('Admin', { accountId: ids.management }), { action: 'ec2:RunInstances' }).reason, 'allowed');
  const linked = evaluatePrincipal(organization, role('AWSServiceRoleForOrganizations', { serviceLinked: true }), { action: 'ec2:RunInstances' });
  assert.equal(linked.reason, 'allowed');
  assert.equal(linked.decision.serviceControlPolicies.exemption, 'SERVICE_LINKED_ROLE');
});

test(`${rcpEvaluation}: the resource account's RCPs deny for the services they support, never for the management account's resources`, () => {
  const organization = sampleOrganization({
    policies: [rcp('p-nodelete', 'ProtectBuckets', { Sid: 'NoDeletes', Effect: 'Deny', Principal: '*', Action: ['s3:DeleteBucket', 'ec2:TerminateInstances'], Resource: '*' })],
    attachments: [{ PolicyId: 'p-nodelete', TargetId: ids.root }],
  });
  const admin = role('Admin');
  const verdict = evaluatePrincipal(organization, admin, { action: 's3:DeleteBucket' });
  assert.equal(verdict.reason, 'rcp');
  assert.equal(verdict.deniedOnlyByOrganization, true);
  assert.equal(evaluatePrincipal(organization, admin, { action: 'ec2:TerminateInstances' }).reason, 'allowed', `RCPs do not govern EC2 (${rcps})`);
  assert.equal(evaluatePrincipal(organization, admin, { action: 's3:DeleteBucket', resourceAccount: ids.management }).reason, 'allowed', "the management account's resources");
});

// The global keys page's example of aws:PrincipalOrgPaths: ForAnyValue:StringLike on a path ending in /*.
test(`${globalKeys}: aws:PrincipalOrgPaths, aws:PrincipalTag and aws:PrincipalArn are the principal's own`, () => {
  const organization = sampleOrganization({
    policies: [scp('p-onlyprod', 'OnlyProdMayDelete', {
      Effect: 'Deny', Action: 'dynamodb:DeleteTable', Resource: '*',
      Condition: { 'ForAllValues:StringNotLike': { 'aws:PrincipalOrgPaths': [`o-exampleorgid/${ids.root}/${ids.workloads}/${ids.prod}/*`] } },
    }, {
      Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'security' } },
    }, {
      Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Identity*' } },
    })],
    attachments: [{ PolicyId: 'p-onlyprod', TargetId: ids.root }],
  });
  assert.equal(organizationPath(organization, ids.prodAccount), `o-exampleorgid/${ids.root}/${ids.workloads}/${ids.prod}/`);
  assert.equal(evaluatePrincipal(organization, role('Admin'), { action: 'dynamodb:DeleteTable' }).reason, 'allowed');
  assert.equal(evaluatePrincipal(organization, role('Admin', { accountId: ids.devAccount }), { action: 'dynamodb:DeleteTable' }).reason, 'scp');
  assert.equal(evaluatePrincipal(organization, role('Admin'), { action: 'kms:ScheduleKeyDeletion' }).reason, 'scp', 'a tag it does not have is absent, not unknown');
  assert.equal(evaluatePrincipal(organization, role('Admin', { tags: { team: 'security' } }), { action: 'kms:ScheduleKeyDeletion' }).reason, 'allowed');
  assert.equal(evaluatePrincipal(organization, role('IdentityAdmin'), { action: 'iam:CreateUser' }).reason, 'allowed');
  assert.equal(evaluatePrincipal(organization, role('Admin'), { action: 'iam:CreateUser' }).reason, 'scp');
});

test(`${evaluationLogic}: a user holds its groups' policies; aws:userid is its unique ID`, () => {
  const organization = sampleOrganization({
    policies: [scp('p-userid', 'OnlyThisUser', { Effect: 'Deny', Action: 'sqs:DeleteQueue', Resource: '*', Condition: { StringNotEquals: { 'aws:userid': 'AIDAEXAMPLE' } } })],
    attachments: [{ PolicyId: 'p-userid', TargetId: ids.root }],
  });
  const user: PrincipalFacts = {
    kind: 'user', accountId: ids.prodAccount, name: 'break-glass', arn: `arn:aws:iam::${ids.prodAccount}:user/break-glass`, id: 'AIDAEXAMPLE', tags: {}, serviceLinked: false,
    identityPolicies: [{ Name: 'AdministratorAccess (group Emergency)', Document: administratorAccess.Document }],
  };
  const verdict = evaluatePrincipal(organization, user, { action: 'sqs:DeleteQueue' });
  assert.equal(verdict.reason, 'allowed');
  assert.deepEqual(verdict.statements.map((statement) => statement.policyName), ['AdministratorAccess (group Emergency)']);
  assert.equal(evaluatePrincipal(organization, { ...user, id: 'AIDAOTHER' }, { action: 'sqs:DeleteQueue' }).reason, 'scp');
});

test(`${getCallerIdentity}: sts:GetCallerIdentity needs no permission, and no Deny refuses it`, () => {
  const organization = sampleOrganization({
    policies: [scp('p-denyall', 'DenyAll', { Effect: 'Deny', Action: '*', Resource: '*' })],
    attachments: [{ PolicyId: 'p-denyall', TargetId: ids.root }],
  });
  const denied = role('Nothing', { identityPolicies: [{ Name: 'DenyAll', Document: document({ Effect: 'Deny', Action: '*', Resource: '*' }) }] });
  const verdict = evaluatePrincipal(organization, denied, { action: 'sts:GetCallerIdentity' });
  assert.equal(verdict.reason, 'allowed');
  assert.equal(verdict.decision.noPermissionRequired, true);
  assert.equal(evaluatePrincipal(organization, denied, { action: 'sts:AssumeRole' }).reason, 'scp');
});
