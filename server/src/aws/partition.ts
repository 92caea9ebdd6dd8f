/**
 * AWS partitions: the partition a region belongs to, as the AWS SDK's own partition data defines it (the
 * `partitions.json` that every SDK resolves endpoints with), and the names of the partitions ARNs may carry.
 * AWS builds every ARN in the partition of the request (`arn:aws-cn:...` for `cn-north-1`).
 */
import { partition } from '@aws-sdk/core/client';

/** AWS's partition of a region: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, ...; `aws` for a region it does not know. */
export function partitionOf(region: string): string {
  return partition(region).name;
}

/**
 * The partitions of the SDK's data, by name: the commercial, China and GovCloud partitions, the isolated
 * ones and the European Sovereign Cloud. `test/unit/aws/partition.test.ts` checks each against `partitionOf`.
 */
export const partitionNames: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** Whether a name is one of AWS's partitions. */
export function isPartition(name: string): boolean {
  return partitionNames.includes(name);
}
