/**
 * The change table of the accounts' IAM and STS (as `emulator/iam/` and `emulator/sts.ts`): what each mutating
 * operation changes of what the Organization view shows of an account's IAM (its roles and users, their trust,
 * policies, boundaries and groups). The account is the one that called: IAM operations act on the caller's own IAM.
 */
import { iamNodeId, type OrganizationScope } from '../../protocol';

/** What an IAM or STS change changed: the account's IAM, or nothing shown. */
export type IamChangeRecorder = (accountId: string) => { scopes: OrganizationScope[]; ids: string[] } | undefined;

const accountIamChanged: IamChangeRecorder = (accountId) => ({ scopes: ['iam'], ids: [iamNodeId(accountId)] });
/** Tags, unattached customer managed policies, non-default versions and empty groups: nothing the view shows. */
const changesNothingShown: IamChangeRecorder = () => undefined;

/** Users, groups and roles (`emulator/iam/principals.ts`). */
const principalChanges: Record<string, IamChangeRecorder> = {
  CreateRole: accountIamChanged,
  UpdateRole: accountIamChanged,
  UpdateRoleDescription: accountIamChanged,
  UpdateAssumeRolePolicy: accountIamChanged,
  DeleteRole: accountIamChanged,
  CreateUser: accountIamChanged,
  UpdateUser: accountIamChanged,
  DeleteUser: accountIamChanged,
  CreateGroup: changesNothingShown,
  UpdateGroup: accountIamChanged,
  DeleteGroup: changesNothingShown,
  AddUserToGroup: accountIamChanged,
  RemoveUserFromGroup: accountIamChanged,
};

/** Customer managed policies and their versions (`emulator/iam/policies.ts`): a new default version changes attached documents. */
const policyChanges: Record<string, IamChangeRecorder> = {
  CreatePolicy: changesNothingShown,
  DeletePolicy: changesNothingShown,
  CreatePolicyVersion: accountIamChanged,
  DeletePolicyVersion: changesNothingShown,
  SetDefaultPolicyVersion: accountIamChanged,
};

/** What principals hold (`emulator/iam/permissions.ts`). */
const permissionChanges: Record<string, IamChangeRecorder> = Object.fromEntries([
  ...['User', 'Group', 'Role'].flatMap((label) => [`Put${label}Policy`, `Delete${label}Policy`, `Attach${label}Policy`, `Detach${label}Policy`]
    .map((operation) => [operation, accountIamChanged])),
  ...['User', 'Role'].flatMap((label) => [`Put${label}PermissionsBoundary`, `Delete${label}PermissionsBoundary`].map((operation) => [operation, accountIamChanged])),
  ...['User', 'Role', 'Policy'].flatMap((label) => [`Tag${label}`, `Untag${label}`].map((operation) => [operation, changesNothingShown])),
]);

/** Service-linked roles an account creates and deletes itself (`emulator/iam/account.ts`). */
const accountChanges: Record<string, IamChangeRecorder> = {
  CreateServiceLinkedRole: accountIamChanged,
  DeleteServiceLinkedRole: accountIamChanged,
};

export const iamChangeTable: Record<string, IamChangeRecorder> = { ...principalChanges, ...policyChanges, ...permissionChanges, ...accountChanges };

/** STS (`emulator/sts.ts`): a role session changes only when the role was last used, which the view does not show. */
export const stsChangeTable: Record<string, IamChangeRecorder> = { AssumeRole: changesNothingShown };
