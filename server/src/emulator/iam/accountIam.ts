/**
 * The IAM of one account as operations see it: its users, groups, roles and customer managed policies, the
 * AWS managed policies they attach, IAM's ARNs and IDs, and the SDK-shaped views of each. Every account has
 * its own IAM; operations reach another account's only through an assumed role (the endpoint's concern).
 */
import type { AttachedPermissionsBoundary, Group, ManagedPolicyDetail, Policy, Role, Tag, User } from '@aws-sdk/client-iam';
import { awsManagedPolicy, type AwsManagedPolicy } from '../../aws/managedPolicies';
import { iamArn, inPartition, parseIamArn, type IamResourceType } from '../../aws/iamArns';
import { iamIdPrefixes } from '../../aws/iamIds';
import type { Context } from '../context';
import { nextIdPart } from '../ids';
import type { StringRule } from '../../aws/inputRules';
import type {
  AttachedPolicyRecord, IamGroupRecord, IamPolicyRecord, IamPrincipalRecord, IamRoleRecord, IamUserRecord, Records,
} from '../state';
import { accountRecords, iamKey, type IamCollection } from './directory';
import { iamError, noSuchEntity } from './errors';
import { encodePolicyDocument } from './policyDocuments';

/** IAM's quotas (IAM User Guide, "IAM and AWS STS quotas"), at their defaults. */
export const iamQuotas = {
  rolesPerAccount: 1000,
  usersPerAccount: 5000,
  groupsPerAccount: 300,
  customerManagedPoliciesPerAccount: 1500,
  managedPoliciesPerPrincipal: 10,
  groupsPerUser: 10,
  versionsPerPolicy: 5,
  managedPolicySize: 6144,
  trustPolicySize: 2048,
  tagsPerEntity: 50,
} as const;

const name = /^[\w+=,.@-]+$/;
export const iamRules = {
  roleName: { min: 1, max: 64, pattern: name },
  userName: { min: 1, max: 64, pattern: name },
  groupName: { min: 1, max: 128, pattern: name },
  policyName: { min: 1, max: 128, pattern: name },
  path: { min: 1, max: 512, pattern: /^(\/|\/[\u0021-\u007E]+\/)$/ },
  pathPrefix: { min: 1, max: 512, pattern: /^\/[\u0021-\u007E]*$/ },
  arn: { min: 20, max: 2048 },
  description: { max: 1000 },
  document: { min: 1, max: 131072 },
  versionId: { pattern: /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/ },
} satisfies Record<string, StringRule>;

/** Users, groups and roles: the principals that hold inline and attached policies. */
export type PrincipalKind = 'user' | 'group' | 'role';

export interface PrincipalKindInfo {
  collection: Extract<IamCollection, 'iamUsers' | 'iamGroups' | 'iamRoles'>;
  /** As in operation names: `PutRolePolicy`, `ListAttachedUserPolicies`. */
  label: 'User' | 'Group' | 'Role';
  nameField: 'UserName' | 'GroupName' | 'RoleName';
  nameRule: StringRule;
  /** The inline policies' total size, without whitespace. */
  inlineSize: number;
  /** Entities per account. */
  quota: number;
  quotaName: string;
}

export const principalKinds: Record<PrincipalKind, PrincipalKindInfo> = {
  user: { collection: 'iamUsers', label: 'User', nameField: 'UserName', nameRule: iamRules.userName, inlineSize: 2048, quota: iamQuotas.usersPerAccount, quotaName: 'UsersPerAccount' },
  group: { collection: 'iamGroups', label: 'Group', nameField: 'GroupName', nameRule: iamRules.groupName, inlineSize: 5120, quota: iamQuotas.groupsPerAccount, quotaName: 'GroupsPerAccount' },
  role: { collection: 'iamRoles', label: 'Role', nameField: 'RoleName', nameRule: iamRules.roleName, inlineSize: 10240, quota: iamQuotas.rolesPerAccount, quotaName: 'RolesPerAccount' },
};

type PrincipalRecordOf<K extends PrincipalKind> = { user: IamUserRecord; group: IamGroupRecord; role: IamRoleRecord }[K];

/** A customer managed or an AWS managed policy, as attachments see it. */
export type ManagedPolicyRef = { kind: 'customer'; record: IamPolicyRecord } | { kind: 'aws'; record: AwsManagedPolicy };

/**
 * The partition the state keeps managed policy ARNs in (attachments, boundaries): one state serves requests of
 * every partition, so ARNs are stored in `aws` and shown in the request's partition.
 */
const STORED_PARTITION = 'aws';

