/**
 * The AWS managed policies Organizations attaches by itself: `FullAWSAccess` (SCP) and `RCPFullAWSAccess`
 * (RCP). They belong to AWS (ARN account `aws`), can't be changed or deleted, and RCPFullAWSAccess can't be
 * detached.
 */
import type { PolicyType } from '@aws-sdk/client-organizations';
import type { PolicyRecord } from './state';

export interface ManagedPolicy extends PolicyRecord {
  /** False for a policy AWS keeps attached to every root, OU and account (RCPFullAWSAccess). */
  detachable: boolean;
}

export const managedPolicies: readonly ManagedPolicy[] = [
  {
    Id: 'p-FullAWSAccess',
    Name: 'FullAWSAccess',
    Description: 'Allows access to every operation',
    Type: 'SERVICE_CONTROL_POLICY',
    Content: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}',
    detachable: true,
  },
  {
    Id: 'p-RCPFullAWSAccess',
    Name: 'RCPFullAWSAccess',
    Description: 'Allows access to every resource',
    Type: 'RESOURCE_CONTROL_POLICY',
    Content: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": "*",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}',
    detachable: false,
  },
];

/** The AWS managed policy by ID. */
export function managedPolicy(id: string): ManagedPolicy | undefined {
  return managedPolicies.find((policy) => policy.Id === id);
}

/** The policy Organizations attaches to every new root, OU and account while the type is enabled. */
export function defaultPolicyFor(type: PolicyType): ManagedPolicy | undefined {
  return managedPolicies.find((policy) => policy.Type === type);
}
