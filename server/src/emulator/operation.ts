/**
 * How an operation is declared: who may call it (facts §5.8) and what it does. The engine checks the access
 * before it runs the operation.
 */
import type { Context } from './context';
import type { Input } from './input';

/**
 * Who may call an operation:
 * - `anyone`: any account, in an organization or not (CreateOrganization);
 * - `anyAccount`: any account, including invited accounts outside the organization (handshake operations);
 * - `member`: any account in the organization;
 * - `readers`: the management account, a delegated administrator, or an account the delegation policy allows;
 * - `policyManagers`: the management account or an account the delegation policy allows;
 * - `management`: the management account only.
 */
export type Access = 'anyone' | 'anyAccount' | 'member' | 'readers' | 'policyManagers' | 'management';

export interface OperationDefinition {
  access: Access;
  run(ctx: Context, input: Input): unknown;
}

/** Declares an operation. */
export function operation(access: Access, run: (ctx: Context, input: Input) => unknown): OperationDefinition {
  return { access, run };
}
