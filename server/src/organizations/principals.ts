/**
 * The IAM principals of an organization's accounts, read through `@aws-sdk/client-iam` on the connection's own
 * transport and credentials (one code path to AWS and to the embedded organization). The connection's own
 * account is read with its credentials; any other account through `sts:AssumeRole` into its
 * `OrganizationAccountAccessRole` (or another role), as one reads a member account on AWS. Each account is read
 * whole with `GetAccountAuthorizationDetails`, page by page, when first asked for, and kept with the time it
 * was read until a refresh; an account that cannot be read keeps the reason.
 */
import {
  IAMClient, paginateGetAccountAuthorizationDetails, type GroupDetail, type ManagedPolicyDetail, type RoleDetail, type UserDetail,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { iamArn } from '../aws/iamArns';
import type { OrganizationConnection } from './connection';

/** The role the management account assumes in a member account, as CreateAccount names it by default. */
export const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';
const sessionName = 'aws-organizations-vscode';

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
    // Any change may have added or removed principals (trusted access, a new account, a reset): read again on demand.
    connection.model.onDidChange(() => this.accounts.clear());
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

  private async load(accountId: string): Promise<AccountPrincipals> {
    const readAt = new Date();
    let via: AccountPrincipals['via'] = 'connection';
    try {
      const config = this.config();
      if (accountId !== await this.caller()) {
        const roleArn = iamArn('aws', accountId, 'role', '/', this.memberRole);
        via = { roleArn };
        const { credentials, ...transport } = config;
        config.credentials = fromTemporaryCredentials({ masterCredentials: credentials, params: { RoleArn: roleArn, RoleSessionName: sessionName }, clientConfig: transport });
      }
      const client = new IAMClient(config);
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

const principals = new WeakMap<OrganizationConnection, ConnectionPrincipals>();

/** The principals reader of a connection (one per connection, dropped with it). */
export function principalsOf(connection: OrganizationConnection): ConnectionPrincipals {
  let reader = principals.get(connection);
  if (!reader) principals.set(connection, (reader = new ConnectionPrincipals(connection)));
  return reader;
}
