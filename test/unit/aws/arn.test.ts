import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { arnParts } from '../../../server/src/aws/arn';

test('arnParts splits an ARN into its six parts, the resource keeping its colons', () => {
  assert.deepEqual(arnParts('arn:aws:s3:::amzn-s3-demo-bucket/*'), ['arn', 'aws', 's3', '', '', 'amzn-s3-demo-bucket/*']);
  assert.deepEqual(arnParts('arn:aws:logs:us-east-1:111111111111:log-group:web:*'), ['arn', 'aws', 'logs', 'us-east-1', '111111111111', 'log-group:web:*']);
  assert.equal(arnParts('arn:aws:s3'), undefined);
});