export class AccountIam {
  constructor(
    readonly ctx: Context,
    readonly accountId: string,
    /** The partition of the request (of the Region it was signed for): every ARN an answer shows is in it. */
    readonly partition = 'aws',
  ) {}

  /** A managed policy ARN as the state keeps it. */
  static stored(arn: string): string {
    return inPartition(arn, STORED_PARTITION);
  }

  /** A stored ARN as the request's partition shows it. */
  shown(arn: string): string {
    return inPartition(arn, this.partition);
  }

  get tx(): Context['tx'] {
    return this.ctx.tx;
  }

  newId(kind: 'user' | 'group' | 'role' | 'policy'): string {
    return iamIdPrefixes[kind] + nextIdPart(this.tx, 'iam');
  }

  arn(type: IamResourceType, path: string, entityName: string): string {
    return iamArn(this.partition, this.accountId, type, path, entityName);
  }

  // ---- users, groups and roles ----

  principals<K extends PrincipalKind>(kind: K): PrincipalRecordOf<K>[] {
    return accountRecords(this.tx, principalKinds[kind].collection, this.accountId) as PrincipalRecordOf<K>[];
  }

  principal<K extends PrincipalKind>(kind: K, entityName: string): PrincipalRecordOf<K> | undefined {
    return this.tx.get(principalKinds[kind].collection, iamKey(this.accountId, entityName)) as PrincipalRecordOf<K> | undefined;
  }

  requirePrincipal<K extends PrincipalKind>(kind: K, entityName: string): PrincipalRecordOf<K> {
    const record = this.principal(kind, entityName);
    if (!record) throw noSuchEntity(`The ${kind} with name ${entityName} cannot be found.`);
    return record;
  }

  /** Stores a principal's record (a record of the kind's type, or a copy of one with some fields changed). */
  putPrincipal<K extends PrincipalKind>(kind: K, record: PrincipalRecordOf<K>): void;
  putPrincipal(kind: PrincipalKind, record: IamPrincipalRecord): void;
  putPrincipal(kind: PrincipalKind, record: IamPrincipalRecord): void {
    this.tx.put(principalKinds[kind].collection, iamKey(this.accountId, record.Name), record as Records[PrincipalKindInfo['collection']]);
  }

  deletePrincipal(kind: PrincipalKind, entityName: string): void {
    this.tx.delete(principalKinds[kind].collection, iamKey(this.accountId, entityName));
  }

  /** Refuses to change a service-linked role: only its service may. */
  requireModifiable(role: IamRoleRecord): void {
    if (role.ServicePrincipal) {
      throw iamError('UnmodifiableEntityException', `Cannot perform the operation on the protected role '${role.Name}' - this role is only modifiable by AWS`);
    }
  }

  principalArn(kind: PrincipalKind, record: IamPrincipalRecord): string {
    return this.arn(kind, record.Path, record.Name);
  }

  // ---- managed policies ----

  policies(): IamPolicyRecord[] {
    return accountRecords(this.tx, 'iamPolicies', this.accountId);
  }

  /** A managed policy by ARN: this account's customer managed policy or an AWS managed one. */
  managedPolicy(arn: string): ManagedPolicyRef | undefined {
    const parts = parseIamArn(arn);
    if (!parts || parts.type !== 'policy') return undefined;
    if (parts.account === 'aws') {
      const record = awsManagedPolicy(arn);
      return record && record.Arn.endsWith(`${parts.path}${parts.name}`) ? { kind: 'aws', record } : undefined;
    }
    if (parts.account !== this.accountId) return undefined;
    const record = this.tx.get('iamPolicies', iamKey(this.accountId, parts.name));
    return record && record.Path === parts.path ? { kind: 'customer', record } : undefined;
  }

  requireManagedPolicy(arn: string): ManagedPolicyRef {
    const policy = this.managedPolicy(arn);
    if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    return policy;
  }

  policyArn(policy: IamPolicyRecord): string {
    return this.arn('policy', policy.Path, policy.Name);
  }

  /** The default version's document of a managed policy. */
  static defaultDocument(policy: ManagedPolicyRef): string {
    return policy.kind === 'aws' ? policy.record.Document : policy.record.Versions.find((version) => version.VersionId === policy.record.DefaultVersionId)!.Document;
  }

  /** How many users, groups and roles of this account attach a policy, and use it as their boundary. */
  usage(policyArn: string): { AttachmentCount: number; PermissionsBoundaryUsageCount: number } {
    const arn = AccountIam.stored(policyArn);
    let AttachmentCount = 0;
    let PermissionsBoundaryUsageCount = 0;
    for (const kind of ['user', 'group', 'role'] as const) {
      for (const principal of this.principals(kind)) {
        if (principal.AttachedPolicies.some((attached) => attached.PolicyArn === arn)) AttachmentCount++;
        if ('PermissionsBoundary' in principal && principal.PermissionsBoundary === arn) PermissionsBoundaryUsageCount++;
      }
    }
    return { AttachmentCount, PermissionsBoundaryUsageCount };
  }

