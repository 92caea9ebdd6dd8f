/** The environment for a shell: every variable the AWS CLI needs, as `export` lines a POSIX shell reads back unchanged. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { endpointEnvironment, shellExports } from '../../../server/src/endpoint/environment';

test('the environment names the endpoint for Organizations, STS and Cost Explorer, the key and us-east-1', () => {
  assert.deepEqual(endpointEnvironment('http://127.0.0.1:4566', { accessKeyId: '111111111111', secretAccessKey: 'local' }), {
    AWS_ENDPOINT_URL_ORGANIZATIONS: 'http://127.0.0.1:4566',
    AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4566',
    AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:4566',
    AWS_ENDPOINT_URL_COST_EXPLORER: 'http://127.0.0.1:4566',
    AWS_ACCESS_KEY_ID: '111111111111',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
  });
});

test('export lines survive a shell, quotes and spaces included', () => {
  const environment = { PLAIN: 'abc+/=', AWKWARD: `it's a "secret" $HOME` };
  const exports = shellExports(environment);
  assert.equal(exports.split('\n')[0], 'export PLAIN=abc+/=');
  const echoed = execFileSync('/bin/sh', ['-c', `${exports}\nprintf '%s\\n%s' "$PLAIN" "$AWKWARD"`], { encoding: 'utf8' });
  assert.equal(echoed, `abc+/=\nit's a "secret" $HOME`);
});
