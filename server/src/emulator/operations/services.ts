/**
 * Trusted access (enable, disable, list) with the service-linked roles it creates in member accounts, and
 * delegated administrators (register, deregister, list both ways) with each service's limits.
 */
import type {
  DelegatedAdministrator,
  ListAWSServiceAccessForOrganizationResponse,
  ListDelegatedAdministratorsResponse,
  ListDelegatedServicesForAccountResponse,
} from '@aws-sdk/client-organizations';
import { constraintViolation, invalidInput, OrganizationsError } from '../errors';
import { rules } from '../../aws/inputRules';
import { createServiceLinkedRole, deleteServiceLinkedRole } from '../iam/automatic';
import { type Input } from '../input';
import { operation } from '../operation';
import { page } from '../paging';
import { integratedService, policyTypesForService } from '../../aws/servicePrincipals';

/** A service principal of an integrated service; `delegable` also requires delegated administrator support. */
function readServicePrincipal(input: Input, delegable = false): string {
  const principal = input.string('ServicePrincipal', rules.servicePrincipal);
  const service = integratedService(principal);
  if (!service || (delegable && service.maxDelegatedAdministrators === 0)) {
    throw invalidInput('UNRECOGNIZED_SERVICE_PRINCIPAL');
  }
  return principal;
}

const registrationKey = (accountId: string, servicePrincipal: string): string => `${accountId}|${servicePrincipal}`;

export const serviceOperations = {
  EnableAWSServiceAccess: operation('management', (ctx, input) => {
    const principal = readServicePrincipal(input);
    ctx.requireAllFeatures();
    if (ctx.tx.get('serviceAccess', principal)) return {};
    ctx.tx.put('serviceAccess', principal, { ServicePrincipal: principal, DateEnabled: ctx.nowIso });
    for (const account of ctx.members()) createServiceLinkedRole(ctx, account.Id, principal);
    return {};
  }),

  DisableAWSServiceAccess: operation('management', (ctx, input) => {
    const principal = readServicePrincipal(input);
    ctx.requireAllFeatures();
    const blocking = policyTypesForService(principal).filter((type) => ctx.isPolicyTypeEnabled(type));
    if (blocking.length) {
      throw constraintViolation('POLICY_TYPE_ENABLED_FOR_THIS_SERVICE', `Disable the ${blocking.join(', ')} policy type before you disable service access.`);
    }
    if (!ctx.tx.get('serviceAccess', principal)) return {};
    ctx.tx.delete('serviceAccess', principal);
    for (const account of ctx.members()) deleteServiceLinkedRole(ctx, account.Id, principal);
    return {};
  }),

  ListAWSServiceAccessForOrganization: operation('readers', (ctx, input): ListAWSServiceAccessForOrganizationResponse => {
    ctx.requireAllFeatures();
    const { items, NextToken } = page('ListAWSServiceAccessForOrganization', input, ctx.tx.values('serviceAccess'));
    return { EnabledServicePrincipals: items.map((access) => ({ ServicePrincipal: access.ServicePrincipal, DateEnabled: new Date(access.DateEnabled) })), NextToken };
  }),

  RegisterDelegatedAdministrator: operation('management', (ctx, input) => {
    const accountId = input.string('AccountId', rules.accountId);
    const principal = readServicePrincipal(input, true);
    ctx.requireAllFeatures();
    const account = ctx.requireMember(accountId);
    if (ctx.isManagementAccount(accountId)) {
      throw constraintViolation('CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR', 'You can designate only a member account as a delegated administrator.');
    }
    if (account.State !== 'ACTIVE') {
      throw constraintViolation('CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR', 'You cannot register a suspended account as a delegated administrator.');
    }
    if (!ctx.tx.get('serviceAccess', principal)) {
      throw constraintViolation('SERVICE_ACCESS_NOT_ENABLED', `Enable trusted access for ${principal} before you register a delegated administrator.`);
    }
    if (ctx.tx.get('delegatedAdministrators', registrationKey(accountId, principal))) {
      throw new OrganizationsError('AccountAlreadyRegisteredException', 'The provided account is already a delegated administrator for your organization.');
    }
    const registered = ctx.tx.values('delegatedAdministrators').filter((admin) => admin.ServicePrincipal === principal).length;
    const limit = integratedService(principal)!.maxDelegatedAdministrators;
    if (registered >= limit) {
      throw limit === 1
        ? constraintViolation('DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE', 'The service already has a delegated administrator. Deregister it first.')
        : constraintViolation('MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED', 'You attempted to register more delegated administrators than allowed for the service principal.');
    }
    ctx.tx.put('delegatedAdministrators', registrationKey(accountId, principal), { AccountId: accountId, ServicePrincipal: principal, DelegationEnabledDate: ctx.nowIso });
    return {};
  }),

  DeregisterDelegatedAdministrator: operation('management', (ctx, input) => {
    const accountId = input.string('AccountId', rules.accountId);
    const principal = readServicePrincipal(input, true);
    ctx.requireMember(accountId);
    if (!ctx.tx.get('delegatedAdministrators', registrationKey(accountId, principal))) {
      throw new OrganizationsError('AccountNotRegisteredException', 'The specified account is not a delegated administrator for this AWS service.');
    }
    ctx.tx.delete('delegatedAdministrators', registrationKey(accountId, principal));
    return {};
  }),

  ListDelegatedAdministrators: operation('readers', (ctx, input): ListDelegatedAdministratorsResponse => {
    const principal = input.has('ServicePrincipal') ? readServicePrincipal(input, true) : undefined;
    ctx.requireAllFeatures();
    const earliest = new Map<string, string>();
    for (const admin of ctx.tx.values('delegatedAdministrators')) {
      if (principal && admin.ServicePrincipal !== principal) continue;
      const known = earliest.get(admin.AccountId);
      if (!known || admin.DelegationEnabledDate < known) earliest.set(admin.AccountId, admin.DelegationEnabledDate);
    }
    const admins: DelegatedAdministrator[] = [...earliest].flatMap(([accountId, date]) => {
      const account = ctx.member(accountId);
      if (!account) return [];
      const { Paths: _paths, ...view } = ctx.accountView(account);
      return [{ ...view, DelegationEnabledDate: new Date(date) }];
    });
    const { items, NextToken } = page('ListDelegatedAdministrators', input, admins);
    return { DelegatedAdministrators: items, NextToken };
  }),

  ListDelegatedServicesForAccount: operation('readers', (ctx, input): ListDelegatedServicesForAccountResponse => {
    const accountId = input.string('AccountId', rules.accountId);
    ctx.requireAllFeatures();
    ctx.requireMember(accountId);
    const services = ctx.tx.values('delegatedAdministrators').filter((admin) => admin.AccountId === accountId);
    if (!services.length) {
      throw new OrganizationsError('AccountNotRegisteredException', 'The specified account is not a delegated administrator for any AWS service.');
    }
    const { items, NextToken } = page('ListDelegatedServicesForAccount', input, services);
    return { DelegatedServices: items.map((admin) => ({ ServicePrincipal: admin.ServicePrincipal, DelegationEnabledDate: new Date(admin.DelegationEnabledDate) })), NextToken };
  }),
};
