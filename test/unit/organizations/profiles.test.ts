/**
 * Profiles of a temporary AWS config against the local endpoint over HTTP: listing and classifying them,
 * the endpoint URL's precedence, static keys, `credential_process`, an expired IAM Identity Center
 * session and an MFA prompt; expired or refused credentials end in the "sign in again" state.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { createEndpointHandler } from '../../../server/src/endpoint/handler';
import { startEndpointServer, type EndpointServer } from '../../../server/src/endpoint/server';
import { OrganizationConnection } from '../../../server/src/organizations/connection';
import { listProfiles, resolveEndpointUrl, type SharedFiles } from '../../../server/src/organizations/profiles';

let server: EndpointServer;
let home: string;
let files: SharedFiles;
const opened: OrganizationConnection[] = [];

before(async () => {
  const engine = new OrganizationsEngine();
  engine.reset('sample');
  server = await startEndpointServer(createEndpointHandler(engine, {}));
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'organization-profiles-'));
  // The SSO token cache lives under the home directory.
  process.env.HOME = home;
  const processScript = path.join(home, 'credentials.js');
  fs.writeFileSync(processScript, `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: process.argv[2], SecretAccessKey: 'x', ...(process.argv[3] ? { Expiration: process.argv[3] } : {}) }));`);
  files = { configFilepath: path.join(home, 'config'), filepath: path.join(home, 'credentials') };
  fs.writeFileSync(files.configFilepath!, [
    '[default]', 'region = eu-west-1',
    '[profile local]', `endpoint_url = ${server.url}`,
    '[profile local-services]', 'services = local-organizations', 'endpoint_url = http://127.0.0.1:9',
    '[services local-organizations]', 'organizations =', `  endpoint_url = ${server.url}`,
    '[profile member]', `endpoint_url = ${server.url}`, `credential_process = ${process.execPath} ${processScript} 444455556666`,
    '[profile expired-process]', `endpoint_url = ${server.url}`, `credential_process = ${process.execPath} ${processScript} 111111111111 2020-01-01T00:00:00Z`,
    '[sso-session corp]', 'sso_start_url = https://example.awsapps.com/start', 'sso_region = us-east-1', 'sso_registration_scopes = sso:account:access',
    '[profile sso-admin]', 'sso_session = corp', 'sso_account_id = 111111111111', 'sso_role_name = AdministratorAccess', `endpoint_url = ${server.url}`,
    '[profile admin-mfa]', 'role_arn = arn:aws:iam::111111111111:role/OrganizationAdmin', 'source_profile = local',
    'mfa_serial = arn:aws:iam::111111111111:mfa/alice', `endpoint_url = ${server.url}`,
    '',
  ].join('\n'));
  fs.writeFileSync(files.filepath!, [
    '[local]', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    '[local-services]', 'aws_access_key_id = 111111111111', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '',
  ].join('\n'));
  // An IAM Identity Center session that expired an hour ago, cached as `aws sso login` leaves it.
  const cache = path.join(home, '.aws', 'sso', 'cache');
  fs.mkdirSync(cache, { recursive: true });
  fs.writeFileSync(path.join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify({
    startUrl: 'https://example.awsapps.com/start', region: 'us-east-1', accessToken: 'expired-token',
    expiresAt: new Date(Date.now() - 3_600_000).toISOString(),
  }));
});

after(async () => {
  for (const connection of opened) await connection.close();
  await server.close();
  fs.rmSync(home, { recursive: true, force: true });
});

async function connect(profile: string, mfaCode?: (serialNumber: string, profile: string) => Promise<string | undefined>): Promise<OrganizationConnection> {
  const connection = await OrganizationConnection.open({ kind: 'profile', profile }, { sharedFiles: files, env: {}, ...(mfaCode ? { mfaCode } : {}) });
  opened.push(connection);
  return connection;
}

test('lists every profile with how it authenticates and where it points', async () => {
  const profiles = await listProfiles(files, {});
  assert.deepEqual(profiles.map((profile) => [profile.name, profile.kind, profile.endpointUrl]), [
    ['admin-mfa', 'assumeRole', server.url],
    ['default', 'other', undefined],
    ['expired-process', 'process', server.url],
    ['local', 'static', server.url],
    ['local-services', 'static', server.url],
    ['member', 'process', server.url],
    ['sso-admin', 'sso', server.url],
  ]);
  assert.equal(profiles.find((profile) => profile.name === 'sso-admin')?.accountId, '111111111111');
});

test('resolves the endpoint URL in the order of AWS\'s SDKs', () => {
  const config = { local: { endpoint_url: 'http://profile' }, svc: { services: 's', endpoint_url: 'http://profile' }, 'services.s': { 'organizations.endpoint_url': 'http://services' } };
  assert.equal(resolveEndpointUrl('local', config, {}), 'http://profile');
  assert.equal(resolveEndpointUrl('svc', config, {}), 'http://services');
  assert.equal(resolveEndpointUrl('svc', config, { AWS_ENDPOINT_URL: 'http://global' }), 'http://global');
  assert.equal(resolveEndpointUrl('svc', config, { AWS_ENDPOINT_URL: 'http://global', AWS_ENDPOINT_URL_ORGANIZATIONS: 'http://organizations' }), 'http://organizations');
  assert.equal(resolveEndpointUrl('svc', config, { AWS_ENDPOINT_URL: 'http://global', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }), undefined);
  assert.equal(resolveEndpointUrl('missing', config, {}), undefined);
});

test('a static-keys profile with endpoint_url connects to the local endpoint as the management account', async () => {
  const connection = await connect('local');
  assert.equal(connection.info.state, 'connected');
  assert.equal(connection.info.label, 'local (custom endpoint)');
  assert.equal(connection.info.organization?.MasterAccountId, '111111111111');
  assert.equal((await connection.model.listRoots()).length, 1);
  const services = await connect('local-services');
  assert.equal(services.info.state, 'connected');
});

test('a credential_process profile of a member account connects as that member', async () => {
  const connection = await connect('member');
  assert.equal(connection.info.state, 'notManagementAccount');
});

test('expired credentials lead to "sign in again", not a stack trace', async () => {
  const sso = await connect('sso-admin');
  assert.equal(sso.info.state, 'credentialsExpired');
  assert.match(sso.info.message!, /^Sign in again: .*SSO.*`aws sso login --profile sso-admin` in a terminal, then reconnect\.$/s);
  assert.doesNotMatch(sso.info.message!, /\n\s+at /);
  const expiredProcess = await connect('expired-process');
  assert.equal(expiredProcess.info.state, 'credentialsExpired');
  assert.match(expiredProcess.info.message!, /credential_process/);
});

test('assuming a role with MFA asks the client for the code', async () => {
  const asked: [string, string][] = [];
  const connection = await connect('admin-mfa', async (serialNumber, profile) => {
    asked.push([serialNumber, profile]);
    return undefined;
  });
  assert.deepEqual(asked, [['arn:aws:iam::111111111111:mfa/alice', 'admin-mfa']]);
  assert.equal(connection.info.state, 'credentialsExpired');
  assert.match(connection.info.message!, /No MFA code was given/);
});

test('an unknown profile is an error state that names it', async () => {
  const connection = await connect('nobody');
  assert.equal(connection.info.state, 'error');
  assert.match(connection.info.message!, /no profile "nobody"/);
});
