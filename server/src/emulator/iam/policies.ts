/**
 * Managed policies: customer managed policies of the account (create, get, list, delete, versions with a
 * default and at most five kept, tags) and AWS managed policies (get, list, versions), with who uses each.
 */
import type {
  CreatePolicyResponse, CreatePolicyVersionResponse, GetPolicyResponse, GetPolicyVersionResponse, ListEntitiesForPolicyResponse,
  ListPoliciesResponse, ListPolicyVersionsResponse, PolicyScopeType,
} from '@aws-sdk/client-iam';
import { awsManagedPolicies } from '../../aws/managedPolicies';
import { iamPage } from '../paging';
import type { IamPolicyRecord } from '../state';
import { AccountIam, iamQuotas, iamRules, type ManagedPolicyRef } from './accountIam';
import { iamKey } from './directory';
import { iamError, noSuchEntity } from './errors';
import { iamOperation } from './operation';
import { checkPolicyDocument, policySize } from './policyDocuments';
import { readIamTags } from './principals';

/** Reads and checks a managed policy's document. */
function readManagedDocument(input: { string(name: string, rule: object): string }): string {
  const document = input.string('PolicyDocument', iamRules.document);
  checkPolicyDocument(document, 'identity');
  if (policySize(document) > iamQuotas.managedPolicySize) {
    throw iamError('LimitExceededException', `Cannot exceed quota for PolicySize: ${iamQuotas.managedPolicySize}`);
  }
  return document;
}

/** A customer managed policy of this account, by ARN (AWS managed policies cannot be changed). */
function requireCustomerPolicy(iam: AccountIam, arn: string): IamPolicyRecord {
  const policy = iam.requireManagedPolicy(arn);
  if (policy.kind === 'aws') throw iamError('InvalidInputException', `ARN ${arn} is an AWS managed policy; it cannot be changed.`);
  return policy.record;
}

function requirePolicy(iam: AccountIam, arn: string): ManagedPolicyRef {
  const policy = iam.managedPolicy(arn);
  if (!policy) throw noSuchEntity(`Policy ${arn} was not found.`);
  return policy;
}