  /** The attachment record of a managed policy. */
  static attachment(policy: ManagedPolicyRef, arn: string): AttachedPolicyRecord {
    return { PolicyName: policy.kind === 'aws' ? policy.record.PolicyName : policy.record.Name, PolicyArn: AccountIam.stored(arn) };
  }

  /** Attached policies as the SDK shows them, in the request's partition. */
  attachedView(attached: readonly AttachedPolicyRecord[]): AttachedPolicyRecord[] {
    return attached.map((policy) => ({ PolicyName: policy.PolicyName, PolicyArn: this.shown(policy.PolicyArn) }));
  }

  // ---- views in the SDK's shapes ----

  private boundary(arn: string | undefined): { PermissionsBoundary?: AttachedPermissionsBoundary } {
    return arn ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: this.shown(arn) } } : {};
  }

  private static tags(tags: Tag[]): { Tags?: Tag[] } {
    return tags.length ? { Tags: tags.map((tag) => ({ ...tag })) } : {};
  }

  /** A role; `full` adds what GetRole gives and ListRoles leaves out (boundary, tags, last use). */
  roleView(role: IamRoleRecord, full = false): Role {
    return {
      Path: role.Path,
      RoleName: role.Name,
      RoleId: role.Id,
      Arn: this.principalArn('role', role),
      CreateDate: new Date(role.CreateDate),
      AssumeRolePolicyDocument: encodePolicyDocument(role.AssumeRolePolicyDocument),
      ...(role.Description !== undefined ? { Description: role.Description } : {}),
      MaxSessionDuration: role.MaxSessionDuration,
      ...(full ? {
        ...this.boundary(role.PermissionsBoundary),
        ...AccountIam.tags(role.Tags),
        RoleLastUsed: role.LastUsedDate ? { LastUsedDate: new Date(role.LastUsedDate), Region: 'us-east-1' } : {},
      } : {}),
    };
  }

  userView(user: IamUserRecord, full = false): User {
    return {
      Path: user.Path,
      UserName: user.Name,
      UserId: user.Id,
      Arn: this.principalArn('user', user),
      CreateDate: new Date(user.CreateDate),
      ...(full ? { ...this.boundary(user.PermissionsBoundary), ...AccountIam.tags(user.Tags) } : {}),
    };
  }

  groupView(group: IamGroupRecord): Group {
    return { Path: group.Path, GroupName: group.Name, GroupId: group.Id, Arn: this.principalArn('group', group), CreateDate: new Date(group.CreateDate) };
  }

  /** A managed policy as GetPolicy and ListPolicies show it, with its use in this account. */
  policyView(policy: ManagedPolicyRef, withTags = false): Policy {
    const record = policy.record;
    const arn = policy.kind === 'aws' ? this.shown(policy.record.Arn) : this.policyArn(policy.record);
    const common = { Arn: arn, Path: record.Path, DefaultVersionId: record.DefaultVersionId, IsAttachable: true, ...this.usage(arn) };
    if (policy.kind === 'aws') {
      return { PolicyName: policy.record.PolicyName, PolicyId: policy.record.PolicyId, ...common, CreateDate: new Date(policy.record.CreateDate), UpdateDate: new Date(policy.record.UpdateDate) };
    }
    const customer = policy.record;
    return {
      PolicyName: customer.Name, PolicyId: customer.Id, ...common,
      ...(customer.Description !== undefined ? { Description: customer.Description } : {}),
      CreateDate: new Date(customer.CreateDate), UpdateDate: new Date(customer.UpdateDate),
      ...(withTags ? AccountIam.tags(customer.Tags) : {}),
    };
  }

  /** A managed policy with its versions, as GetAccountAuthorizationDetails gives it. */
  policyDetail(policy: ManagedPolicyRef): ManagedPolicyDetail {
    const { Tags: _tags, ...view } = this.policyView(policy);
    const versions = policy.kind === 'aws'
      ? [{ Document: encodePolicyDocument(policy.record.Document), VersionId: policy.record.DefaultVersionId, IsDefaultVersion: true, CreateDate: new Date(policy.record.UpdateDate) }]
      : policy.record.Versions.map((version) => ({
        Document: encodePolicyDocument(version.Document), VersionId: version.VersionId,
        IsDefaultVersion: version.VersionId === policy.record.DefaultVersionId, CreateDate: new Date(version.CreateDate),
      }));
    return { ...view, PolicyVersionList: versions };
  }
}
