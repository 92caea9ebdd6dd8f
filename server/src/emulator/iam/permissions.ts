/**
 * What users, groups and roles hold: inline policies (put, get, list, delete), attached managed policies
 * (attach, detach, list), permissions boundaries (users and roles) and tags (users, roles and customer managed
 * policies). The operations are the same for each kind of principal, so they are declared once per kind, with
 * IAM's names (`PutRolePolicy`, `ListAttachedUserPolicies`, `TagRole`...).
 */
import type { Tag } from '@aws-sdk/client-organizations';
import type { Input } from '../input';
import type { OperationDefinition } from '../operation';
import { iamPage } from '../paging';
import type { IamPolicyRecord, IamPrincipalRecord, IamRoleRecord, IamUserRecord } from '../state';
import { AccountIam, iamQuotas, iamRules, principalKinds, type PrincipalKind } from './accountIam';
import { iamKey } from './directory';
import { iamError, noSuchEntity } from './errors';
import { iamOperation } from './operation';
import { checkPolicyDocument, encodePolicyDocument, policySize } from './policyDocuments';
import { iamAttachablePolicy, readIamTags, type EnforcedIamResource } from './principals';

/** A principal of the kind named in the input, refused when it is a service-linked role and `change` is set. */
function target(iam: AccountIam, kind: PrincipalKind, input: Input, change: boolean): IamPrincipalRecord {
  const info = principalKinds[kind];
  const record = iam.requirePrincipal(kind, input.string(info.nameField, info.nameRule));
  if (change && kind === 'role') iam.requireModifiable(record as IamRoleRecord);
  return record;
}

function inlineOperations(kind: PrincipalKind): Record<string, OperationDefinition> {
  const info = principalKinds[kind];
  return {
    [`Put${info.label}Policy`]: iamOperation((iam, input) => {
      const record = target(iam, kind, input, true);
      const name = input.string('PolicyName', iamRules.policyName);
      const document = input.string('PolicyDocument', iamRules.document);
      checkPolicyDocument(document, 'identity');
      const policies = { ...record.InlinePolicies, [name]: document };
      const size = Object.values(policies).reduce((total, text) => total + policySize(text), 0);
      if (size > info.inlineSize) {
        throw iamError('LimitExceededException', `Maximum policy size of ${info.inlineSize} bytes exceeded for ${kind} ${record.Name}`);
      }
      iam.putPrincipal(kind, { ...record, InlinePolicies: policies });
      return {};
    }),

    [`Get${info.label}Policy`]: iamOperation((iam, input) => {
      const record = target(iam, kind, input, false);
      const name = input.string('PolicyName', iamRules.policyName);
      const document = record.InlinePolicies[name];
      if (document === undefined) throw noSuchEntity(`The ${kind} policy with name ${name} cannot be found.`);
      return { [info.nameField]: record.Name, PolicyName: name, PolicyDocument: encodePolicyDocument(document) };
    }),

    [`List${info.label}Policies`]: iamOperation((iam, input) => {
      const record = target(iam, kind, input, false);
      const { items, IsTruncated, Marker } = iamPage(`List${info.label}Policies`, input, Object.keys(record.InlinePolicies).sort());
      return { PolicyNames: items, IsTruncated, Marker };
    }),

    [`Delete${info.label}Policy`]: iamOperation((iam, input) => {
      const record = target(iam, kind, input, true);
      const name = input.string('PolicyName', iamRules.policyName);
      if (record.InlinePolicies[name] === undefined) throw noSuchEntity(`The ${kind} policy with name ${name} cannot be found.`);
      const { [name]: _deleted, ...rest } = record.InlinePolicies;
      iam.putPrincipal(kind, { ...record, InlinePolicies: rest });
      return {};
    }),

    [`Attach${info.label}Policy`]: iamOperation((iam, input) => {
      const record = target(iam, kind, input, true);
      const arn = iamAttachablePolicy(iam, input.string('PolicyArn', iamRules.arn));
      if (record.AttachedPolicies.some((attached) => attached.PolicyArn === arn)) return {};
      if (record.AttachedPolicies.length >= iamQuotas.managedPoliciesPerPrincipal) {
        throw iamError('LimitExceededException', `Cannot exceed quota for PoliciesPer${info.label}: ${iamQuotas.managedPoliciesPerPrincipal}`);
      }
      const attachment = AccountIam.attachment(iam.requireManagedPolicy(arn), arn);
      iam.putPrincipal(kind, { ...record, AttachedPolicies: [...record.AttachedPolicies, attachment] });
      return {};
    }),

    [`Detach${info.label}Policy`]: iamOperation((iam, input) => {
      const record = target(iam, kind, input, true);
      const given = input.string('PolicyArn', iamRules.arn);
      const arn = AccountIam.stored(given);
      if (!record.AttachedPolicies.some((attached) => attached.PolicyArn === arn)) throw noSuchEntity(`Policy ${given} was not found.`);
      iam.putPrincipal(kind, { ...record, AttachedPolicies: record.AttachedPolicies.filter((attached) => attached.PolicyArn !== arn) });
      return {};
    }),

    [`ListAttached${info.label}Policies`]: iamOperation((iam, input) => {
      const record = target(iam, kind, input, false);
      const prefix = input.optionalString('PathPrefix', iamRules.pathPrefix) ?? '/';
      const policies = record.AttachedPolicies.filter((attached) => (iam.managedPolicy(attached.PolicyArn)?.record.Path ?? '/').startsWith(prefix));
      const { items, IsTruncated, Marker } = iamPage(`ListAttached${info.label}Policies`, input, policies);
      return { AttachedPolicies: iam.attachedView(items), IsTruncated, Marker };
    }),
  };
}

