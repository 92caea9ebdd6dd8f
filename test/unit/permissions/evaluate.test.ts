import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { evaluateRequest } from '../../../server/src/permissions/evaluate';
import { AuthorizationRequest } from '../../../server/src/permissions/model';
import { compilePolicy } from '../../../server/src/permissions/policyDocument';
import { ids, policy, sampleOrganization } from './sampleOrganization';

const scp = (Id: string, Name: string, ...statements: object[]) => policy(Id, Name, 'SERVICE_CONTROL_POLICY', ...statements);
const rcp = (Id: string, Name: string, ...statements: object[]) => policy(Id, Name, 'RESOURCE_CONTROL_POLICY', ...statements);
const ask = (action: string, principalAccount: string, more: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({ action, principalAccount, ...more });

// Organizations User Guide, "SCP evaluation" (orgs_manage_policies_scps_evaluation.html), "How SCPs work with Allow":
// an action must be allowed at every level from the root down to the account.
test('SCPs: an Allow is needed at every level of the path, root, each OU and the account', () => {
  const organization = sampleOrganization({
    policies: [scp('p-allows3only', 'AllowS3Only', { Sid: 'AllowS3', Effect: 'Allow', Action: 's3:*', Resource: '*' })],
    attachments: [{ PolicyId: 'p-allows3only', TargetId: ids.prod }],
    withoutFullAccess: [ids.prod],
  });
  assert.equal(evaluateRequest(organization, ask('s3:GetObject', ids.prodAccount)).decision, 'allowed');
  const ec2 = evaluateRequest(organization, ask('ec2:RunInstances', ids.prodAccount));
  assert.equal(ec2.decision, 'implicitDeny');
  assert.deepEqual(ec2.cause, { stage: 'SERVICE_CONTROL_POLICY', kind: 'implicitDeny', target: { Id: ids.prod, Name: 'Prod', Type: 'ORGANIZATIONAL_UNIT' }, statements: [] });
  assert.deepEqual(ec2.serviceControlPolicies.levels.map((level) => [level.targetId, level.decision]), [
    [ids.root, 'allowed'], [ids.workloads, 'allowed'], [ids.prod, 'implicitDeny'], [ids.prodAccount, 'allowed'],
  ]);
  assert.deepEqual(ec2.serviceControlPolicies.levels[2].statements, [], 'no statement matched at Prod');
  assert.equal(evaluateRequest(organization, ask('ec2:RunInstances', ids.devAccount)).decision, 'allowed', 'dev-app is not under Prod');
});

// Same page, "How SCPs work with Deny": a Deny at any level blocks the action for every account below it.
test('SCPs: an explicit Deny anywhere on the path wins over every Allow', () => {
  const organization = sampleOrganization({
    policies: [scp('p-denydelete', 'DenyBucketDeletion', { Sid: 'DenyDelete', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' })],
    attachments: [{ PolicyId: 'p-denydelete', TargetId: ids.workloads }],
  });
  const decision = evaluateRequest(organization, ask('s3:DeleteBucket', ids.prodAccount));
  assert.equal(decision.decision, 'explicitDeny');
  assert.equal(decision.cause?.target?.Id, ids.workloads);
  assert.deepEqual(decision.cause?.statements.map((statement) => [statement.policyName, statement.index, statement.Sid]), [['DenyBucketDeletion', 0, 'DenyDelete']]);
  const workloads = decision.serviceControlPolicies.levels[1];
  assert.deepEqual(workloads.statements.map((statement) => [statement.policyName, statement.Effect, statement.applies]), [
    ['FullAWSAccess', 'Allow', true], ['DenyBucketDeletion', 'Deny', true],
  ]);
  assert.equal(evaluateRequest(organization, ask('s3:DeleteBucket', ids.sandboxAccount)).decision, 'allowed', 'Sandbox is outside Workloads');
});

// Organizations User Guide, SCPs: "SCPs don't affect users or roles in the management account"
// and "SCPs do not affect any service-linked role".
test('SCPs: the management account and service-linked roles are not affected', () => {
  const organization = sampleOrganization({
    policies: [scp('p-denyall', 'DenyAll', { Effect: 'Deny', Action: '*', Resource: '*' })],
    attachments: [{ PolicyId: 'p-denyall', TargetId: ids.root }],
  });
  const management = evaluateRequest(organization, ask('ec2:RunInstances', ids.management));
  assert.equal(management.decision, 'allowed');
  assert.equal(management.serviceControlPolicies.exemption, 'MANAGEMENT_ACCOUNT');
  assert.equal(evaluateRequest(organization, ask('ec2:RunInstances', ids.devAccount)).decision, 'explicitDeny');
  const linked = evaluateRequest(organization, ask('ec2:RunInstances', ids.devAccount, { serviceLinkedRole: true }));
  assert.equal(linked.decision, 'allowed');
  assert.equal(linked.serviceControlPolicies.exemption, 'SERVICE_LINKED_ROLE');
  const disabled = sampleOrganization({ rcps: false });
  assert.equal(evaluateRequest(disabled, ask('s3:GetObject', ids.devAccount)).resourceControlPolicies.exemption, 'POLICY_TYPE_NOT_ENABLED');
});

// Organizations User Guide, SCP examples, "Deny access to AWS based on the requested AWS Region" (shortened):
// NotAction exempts global services; the condition decides when the context gives the keys.
test('SCPs: NotAction and conditions, decided from the context or reported as what the answer depends on', () => {
  const organization = sampleOrganization({
    policies: [scp('p-regions', 'DenyOutsideEU', {
      Sid: 'DenyAllOutsideEU', Effect: 'Deny', NotAction: ['iam:*', 'organizations:*', 'sts:*', 'support:*'], Resource: '*',
      Condition: {
        StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'] },
        ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/Role1AllowedToBypassThisSCP'] },
      },
    })],
    attachments: [{ PolicyId: 'p-regions', TargetId: ids.root }],
  });
  const role = 'arn:aws:iam::222222222222:role/Developer';
  const inRegion = (region: string, principal = role) => evaluateRequest(organization, ask('ec2:RunInstances', ids.devAccount, { context: { 'aws:RequestedRegion': region, 'aws:PrincipalArn': principal } }));
  assert.equal(inRegion('us-east-1').decision, 'explicitDeny');
  assert.equal(inRegion('eu-west-1').decision, 'allowed');
  assert.equal(inRegion('us-east-1', 'arn:aws:iam::222222222222:role/Role1AllowedToBypassThisSCP').decision, 'allowed');
  assert.equal(evaluateRequest(organization, ask('IAM:CreateUser', ids.devAccount, { context: { 'aws:RequestedRegion': 'us-east-1' } })).decision, 'allowed', 'NotAction, case-insensitive');
  const unknown = evaluateRequest(organization, ask('ec2:RunInstances', ids.devAccount));
  assert.equal(unknown.decision, 'depends');
  assert.deepEqual(unknown.dependsOn.map((dependency) => [dependency.operator, dependency.key, dependency.statement.Sid]), [
    ['StringNotEquals', 'aws:RequestedRegion', 'DenyAllOutsideEU'], ['ArnNotLike', 'aws:PrincipalARN', 'DenyAllOutsideEU'],
  ]);
  const half = evaluateRequest(organization, ask('ec2:RunInstances', ids.devAccount, { context: { 'aws:RequestedRegion': 'us-east-1' } }));
  assert.deepEqual(half.dependsOn.map((dependency) => dependency.key), ['aws:PrincipalARN'], 'only what is still open');
});

// IAM User Guide, Resource element: ARNs match with wildcards, case-sensitively; Action names case-insensitively.
test('Resource ARNs match case-sensitively; without a resource, the answer depends on it', () => {
  const organization = sampleOrganization({
    policies: [scp('p-confidential', 'ProtectConfidential', { Effect: 'Deny', Action: 'S3:getobject', Resource: 'arn:aws:s3:::confidential-bucket/*' })],
    attachments: [{ PolicyId: 'p-confidential', TargetId: ids.root }],
  });
  const read = (resource?: string) => evaluateRequest(organization, ask('s3:GetObject', ids.devAccount, resource ? { resource } : {}));
  assert.equal(read('arn:aws:s3:::confidential-bucket/reports/q1.csv').decision, 'explicitDeny');
  assert.equal(read('arn:aws:s3:::Confidential-bucket/reports/q1.csv').decision, 'allowed');
  assert.equal(read('arn:aws:s3:::public-bucket/index.html').decision, 'allowed');
  const unknown = read();
  assert.equal(unknown.decision, 'depends');
  assert.deepEqual(unknown.dependsOn.map((dependency) => [dependency.element, dependency.values]), [['Resource', ['arn:aws:s3:::confidential-bucket/*']]]);
});

// Policy variables in Resource (IAM User Guide, policy variables): resolved from the request context.
test('policy variables in Resource resolve from the context', () => {
  const organization = sampleOrganization({
    policies: [scp('p-home', 'OwnPrefixOnly', { Effect: 'Deny', Action: 's3:PutObject', NotResource: 'arn:aws:s3:::home/${aws:PrincipalTag/team}/*' })],
    attachments: [{ PolicyId: 'p-home', TargetId: ids.root }],
  });
  const put = (team?: string) => evaluateRequest(organization, ask('s3:PutObject', ids.devAccount, { resource: 'arn:aws:s3:::home/blue/file', ...(team ? { context: { 'aws:PrincipalTag/team': team } } : {}) }));
  assert.equal(put('blue').decision, 'allowed');
  assert.equal(put('red').decision, 'explicitDeny');
  const unknown = put();
  assert.equal(unknown.decision, 'depends');
  assert.deepEqual(unknown.dependsOn[0].missingKeys, ['aws:PrincipalTag/team']);
});

// Organizations User Guide, RCP examples and the KMS guide's "Resource control policies in AWS KMS":
// an identity perimeter that denies principals outside the organization; RCPFullAWSAccess always allows.
test('RCPs: the resource account\'s chain applies to principals from anywhere; RCPFullAWSAccess supplies the Allow', () => {
  const organization = sampleOrganization({
    policies: [rcp('p-perimeter', 'EnforceIdentityPerimeter', {
      Sid: 'RCPEnforceIdentityPerimeter', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-exampleorgid' }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
    })],
    attachments: [{ PolicyId: 'p-perimeter', TargetId: ids.root }],
  });
  const notService = { 'aws:PrincipalIsAWSService': 'false' };
  const inside = evaluateRequest(organization, ask('kms:Decrypt', ids.devAccount, { resourceAccount: ids.prodAccount, context: notService }));
  assert.equal(inside.decision, 'allowed', 'aws:PrincipalOrgID is the organization\'s for its own accounts');
  assert.deepEqual(inside.resourceControlPolicies.levels[0].attachedPolicies.map((attached) => attached.Name), ['RCPFullAWSAccess', 'EnforceIdentityPerimeter']);
  const outside = evaluateRequest(organization, ask('kms:Decrypt', ids.external, { resourceAccount: ids.prodAccount, context: notService, contextComplete: true }));
  assert.equal(outside.decision, 'explicitDeny');
  assert.equal(outside.cause?.stage, 'RESOURCE_CONTROL_POLICY');
  assert.equal(outside.serviceControlPolicies.exemption, 'OUTSIDE_ORGANIZATION');
  const unknown = evaluateRequest(organization, ask('kms:Decrypt', ids.external, { resourceAccount: ids.prodAccount, context: notService }));
  assert.equal(unknown.decision, 'depends', 'an outside principal may belong to another organization');
  assert.deepEqual(unknown.dependsOn.map((dependency) => dependency.key), ['aws:PrincipalOrgID']);
  // RCPs do not affect resources in the management account, nor services they do not support.
  const management = evaluateRequest(organization, ask('kms:Decrypt', ids.external, { resourceAccount: ids.management, context: notService, contextComplete: true }));
  assert.equal(management.decision, 'allowed');
  assert.equal(management.resourceControlPolicies.exemption, 'MANAGEMENT_ACCOUNT');
  assert.equal(evaluateRequest(organization, ask('ec2:RunInstances', ids.devAccount)).resourceControlPolicies.exemption, 'SERVICE_NOT_SUPPORTED');
});

// IAM User Guide, "Permissions boundaries for IAM entities": effective permissions are the intersection of
// the identity-based policy and the boundary (and the SCPs); an explicit deny in any of them wins.
test('identity policies, permissions boundary and SCPs intersect; an explicit deny in any wins', () => {
  const organization = sampleOrganization();
  const identityPolicies = [{ Name: 'ShirleyAdmin', Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:CreateUser', 's3:*'], Resource: '*' }] } }];
  const permissionsBoundary = { Name: 'ShirleyBoundary', Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'cloudwatch:*', 'ec2:*'], Resource: '*' }] } };
  const asking = (action: string) => evaluateRequest(organization, ask(action, ids.devAccount, { identityPolicies, permissionsBoundary }));
  assert.equal(asking('s3:GetObject').decision, 'allowed');
  const createUser = asking('iam:CreateUser');
  assert.equal(createUser.decision, 'implicitDeny');
  assert.equal(createUser.cause?.stage, 'PERMISSIONS_BOUNDARY');
  assert.equal(asking('ec2:RunInstances').cause?.stage, 'IDENTITY_POLICIES');
  const denied = evaluateRequest(organization, ask('s3:GetObject', ids.devAccount, {
    identityPolicies: [...identityPolicies, { Name: 'NoS3', Document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] } }],
  }));
  assert.equal(denied.decision, 'explicitDeny');
  assert.equal(denied.cause?.stage, 'IDENTITY_POLICIES');
  // The account root user is not governed by identity policies, but SCPs still apply to it.
  const root = evaluateRequest(organization, ask('ec2:RunInstances', ids.devAccount, { principalType: 'Account', identityPolicies }));
  assert.equal(root.decision, 'allowed');
  assert.equal(root.identityPolicies, undefined);
});

