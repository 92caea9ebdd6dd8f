/** How an IAM operation is declared: it runs on the IAM of the calling account. */
import type { OperationDefinition } from '../operation';
import type { Input } from '../input';
import { AccountIam } from './accountIam';

/** Declares an IAM operation: any account may call it, on its own IAM, its ARNs in the request's partition. */
export function iamOperation(run: (iam: AccountIam, input: Input) => unknown): OperationDefinition {
  return { access: 'anyAccount', run: (ctx, input) => run(new AccountIam(ctx, ctx.caller, ctx.partition), input) };
}
