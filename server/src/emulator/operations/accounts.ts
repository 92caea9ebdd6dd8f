/**
 * Accounts: CreateAccount (asynchronous: IN_PROGRESS, then SUCCEEDED or FAILED by the clock), the GovCloud
 * variant, describe and list, MoveAccount, removal, LeaveOrganization, and CloseAccount (PENDING_CLOSURE, then
 * SUSPENDED by the clock).
 */
import type {
  CreateAccountResponse,
  CreateAccountState,
  DescribeAccountResponse,
  DescribeCreateAccountStatusResponse,
  IAMUserAccessToBilling,
  ListAccountsForParentResponse,
  ListAccountsResponse,
  ListCreateAccountStatusResponse,
} from '@aws-sdk/client-organizations';
import type { Context } from '../context';
import { constraintViolation, invalidInput, notFound, OrganizationsError } from '../errors';
import { patterns, rules } from '../../aws/inputRules';
import { type Input } from '../input';
import { leaveOrganization } from '../iam/automatic';
import { operation } from '../operation';
import { checkNewTags } from './tags';
import { page } from '../paging';

/** The role CreateAccount creates for the management account when none is named. */
export const DEFAULT_ROLE_NAME = 'OrganizationAccountAccessRole';
const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

/** Accounts that count toward the account quota: members not yet permanently closed, creations, open invitations. */
export function accountsCounted(ctx: Context): number {
  return ctx.countedMembers()
    + ctx.tx.values('createAccountStatuses').filter((status) => status.State === 'IN_PROGRESS').length
    + ctx.tx.values('handshakes').filter((handshake) => handshake.Action === 'INVITE' && handshake.State === 'OPEN').length;
}

/** Reads and checks a CreateAccount or CreateGovCloudAccount request. */
function accountRequest(ctx: Context, input: Input) {
  const request = {
    Email: input.string('Email', rules.email),
    AccountName: input.string('AccountName', rules.accountName),
    RoleName: input.optionalString('RoleName', { pattern: patterns.roleName, patternReason: 'INVALID_ROLE_NAME' }) ?? DEFAULT_ROLE_NAME,
    IamUserAccessToBilling: input.optionalEnum<IAMUserAccessToBilling>('IamUserAccessToBilling', ['ALLOW', 'DENY']) ?? 'ALLOW',
    Tags: input.optionalTags() ?? [],
  };
  checkNewTags(ctx, 'account', request.Tags);
  return request;
}

function requireMovable(ctx: Context, accountId: string) {
  const account = ctx.requireMember(accountId);
  if (ctx.isManagementAccount(accountId)) {
    throw new OrganizationsError('MasterCannotLeaveOrganizationException', "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.");
  }
  if (ctx.tx.values('delegatedAdministrators').some((admin) => admin.AccountId === accountId)) {
    throw constraintViolation('CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG', 'You attempted to remove an account that is registered as a delegated administrator for a service integrated with your organization. Deregister it first.');
  }
  return account;
}

