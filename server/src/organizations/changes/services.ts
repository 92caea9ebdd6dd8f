/** The cache after changes to trusted access and delegated administrators (as `emulator/operations/services.ts`). */
import { iamNodeId } from '../../protocol';
import { type Change, type Changed, type ChangeRecorder, type ChangeTable, field } from './change';

const trustedServicesChanged = ({ cache, input }: Change): Changed => {
  cache.delegations = undefined;
  const accountId = field(input, 'AccountId');
  return { scopes: ['trustedServices'], ids: accountId ? [accountId] : [] };
};

/**
 * Trusted access enabled or disabled: the service creates or deletes its service-linked role in every member
 * account, so the IAM of every account the view may show changed too.
 */
const serviceAccessChanged: ChangeRecorder = (change) => {
  const changed = trustedServicesChanged(change);
  const accounts = [...change.cache.nodes.values()].filter((node) => node.kind === 'account').map((node) => iamNodeId(node.account.Id!));
  return { scopes: [...changed.scopes, 'iam'], ids: [...(changed.ids ?? []), ...accounts] };
};

export const serviceChanges: ChangeTable = {
  EnableAWSServiceAccess: serviceAccessChanged,
  DisableAWSServiceAccess: serviceAccessChanged,
  RegisterDelegatedAdministrator: trustedServicesChanged,
  DeregisterDelegatedAdministrator: trustedServicesChanged,
};