export const policyOperations = {
  CreatePolicy: iamOperation((iam, input): CreatePolicyResponse => {
    const name = input.string('PolicyName', iamRules.policyName);
    const path = input.optionalString('Path', iamRules.path) ?? '/';
    const document = readManagedDocument(input);
    const description = input.optionalString('Description', iamRules.description);
    const tags = readIamTags(iam, input);
    if (iam.tx.get('iamPolicies', iamKey(iam.accountId, name))) {
      throw iamError('EntityAlreadyExistsException', `A policy called ${name} already exists. Duplicate names are not allowed.`);
    }
    if (iam.policies().length >= iamQuotas.customerManagedPoliciesPerAccount) {
      throw iamError('LimitExceededException', `Cannot exceed quota for PoliciesPerAccount: ${iamQuotas.customerManagedPoliciesPerAccount}`);
    }
    const now = iam.ctx.nowIso;
    const policy: IamPolicyRecord = {
      AccountId: iam.accountId, Id: iam.newId('policy'), Name: name, Path: path,
      ...(description !== undefined ? { Description: description } : {}),
      CreateDate: now, UpdateDate: now, DefaultVersionId: 'v1', Versions: [{ VersionId: 'v1', Document: document, CreateDate: now }], NextVersion: 2, Tags: tags,
    };
    iam.tx.put('iamPolicies', iamKey(iam.accountId, name), policy);
    return { Policy: iam.policyView({ kind: 'customer', record: policy }, true) };
  }),

  GetPolicy: iamOperation((iam, input): GetPolicyResponse => ({ Policy: iam.policyView(requirePolicy(iam, input.string('PolicyArn', iamRules.arn)), true) })),

  ListPolicies: iamOperation((iam, input): ListPoliciesResponse => {
    const scope = input.optionalEnum<PolicyScopeType>('Scope', ['All', 'AWS', 'Local']) ?? 'All';
    const onlyAttached = input.optionalBoolean('OnlyAttached') ?? false;
    const prefix = input.optionalString('PathPrefix', iamRules.pathPrefix) ?? '/';
    const usage = input.optionalEnum('PolicyUsageFilter', ['PermissionsPolicy', 'PermissionsBoundary']);
    const candidates: ManagedPolicyRef[] = [
      ...(scope !== 'Local' ? awsManagedPolicies().map((record) => ({ kind: 'aws' as const, record })) : []),
      ...(scope !== 'AWS' ? iam.policies().map((record) => ({ kind: 'customer' as const, record })) : []),
    ].filter((policy) => policy.record.Path.startsWith(prefix));
    // Usage is counted only when a filter needs it: an unfiltered list of every AWS managed policy stays cheap.
    const used = onlyAttached || usage ? attachedArns(iam) : undefined;
    const selected = candidates.filter((policy) => {
      if (!used) return true;
      const arn = AccountIam.stored(policy.kind === 'aws' ? policy.record.Arn : iam.policyArn(policy.record));
      if (usage === 'PermissionsBoundary') return used.boundaries.has(arn);
      if (usage === 'PermissionsPolicy' || onlyAttached) return used.attached.has(arn) || (!usage && used.boundaries.has(arn));
      return true;
    });
    const { items, IsTruncated, Marker } = iamPage('ListPolicies', input, selected);
    return { Policies: items.map((policy) => iam.policyView(policy)), IsTruncated, Marker };
  }),

  DeletePolicy: iamOperation((iam, input) => {
    const arn = input.string('PolicyArn', iamRules.arn);
    const policy = requireCustomerPolicy(iam, arn);
    const usage = iam.usage(arn);
    if (usage.AttachmentCount || usage.PermissionsBoundaryUsageCount) throw iamError('DeleteConflictException', 'Cannot delete a policy attached to entities.');
    if (policy.Versions.length > 1) throw iamError('DeleteConflictException', 'Cannot delete a policy with non-default versions; delete them first.');
    iam.tx.delete('iamPolicies', iamKey(iam.accountId, policy.Name));
    return {};
  }),

  CreatePolicyVersion: iamOperation((iam, input): CreatePolicyVersionResponse => {
    const policy = requireCustomerPolicy(iam, input.string('PolicyArn', iamRules.arn));
    const document = readManagedDocument(input);
    const setAsDefault = input.optionalBoolean('SetAsDefault') ?? false;
    if (policy.Versions.length >= iamQuotas.versionsPerPolicy) {
      throw iamError('LimitExceededException', `A managed policy can have up to ${iamQuotas.versionsPerPolicy} versions. Before you create a new version, you must delete an existing version.`);
    }
    const version = { VersionId: `v${policy.NextVersion}`, Document: document, CreateDate: iam.ctx.nowIso };
    iam.tx.put('iamPolicies', iamKey(iam.accountId, policy.Name), {
      ...policy, Versions: [...policy.Versions, version], NextVersion: policy.NextVersion + 1,
      ...(setAsDefault ? { DefaultVersionId: version.VersionId, UpdateDate: version.CreateDate } : {}),
    });
    return { PolicyVersion: { VersionId: version.VersionId, IsDefaultVersion: setAsDefault, CreateDate: new Date(version.CreateDate) } };
  }),

  GetPolicyVersion: iamOperation((iam, input): GetPolicyVersionResponse => {
    const arn = input.string('PolicyArn', iamRules.arn);
    const versionId = input.string('VersionId', iamRules.versionId);
    const policy = requirePolicy(iam, arn);
    const versions = iam.policyDetail(policy).PolicyVersionList ?? [];
    const version = versions.find((candidate) => candidate.VersionId === versionId);
    if (!version) throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
    return { PolicyVersion: version };
  }),

  ListPolicyVersions: iamOperation((iam, input): ListPolicyVersionsResponse => {
    const policy = requirePolicy(iam, input.string('PolicyArn', iamRules.arn));
    const versions = [...(iam.policyDetail(policy).PolicyVersionList ?? [])].reverse().map(({ Document: _document, ...version }) => version);
    const { items, IsTruncated, Marker } = iamPage('ListPolicyVersions', input, versions);
    return { Versions: items, IsTruncated, Marker };
  }),

  DeletePolicyVersion: iamOperation((iam, input) => {
    const arn = input.string('PolicyArn', iamRules.arn);
    const versionId = input.string('VersionId', iamRules.versionId);
    const policy = requireCustomerPolicy(iam, arn);
    if (!policy.Versions.some((version) => version.VersionId === versionId)) throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
    if (policy.DefaultVersionId === versionId) throw iamError('DeleteConflictException', 'Cannot delete the default version of a policy.');
    iam.tx.put('iamPolicies', iamKey(iam.accountId, policy.Name), { ...policy, Versions: policy.Versions.filter((version) => version.VersionId !== versionId) });
    return {};
  }),

  SetDefaultPolicyVersion: iamOperation((iam, input) => {
    const arn = input.string('PolicyArn', iamRules.arn);
    const versionId = input.string('VersionId', iamRules.versionId);
    const policy = requireCustomerPolicy(iam, arn);
    if (!policy.Versions.some((version) => version.VersionId === versionId)) throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
    iam.tx.put('iamPolicies', iamKey(iam.accountId, policy.Name), { ...policy, DefaultVersionId: versionId, UpdateDate: iam.ctx.nowIso });
    return {};
  }),

  ListEntitiesForPolicy: iamOperation((iam, input): ListEntitiesForPolicyResponse => {
    const given = input.string('PolicyArn', iamRules.arn);
    requirePolicy(iam, given);
    const arn = AccountIam.stored(given);
    const usage = input.optionalEnum('PolicyUsageFilter', ['PermissionsPolicy', 'PermissionsBoundary']);
    const uses = (record: { AttachedPolicies: { PolicyArn: string }[]; PermissionsBoundary?: string }) =>
      (usage !== 'PermissionsBoundary' && record.AttachedPolicies.some((attached) => attached.PolicyArn === arn))
      || (usage !== 'PermissionsPolicy' && record.PermissionsBoundary === arn);
    const users = iam.principals('user').filter(uses).map((user) => ({ UserName: user.Name, UserId: user.Id }));
    const groups = iam.principals('group').filter((group) => usage !== 'PermissionsBoundary' && uses(group)).map((group) => ({ GroupName: group.Name, GroupId: group.Id }));
    const roles = iam.principals('role').filter(uses).map((role) => ({ RoleName: role.Name, RoleId: role.Id }));
    return { PolicyUsers: users, PolicyGroups: groups, PolicyRoles: roles, IsTruncated: false };
  }),
};

/** The managed policies the account's users, groups and roles attach, and those they use as boundaries. */
function attachedArns(iam: AccountIam): { attached: Set<string>; boundaries: Set<string> } {
  const attached = new Set<string>();
  const boundaries = new Set<string>();
  for (const kind of ['user', 'group', 'role'] as const) {
    for (const principal of iam.principals(kind)) {
      for (const policy of principal.AttachedPolicies) attached.add(policy.PolicyArn);
      if ('PermissionsBoundary' in principal && principal.PermissionsBoundary) boundaries.add(principal.PermissionsBoundary);
    }
  }
  return { attached, boundaries };
}