export const accountOperations = {
  CreateAccount: operation('management', (ctx, input): CreateAccountResponse => {
    const request = accountRequest(ctx, input);
    // AWS documents five account creations in progress at a time ("Number of member accounts you can create
    // concurrently: 5. As soon as one finishes, you can start another", the Organizations quotas page), and the reason
    // for going over: ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED, "You attempted to exceed the number of accounts that can be
    // in progress at a time" (the SDK's ConstraintViolationException; older references called it a per-day limit).
    const inProgress = ctx.tx.values('createAccountStatuses').filter((status) => status.State === 'IN_PROGRESS').length;
    if (inProgress >= ctx.quotas.concurrentAccountCreations) {
      throw constraintViolation('ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED', 'You attempted to exceed the number of accounts that can be in progress at a time.');
    }
    if (accountsCounted(ctx) >= ctx.quota('accountsPerOrganization')) {
      throw constraintViolation('ACCOUNT_NUMBER_LIMIT_EXCEEDED', 'You attempted to exceed the limit on the number of accounts in an organization.');
    }
    const emailTaken = ctx.isEmailTaken(request.Email)
      || ctx.tx.values('createAccountStatuses').some((status) => status.State === 'IN_PROGRESS' && status.Email.toLowerCase() === request.Email.toLowerCase());
    const id = ctx.newId('createAccountRequest');
    const status = {
      Id: id,
      AccountName: request.AccountName,
      Email: request.Email,
      State: 'IN_PROGRESS' as const,
      RequestedTimestamp: ctx.nowIso,
      DueTimestamp: new Date(ctx.now.getTime() + ctx.timings.accountCreationMs).toISOString(),
      AccountId: ctx.newAccountId(),
      // AWS reports a duplicate email asynchronously, as the request's failure reason.
      FailureReason: emailTaken ? 'EMAIL_ALREADY_EXISTS' as const : undefined,
      RoleName: request.RoleName,
      IamUserAccessToBilling: request.IamUserAccessToBilling,
      Tags: request.Tags,
    };
    ctx.tx.put('createAccountStatuses', id, status);
    return { CreateAccountStatus: ctx.createAccountStatusView({ ...status, FailureReason: undefined }) };
  }),

  CreateGovCloudAccount: operation('management', (ctx, input) => {
    accountRequest(ctx, input);
    // The embedded organization's management account has no associated AWS GovCloud (US) account.
    throw constraintViolation('MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED', 'To complete this operation, the management account must have an associated account in the AWS GovCloud (US-West) Region.');
  }),

  DescribeCreateAccountStatus: operation('readers', (ctx, input): DescribeCreateAccountStatusResponse => {
    const id = input.string('CreateAccountRequestId', { pattern: patterns.createAccountRequestId });
    const status = ctx.tx.get('createAccountStatuses', id);
    if (!status) throw notFound('CreateAccountStatusNotFoundException');
    return { CreateAccountStatus: ctx.createAccountStatusView(status) };
  }),

  ListCreateAccountStatus: operation('readers', (ctx, input): ListCreateAccountStatusResponse => {
    const states = input.optionalStringList('States') as CreateAccountState[] | undefined;
    for (const state of states ?? []) {
      if (!['IN_PROGRESS', 'SUCCEEDED', 'FAILED'].includes(state)) {
        throw invalidInput('INVALID_ENUM');
      }
    }
    const statuses = ctx.tx.values('createAccountStatuses').filter((status) => !states?.length || states.includes(status.State));
    const { items, NextToken } = page('ListCreateAccountStatus', input, statuses);
    return { CreateAccountStatuses: items.map((status) => ctx.createAccountStatusView(status)), NextToken };
  }),

  DescribeAccount: operation('readers', (ctx, input): DescribeAccountResponse => {
    const id = input.string('AccountId', rules.accountId);
    return { Account: ctx.accountView(ctx.requireMember(id)) };
  }),

  ListAccounts: operation('readers', (ctx, input): ListAccountsResponse => {
    const { items, NextToken } = page('ListAccounts', input, ctx.members());
    return { Accounts: items.map((account) => ctx.accountView(account)), NextToken };
  }),

  ListAccountsForParent: operation('readers', (ctx, input): ListAccountsForParentResponse => {
    const parentId = ctx.requireParent(input.string('ParentId', rules.parentId));
    const { items, NextToken } = page('ListAccountsForParent', input, ctx.membersOf(parentId));
    return { Accounts: items.map((account) => ctx.accountView(account)), NextToken };
  }),

  MoveAccount: operation('management', (ctx, input) => {
    const accountId = input.string('AccountId', rules.accountId);
    const sourceId = input.string('SourceParentId', rules.parentId);
    const destinationId = input.string('DestinationParentId', rules.parentId);
    const account = ctx.requireMember(accountId);
    ctx.requireParent(sourceId, 'SourceParentNotFoundException');
    ctx.requireParent(destinationId, 'DestinationParentNotFoundException');
    if (account.ParentId !== sourceId) {
      throw notFound('SourceParentNotFoundException');
    }
    if (sourceId === destinationId) {
      throw new OrganizationsError('DuplicateAccountException', 'That account is already present in the specified destination.');
    }
    ctx.tx.put('accounts', accountId, { ...account, ParentId: destinationId });
    return {};
  }),

  RemoveAccountFromOrganization: operation('management', (ctx, input) => {
    const account = requireMovable(ctx, input.string('AccountId', rules.accountId));
    leaveOrganization(ctx, account);
    return {};
  }),

  LeaveOrganization: operation('member', (ctx) => {
    leaveOrganization(ctx, requireMovable(ctx, ctx.caller));
    return {};
  }),

  CloseAccount: operation('management', (ctx, input) => {
    const accountId = input.string('AccountId', rules.accountId);
    const account = ctx.requireMember(accountId);
    if (ctx.isManagementAccount(accountId)) {
      throw constraintViolation('CANNOT_CLOSE_MANAGEMENT_ACCOUNT', 'You attempted to close the management account.');
    }
    if (account.State !== 'ACTIVE') {
      throw new OrganizationsError('AccountAlreadyClosedException', 'You attempted to close an account that is already closed.');
    }
    // Closures per rolling 30 days: the higher of 250 or 20% of member accounts, at most 1,000.
    const quota = Math.min(1000, Math.max(250, Math.floor(ctx.members().length * 0.2)));
    const recent = ctx.members().filter((member) => member.ClosureRequestedTimestamp
      && ctx.now.getTime() - Date.parse(member.ClosureRequestedTimestamp) < THIRTY_DAYS_MS).length;
    if (recent >= quota) throw constraintViolation('CLOSE_ACCOUNT_QUOTA_EXCEEDED', 'You have exceeded close account quota for the past 30 days.');
    ctx.tx.put('accounts', accountId, { ...account, State: 'PENDING_CLOSURE', ClosureRequestedTimestamp: ctx.nowIso });
    return {};
  }),
};
