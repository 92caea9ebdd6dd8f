/**
 * IAM's ARNs, built and read in one place: `arn:<partition>:iam::<account>:<type><path><name>` for users,
 * roles, groups and customer managed policies, `arn:<partition>:iam::aws:policy<path><name>` for AWS managed
 * policies, the account root, and STS's assumed-role sessions (IAM User Guide, "IAM identifiers").
 */

/** The IAM resource types whose ARNs carry a path. */
export type IamResourceType = 'user' | 'role' | 'group' | 'policy';

/** The account part of an AWS managed policy's ARN. */
export const AWS_MANAGED_ACCOUNT = 'aws';

/** An IAM entity's ARN; `path` starts and ends with `/`. */
export function iamArn(partition: string, account: string, type: IamResourceType, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:${type}${path}${name}`;
}

/** The ARN of an account's root user. */
export function accountRootArn(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:root`;
}

/** The ARN STS gives a role session: `arn:<partition>:sts::<account>:assumed-role/<role>/<session>`. */
export function assumedRoleArn(partition: string, account: string, roleName: string, sessionName: string): string {
  return `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`;
}

/** The parts of an IAM entity's ARN. */
export interface IamArnParts {
  partition: string;
  account: string;
  type: IamResourceType;
  path: string;
  name: string;
}

const iamArnPattern = /^arn:(aws[a-z-]*):iam::(\d{12}|aws):(user|role|group|policy)(\/(?:[\u0021-\u007E]*\/)?)([\w+=,.@-]+)$/;

/** Reads an IAM entity's ARN, or undefined when it is none. */
export function parseIamArn(arn: string): IamArnParts | undefined {
  const match = iamArnPattern.exec(arn);
  if (!match) return undefined;
  const [, partition, account, type, path, name] = match;
  return { partition, account, type: type as IamResourceType, path, name };
}

/** The same ARN in another partition: `arn:aws:...` → `arn:aws-cn:...`. */
export function inPartition(arn: string, partition: string): string {
  return arn.replace(/^arn:aws[a-z-]*:/, `arn:${partition}:`);
}

/** Whether an ARN names an AWS managed policy. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return parseIamArn(arn)?.account === AWS_MANAGED_ACCOUNT;
}
