/**
 * Seeded random organizations and authorization policies, for the evaluator's property test and its benchmark:
 * nested OUs (at most five deep), accounts anywhere, FullAWSAccess or allow lists, Deny SCPs and RCPs with
 * wildcards, NotAction, resources and conditions (some on keys that differ per account).
 */
import { AuthorizationPolicyType, OrganizationGraph, PolicyAttachment, PolicyNode } from '../../../server/src/permissions/model';
import { fullAWSAccess } from './sampleOrganization';

export interface OrganizationShape {
  accounts: number;
  units: number;
  serviceControlPolicies: number;
  resourceControlPolicies: number;
}

/** Concrete actions the generated policies talk about. */
export const sampleActions = ['s3:GetObject', 's3:PutObject', 's3:DeleteBucket', 'ec2:RunInstances', 'ec2:DescribeInstances', 'iam:CreateUser', 'kms:Decrypt', 'sts:AssumeRole'];
const actionPatterns = ['s3:*', 's3:Get*', 's3:GetObject', 's3:Put*', 'ec2:*', 'ec2:Describe*', 'ec2:?unInstances', 'iam:*', 'kms:*', 'kms:Decrypt', 'sts:*', '*:Delete*', 'S3:DELETEBUCKET'];

export function randomOrganization(random: () => number, shape: OrganizationShape): OrganizationGraph {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const id = (prefix: string, index: number, width: number) => `${prefix}${String(index).padStart(width, '0')}`;
  const rootId = 'r-root';
  const units: { Id: string; Name: string; ParentId: string; depth: number }[] = [];
  for (let index = 0; index < shape.units; index++) {
    const candidates = units.filter((unit) => unit.depth < 5);
    const parent = random() < 0.2 || !candidates.length ? undefined : pick(candidates);
    units.push({ Id: id('ou-root-', index, 8), Name: `OU ${index}`, ParentId: parent?.Id ?? rootId, depth: (parent?.depth ?? 0) + 1 });
  }
  const parents = [rootId, ...units.map((unit) => unit.Id)];
  const accounts = Array.from({ length: shape.accounts }, (_, index) => ({ Id: id('', 100000000000 + index, 12), Name: `account ${index}`, ParentId: index === 0 ? rootId : pick(parents) }));

  const condition = () => pick([
    undefined, undefined,
    { StringNotEquals: { 'aws:PrincipalAccount': [pick(accounts).Id, pick(accounts).Id] } },
    { StringEquals: { 'aws:ResourceAccount': pick(accounts).Id } },
    { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
    { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-random' } },
  ]);
  const statement = (effect: 'Allow' | 'Deny', type: AuthorizationPolicyType) => {
    const actions = Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(actionPatterns));
    const notAction = type === 'SERVICE_CONTROL_POLICY' && random() < 0.15;
    const resource = random() < 0.85 ? '*' : pick(['arn:aws:s3:::confidential/*', 'arn:aws:kms:*:*:key/*']);
    const conditions = effect === 'Deny' || random() < 0.2 ? condition() : undefined;
    return {
      ...(random() < 0.5 ? { Sid: `S${Math.floor(random() * 1000)}` } : {}),
      Effect: effect,
      ...(type === 'RESOURCE_CONTROL_POLICY' ? { Principal: '*' } : {}),
      [notAction ? 'NotAction' : 'Action']: actions,
      Resource: resource,
      ...(conditions ? { Condition: conditions } : {}),
    };
  };
  const policies: PolicyNode[] = [fullAWSAccess];
  const make = (type: AuthorizationPolicyType, count: number, prefix: string) => {
    for (let index = 0; index < count; index++) {
      // RCPs may only Deny; SCPs are deny lists or allow lists.
      const effect = type === 'RESOURCE_CONTROL_POLICY' || random() < 0.7 ? 'Deny' : 'Allow';
      const Statement = Array.from({ length: 1 + Math.floor(random() * 3) }, () => statement(effect, type));
      policies.push({ Id: id(prefix, index, 8), Name: `${prefix}${index}`, Type: type, Content: { Version: '2012-10-17', Statement } });
    }
  };
  make('SERVICE_CONTROL_POLICY', shape.serviceControlPolicies, 'p-scp');
  make('RESOURCE_CONTROL_POLICY', shape.resourceControlPolicies, 'p-rcp');
  const scps = policies.filter((policy) => policy.Type === 'SERVICE_CONTROL_POLICY' && policy !== fullAWSAccess);
  const rcps = policies.filter((policy) => policy.Type === 'RESOURCE_CONTROL_POLICY');

  const attachments: PolicyAttachment[] = [];
  const targets = [rootId, ...units.map((unit) => unit.Id), ...accounts.map((account) => account.Id)];
  // Every SCP and RCP is attached at least once, then targets get a few more (at most five SCPs each).
  const extra = new Map<string, Set<PolicyNode>>();
  const attach = (policy: PolicyNode, target: string) => {
    const set = extra.get(target) ?? new Set();
    if (set.size < 4) extra.set(target, set.add(policy));
  };
  for (const policy of [...scps, ...rcps]) attach(policy, pick(targets));
  for (const target of targets) {
    if (random() < 0.9) attachments.push({ PolicyId: fullAWSAccess.Id, TargetId: target });
    if (random() < 0.1 && scps.length) attach(pick(scps), target);
    if (random() < 0.05 && rcps.length) attach(pick(rcps), target);
  }
  for (const [target, set] of extra) for (const policy of set) attachments.push({ PolicyId: policy.Id, TargetId: target });
  return {
    OrganizationId: 'o-random',
    RootId: rootId,
    ManagementAccountId: accounts[0].Id,
    EnabledPolicyTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
    OrganizationalUnits: units.map(({ Id, Name, ParentId }) => ({ Id, Name, ParentId })),
    Accounts: accounts,
    Policies: policies,
    Attachments: attachments,
  };
}