function boundaryOperations(kind: 'user' | 'role'): Record<string, OperationDefinition> {
  const info = principalKinds[kind];
  return {
    [`Put${info.label}PermissionsBoundary`]: iamOperation((iam, input) => {
      const record = target(iam, kind, input, true);
      const arn = iamAttachablePolicy(iam, input.string('PermissionsBoundary', iamRules.arn));
      iam.putPrincipal(kind, { ...record, PermissionsBoundary: arn } as IamPrincipalRecord);
      return {};
    }),

    [`Delete${info.label}PermissionsBoundary`]: iamOperation((iam, input) => {
      const record = target(iam, kind, input, true) as IamPrincipalRecord & { PermissionsBoundary?: string };
      const { PermissionsBoundary: _removed, ...rest } = record;
      iam.putPrincipal(kind, rest);
      return {};
    }),
  };
}

/**
 * Tag, untag and list the tags of a tagged entity (`Role`, `User`, `Policy`). A tag replaces the one whose key
 * differs only in case, as IAM's keys are case insensitive; `enforcedFor` names the resource type tag policies enforce.
 */
function tagOperations<R extends { Tags: Tag[] }>(
  label: string, find: (iam: AccountIam, input: Input, change: boolean) => R, save: (iam: AccountIam, record: R) => void, enforcedFor?: EnforcedIamResource,
): Record<string, OperationDefinition> {
  return {
    [`Tag${label}`]: iamOperation((iam, input) => {
      const record = find(iam, input, true);
      const added = readIamTags(iam, input, enforcedFor);
      const tags = [...record.Tags.filter((tag) => !added.some((newer) => newer.Key!.toLowerCase() === tag.Key!.toLowerCase())), ...added];
      if (tags.length > iamQuotas.tagsPerEntity) throw iamError('LimitExceededException', `Cannot exceed quota for TagsPerEntity: ${iamQuotas.tagsPerEntity}`);
      save(iam, { ...record, Tags: tags });
      return {};
    }),

    [`Untag${label}`]: iamOperation((iam, input) => {
      const record = find(iam, input, true);
      const keys = input.stringList('TagKeys', { min: 1, max: 128 });
      const removed = new Set(keys.map((key) => key.toLowerCase()));
      save(iam, { ...record, Tags: record.Tags.filter((tag) => !removed.has(tag.Key!.toLowerCase())) });
      return {};
    }),

    [`List${label}Tags`]: iamOperation((iam, input) => {
      const { items, IsTruncated, Marker } = iamPage(`List${label}Tags`, input, find(iam, input, false).Tags);
      return { Tags: items.map((tag) => ({ ...tag })), IsTruncated, Marker };
    }),
  };
}

function customerPolicy(iam: AccountIam, input: Input): IamPolicyRecord {
  const arn = input.string('PolicyArn', iamRules.arn);
  const policy = iam.requireManagedPolicy(arn);
  if (policy.kind === 'aws') throw iamError('InvalidInputException', `ARN ${arn} is an AWS managed policy; it cannot be tagged.`);
  return policy.record;
}

export const permissionOperations: Record<string, OperationDefinition> = {
  ...inlineOperations('user'),
  ...inlineOperations('group'),
  ...inlineOperations('role'),
  ...boundaryOperations('user'),
  ...boundaryOperations('role'),
  ...tagOperations('Role', (iam, input, change) => target(iam, 'role', input, change) as IamRoleRecord, (iam, record) => iam.putPrincipal('role', record), 'role'),
  ...tagOperations('User', (iam, input, change) => target(iam, 'user', input, change) as IamUserRecord, (iam, record) => iam.putPrincipal('user', record), 'user'),
  ...tagOperations('Policy', customerPolicy, (iam, record: IamPolicyRecord) => iam.tx.put('iamPolicies', iamKey(iam.accountId, record.Name), record)),
};