test('explicit deny wins even when another part of the answer is undecided', () => {
  const organization = sampleOrganization({
    policies: [
      scp('p-conditional', 'DenyWithoutMfa', { Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }),
      scp('p-denyec2', 'DenyEc2', { Effect: 'Deny', Action: 'ec2:TerminateInstances', Resource: '*' }),
    ],
    attachments: [{ PolicyId: 'p-conditional', TargetId: ids.root }, { PolicyId: 'p-denyec2', TargetId: ids.devAccount }],
  });
  const decision = evaluateRequest(organization, ask('ec2:TerminateInstances', ids.devAccount));
  assert.equal(decision.decision, 'explicitDeny');
  assert.equal(decision.cause?.target?.Id, ids.devAccount);
  assert.equal(decision.serviceControlPolicies.levels[0].decision, 'depends');
  assert.equal(evaluateRequest(organization, ask('ec2:RunInstances', ids.devAccount)).decision, 'depends');
});

test('malformed statements take no part and are reported', () => {
  const compiled = compilePolicy('Broken', { Version: '2012-10-17', Statement: [
    { Effect: 'Permit', Action: '*', Resource: '*' },
    { Effect: 'Allow', Action: 's3:*', NotAction: 'ec2:*', Resource: '*' },
    { Effect: 'Allow', Action: 's3:*' },
    { Sid: 'Fine', Effect: 'Deny', Action: ['s3:*'], Resource: '*' },
  ] });
  assert.equal(compiled.statements.length, 1);
  assert.equal(compiled.statements[0].ref.Sid, 'Fine');
  assert.equal(compiled.statements[0].ref.index, 3);
  assert.deepEqual(compiled.problems, [
    'Statement 0: Effect must be "Allow" or "Deny"',
    'Statement 1: needs exactly one of Action and NotAction, as strings',
    'Statement 2: needs exactly one of Resource and NotResource, as strings',
  ]);
});

// Organizations User Guide, RCP syntax: Principal must be "*"; any other principal is not something the
// evaluator can decide from an account id, so the answer depends on it.
test('a statement that names a principal makes the answer depend on the principal', () => {
  const organization = sampleOrganization({
    policies: [rcp('p-named', 'NamedPrincipal', { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:*', Resource: '*' })],
    attachments: [{ PolicyId: 'p-named', TargetId: ids.root }],
  });
  const decision = evaluateRequest(organization, ask('s3:GetObject', ids.devAccount));
  assert.equal(decision.decision, 'depends');
  assert.deepEqual(decision.dependsOn.map((dependency) => [dependency.element, dependency.values]), [['Principal', ['AWS: arn:aws:iam::444455556666:root']]]);
});
