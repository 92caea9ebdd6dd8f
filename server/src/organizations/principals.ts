/**
 * The IAM principals of an organization's accounts, read through `@aws-sdk/client-iam` on the connection's own
 * transport and credentials (one code path to AWS and to the embedded organization). The connection's own
 * account is read with its credentials; any other account through `sts:AssumeRole` into its
 * `OrganizationAccountAccessRole` (or another role), as one reads a member account on AWS. Each account is read
 * whole with `GetAccountAuthorizationDetails`, page by page, when first asked for, and kept with the time it
 * was read until a refresh; an account that cannot be read keeps the reason.
 */
import {
  CreatePolicyVersionCommand, DeletePolicyVersionCommand, IAMClient, ListPolicyVersionsCommand, paginateGetAccountAuthorizationDetails,
  PutGroupPolicyCommand, PutRolePolicyCommand, PutUserPolicyCommand, type GroupDetail, type ManagedPolicyDetail, type RoleDetail, type UserDetail,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { iamArn } from '../aws/iamArns';
import type { NamedPolicy } from '../permissions/model';
import type { PrincipalFacts } from '../permissions/principals';
import { accountOfIamNodeId, type IamDocumentTarget } from '../protocol';
import type { OrganizationConnection } from './connection';

/** The role the management account assumes in a member account, as CreateAccount names it by default. */
export const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';
const sessionName = 'aws-organizations-vscode';
/** IAM keeps at most five versions of a managed policy (IAM User Guide, "Versioning IAM policies"). */
const MAX_POLICY_VERSIONS = 5;

/** An account's IAM as `GetAccountAuthorizationDetails` gives it, documents URL-decoded. */
export interface AccountAuthorization {
  users: UserDetail[];
  groups: GroupDetail[];
  roles: RoleDetail[];
  policies: ManagedPolicyDetail[];
}

/** What reading one account gave: its IAM, or why it could not be read; and when. */
export interface AccountPrincipals {
  accountId: string;
  readAt: Date;
  authorization?: AccountAuthorization;
  error?: { name: string; message: string };
  /** How the account was reached: its own credentials, or the role assumed in it. */
  via: 'connection' | { roleArn: string };
}

/** IAM returns documents URL-encoded (RFC 3986). */
function decoded(document: string | undefined): string | undefined {
  return document === undefined ? undefined : decodeURIComponent(document);
}

export class ConnectionPrincipals {
  private readonly accounts = new Map<string, Promise<AccountPrincipals>>();
  private callerAccount: Promise<string> | undefined;

  constructor(private readonly connection: OrganizationConnection, private readonly memberRole = DEFAULT_MEMBER_ROLE) {
    // A change that names accounts or their IAM drops those (service-linked roles come and go with membership and
    // trusted access); one that names nothing (a reset, a refresh) drops every account. They are read again on demand.
    connection.model.onDidChange(({ ids }) => {
      if (!ids) return this.accounts.clear();
      for (const id of ids) this.accounts.delete(accountOfIamNodeId(id) ?? id);
    });
  }

  /** An account's principals, read once (again with `refresh`). */
  read(accountId: string, refresh = false): Promise<AccountPrincipals> {
    let read = this.accounts.get(accountId);
    if (!read || refresh) {
      read = this.load(accountId);
      this.accounts.set(accountId, read);
    }
    return read;
  }

  /** The account the connection's credentials belong to (STS GetCallerIdentity, once). */
  private caller(): Promise<string> {
    const known = this.connection.info.callerAccountId;
    if (known) return Promise.resolve(known);
    this.callerAccount ??= new STSClient(this.config()).send(new GetCallerIdentityCommand({})).then((identity) => identity.Account!);
    return this.callerAccount;
  }

  /** The connection's transport and credentials, for another service's client. */
  private config() {
    const { credentials, endpoint, requestHandler, region } = this.connection.clientConfig;
    return { credentials, requestHandler, ...(endpoint ? { endpoint } : {}), region: typeof region === 'string' ? region : 'us-east-1', maxAttempts: 3 };
  }

  /** How an account is reached: with the connection's credentials for its own account, else through the member role. */
  private async access(accountId: string): Promise<AccountPrincipals['via']> {
    return accountId === await this.caller() ? 'connection' : { roleArn: iamArn('aws', accountId, 'role', '/', this.memberRole) };
  }

  /** An IAM client acting in an account, as `access` reaches it. */
  private client(via: AccountPrincipals['via']): IAMClient {
    const config = this.config();
    if (via !== 'connection') {
      const { credentials, ...transport } = config;
      config.credentials = fromTemporaryCredentials({ masterCredentials: credentials, params: { RoleArn: via.roleArn, RoleSessionName: sessionName }, clientConfig: transport });
    }
    return new IAMClient(config);
  }

  /**
   * Writes a policy document of a role, user or group: an inline policy is put again, a customer managed policy
   * gets a new default version (when it keeps five, the oldest non-default version is deleted first, as the IAM
   * console does). Answers what was done; the account's IAM is read again on the next ask.
   */
  async write(target: IamDocumentTarget, content: string): Promise<{ operation: string; message: string }> {
    const { accountId, principal, document } = target;
    const client = this.client(await this.access(accountId));
    try {
      if (document.kind === 'inline') {
        const policy = { PolicyName: document.name, PolicyDocument: content };
        const label = { role: 'Role', user: 'User', group: 'Group' }[principal.kind];
        if (principal.kind === 'role') await client.send(new PutRolePolicyCommand({ ...policy, RoleName: principal.name }));
        else if (principal.kind === 'user') await client.send(new PutUserPolicyCommand({ ...policy, UserName: principal.name }));
        else await client.send(new PutGroupPolicyCommand({ ...policy, GroupName: principal.name }));
        return { operation: `Put${label}Policy`, message: `Saved the inline policy ${document.name} of ${principal.kind} ${principal.name} (Put${label}Policy).` };
      }
      if (document.kind === 'trust') throw new Error('The trust policy is saved with UpdateAssumeRolePolicy, which this editor does not run.');
      const versions = (await client.send(new ListPolicyVersionsCommand({ PolicyArn: document.arn }))).Versions ?? [];
      let deleted = '';
      if (versions.length >= MAX_POLICY_VERSIONS) {
        const oldest = versions.filter((version) => !version.IsDefaultVersion).sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0))[0];
        await client.send(new DeletePolicyVersionCommand({ PolicyArn: document.arn, VersionId: oldest.VersionId }));
        deleted = ` The policy kept ${MAX_POLICY_VERSIONS} versions, so its oldest non-default version, ${oldest.VersionId}, was deleted first, as the IAM console does.`;
      }
      const created = await client.send(new CreatePolicyVersionCommand({ PolicyArn: document.arn, PolicyDocument: content, SetAsDefault: true }));
      return { operation: 'CreatePolicyVersion', message: `Saved ${document.arn} as its new default version, ${created.PolicyVersion?.VersionId}.${deleted}` };
    } finally {
      client.destroy();
      this.accounts.delete(accountId);
    }
  }

  private async load(accountId: string): Promise<AccountPrincipals> {
    const readAt = new Date();
    let via: AccountPrincipals['via'] = 'connection';
    try {
      via = await this.access(accountId);
      const client = this.client(via);
      const authorization: AccountAuthorization = { users: [], groups: [], roles: [], policies: [] };
      for await (const page of paginateGetAccountAuthorizationDetails({ client }, {})) {
        authorization.users.push(...(page.UserDetailList ?? []).map((user) => ({ ...user, UserPolicyList: user.UserPolicyList?.map((policy) => ({ ...policy, PolicyDocument: decoded(policy.PolicyDocument) })) })));
        authorization.groups.push(...(page.GroupDetailList ?? []).map((group) => ({ ...group, GroupPolicyList: group.GroupPolicyList?.map((policy) => ({ ...policy, PolicyDocument: decoded(policy.PolicyDocument) })) })));
        authorization.roles.push(...(page.RoleDetailList ?? []).map((role) => ({
          ...role, AssumeRolePolicyDocument: decoded(role.AssumeRolePolicyDocument),
          RolePolicyList: role.RolePolicyList?.map((policy) => ({ ...policy, PolicyDocument: decoded(policy.PolicyDocument) })),
        })));
        authorization.policies.push(...(page.Policies ?? []).map((policy) => ({ ...policy, PolicyVersionList: policy.PolicyVersionList?.map((version) => ({ ...version, Document: decoded(version.Document) })) })));
      }
      client.destroy();
      return { accountId, readAt, authorization, via };
    } catch (error) {
      const { name, message } = error as Error;
      return { accountId, readAt, error: { name, message }, via };
    }
  }
}

