import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isPartition, partitionNames, partitionOf } from '../../../server/src/aws/partition';

test('a region belongs to the partition the SDK\'s data puts it in', () => {
  // One region of each partition, as AWS names them.
  const regions: Record<string, string> = {
    'us-east-1': 'aws', 'eu-central-2': 'aws', 'cn-north-1': 'aws-cn', 'cn-northwest-1': 'aws-cn', 'us-gov-west-1': 'aws-us-gov',
    'us-iso-east-1': 'aws-iso', 'us-isob-east-1': 'aws-iso-b', 'eu-isoe-west-1': 'aws-iso-e', 'us-isof-south-1': 'aws-iso-f',
    'eusc-de-east-1': 'aws-eusc',
  };
  for (const [region, expected] of Object.entries(regions)) assert.equal(partitionOf(region), expected, region);
  assert.deepEqual(new Set(Object.values(regions)), new Set(partitionNames), 'every partition named has a region');
});

test('a region AWS does not know falls in the commercial partition, as the SDK resolves it', () => {
  assert.equal(partitionOf('xx-nowhere-1'), 'aws');
  assert.equal(partitionOf(''), 'aws');
});

test('only AWS\'s partitions are partitions', () => {
  assert.ok(isPartition('aws-us-gov'));
  assert.ok(!isPartition('aws-xx'));
  assert.ok(!isPartition('AWS'));
});
