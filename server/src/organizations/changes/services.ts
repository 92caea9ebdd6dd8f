/** The cache after changes to trusted access and delegated administrators (as `emulator/operations/services.ts`). */
import { type ChangeRecorder, type ChangeTable, field } from './change';

const trustedServicesChanged: ChangeRecorder = ({ cache, input }) => {
  cache.delegations = undefined;
  const accountId = field(input, 'AccountId');
  return { scopes: ['trustedServices'], ids: accountId ? [accountId] : [] };
};

export const serviceChanges: ChangeTable = {
  EnableAWSServiceAccess: trustedServicesChanged,
  DisableAWSServiceAccess: trustedServicesChanged,
  RegisterDelegatedAdministrator: trustedServicesChanged,
  DeregisterDelegatedAdministrator: trustedServicesChanged,
};