/** A document as the evaluator reads it: parsed JSON, or the text itself when it does not parse (it then matches nothing). */
function parsed(document: string | undefined): unknown {
  try {
    return JSON.parse(document ?? '{}') as unknown;
  } catch {
    return document;
  }
}

/**
 * The roles and users of an account as the evaluator needs them: each with its inline and attached managed
 * policies (a user with its groups', named `Policy (group Name)`), its permissions boundary and its tags. A role
 * under `/aws-service-role/` is service-linked, which SCPs do not affect.
 */
export function principalFacts(read: AccountPrincipals): PrincipalFacts[] {
  if (!read.authorization) return [];
  const { users, groups, roles, policies } = read.authorization;
  const managed = new Map(policies.map((policy) => [policy.Arn, parsed(policy.PolicyVersionList?.find((version) => version.IsDefaultVersion)?.Document)]));
  const attached = (list: { PolicyName?: string; PolicyArn?: string }[] | undefined, holder = ''): NamedPolicy[] =>
    (list ?? []).filter((policy) => managed.has(policy.PolicyArn)).map((policy) => ({ Name: `${policy.PolicyName}${holder}`, Document: managed.get(policy.PolicyArn) }));
  const inline = (list: { PolicyName?: string; PolicyDocument?: string }[] | undefined, holder = ''): NamedPolicy[] =>
    (list ?? []).map((policy) => ({ Name: `${policy.PolicyName}${holder}`, Document: parsed(policy.PolicyDocument) }));
  const boundary = (arn: string | undefined) => {
    const policy = arn === undefined ? undefined : policies.find((candidate) => candidate.Arn === arn);
    return policy ? { permissionsBoundary: { Name: policy.PolicyName!, Document: managed.get(arn) } } : {};
  };
  const tags = (list: { Key?: string; Value?: string }[] | undefined) => Object.fromEntries((list ?? []).map((tag) => [tag.Key!, tag.Value ?? '']));
  return [
    ...roles.map((role): PrincipalFacts => ({
      kind: 'role', accountId: read.accountId, name: role.RoleName!, arn: role.Arn!, id: role.RoleId!, tags: tags(role.Tags),
      serviceLinked: (role.Path ?? '').startsWith('/aws-service-role/'),
      identityPolicies: [...inline(role.RolePolicyList), ...attached(role.AttachedManagedPolicies)],
      ...boundary(role.PermissionsBoundary?.PermissionsBoundaryArn),
    })),
    ...users.map((user): PrincipalFacts => ({
      kind: 'user', accountId: read.accountId, name: user.UserName!, arn: user.Arn!, id: user.UserId!, tags: tags(user.Tags), serviceLinked: false,
      identityPolicies: [
        ...inline(user.UserPolicyList), ...attached(user.AttachedManagedPolicies),
        ...groups.filter((group) => user.GroupList?.includes(group.GroupName!)).flatMap((group) => [
          ...inline(group.GroupPolicyList, ` (group ${group.GroupName})`), ...attached(group.AttachedManagedPolicies, ` (group ${group.GroupName})`),
        ]),
      ],
      ...boundary(user.PermissionsBoundary?.PermissionsBoundaryArn),
    })),
  ];
}

const principals = new WeakMap<OrganizationConnection, ConnectionPrincipals>();

/** The principals reader of a connection (one per connection, dropped with it). */
export function principalsOf(connection: OrganizationConnection): ConnectionPrincipals {
  let reader = principals.get(connection);
  if (!reader) principals.set(connection, (reader = new ConnectionPrincipals(connection)));
  return reader;
}
