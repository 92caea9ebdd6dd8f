/**
 * The user's AWS profiles (the shared `config` and `credentials` files, as the AWS CLI reads them): which
 * profiles exist and how each gets credentials, the endpoint URL a profile points Organizations at, the
 * credential provider for a profile, and telling expired or refused credentials apart from other failures.
 */
import { fromIni, fromProcess, fromSSO } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { loadSharedConfigFiles, type ParsedIniData } from '@smithy/core/config';
import type { ProfileInfo } from '../protocol';

/** Where the shared files are; by default what `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws` say. */
export interface SharedFiles {
  configFilepath?: string;
  filepath?: string;
}

/** A profile: its name, how it gets credentials, and where it points Organizations. */
export type AwsProfile = ProfileInfo;
type ProfileCredentialKind = ProfileInfo['kind'];

/** Sections of the config file that are not profiles ("[sso-session x]", "[services x]"). */
const nonProfileSections = /^(sso-session|services)\./;

/** Reads the shared files afresh (never from the SDK's cache, so edits made meanwhile count). */
async function readSharedFiles(files: SharedFiles): Promise<{ configFile: ParsedIniData; credentialsFile: ParsedIniData }> {
  return loadSharedConfigFiles({ ...files, ignoreCache: true });
}

/** Every profile of the shared files, sorted by name, with how it authenticates and where it points. */
export async function listProfiles(files: SharedFiles = {}, env: NodeJS.ProcessEnv = process.env): Promise<AwsProfile[]> {
  const shared = await readSharedFiles(files);
  const names = new Set([...Object.keys(shared.configFile), ...Object.keys(shared.credentialsFile)].filter((name) => !nonProfileSections.test(name)));
  return [...names].sort().map((name) => describeProfile(name, shared, env));
}

function describeProfile(name: string, shared: { configFile: ParsedIniData; credentialsFile: ParsedIniData }, env: NodeJS.ProcessEnv): AwsProfile {
  // The credentials file wins over the config file for the same key, as in the SDK and the CLI.
  const settings = { ...shared.configFile[name], ...shared.credentialsFile[name] };
  const kind: ProfileCredentialKind =
    settings.sso_session || settings.sso_start_url ? 'sso'
      : settings.credential_process ? 'process'
        : settings.role_arn && settings.web_identity_token_file ? 'webIdentity'
          : settings.role_arn ? 'assumeRole'
            : settings.aws_access_key_id ? 'static'
              : 'other';
  const endpointUrl = resolveEndpointUrl(name, shared.configFile, env);
  return {
    name,
    kind,
    ...(endpointUrl ? { endpointUrl } : {}),
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.sso_account_id ? { accountId: settings.sso_account_id } : {}),
  };
}

/**
 * The endpoint URL for Organizations, in the order AWS's SDKs and CLI use: `AWS_ENDPOINT_URL_ORGANIZATIONS`,
 * then `AWS_ENDPOINT_URL`, then the profile's `[services]` section (`organizations = \n endpoint_url = ...`),
 * then the profile's `endpoint_url`; none when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or the profile's
 * `ignore_configured_endpoint_urls` is true. (The SDK resolves this for the `AWS_PROFILE` profile only, so
 * the server resolves it for the profile the user picked.)
 */
export function resolveEndpointUrl(profileName: string, configFile: ParsedIniData, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const profile = configFile[profileName] ?? {};
  if (isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) || isTrue(profile.ignore_configured_endpoint_urls)) return undefined;
  if (env.AWS_ENDPOINT_URL_ORGANIZATIONS) return env.AWS_ENDPOINT_URL_ORGANIZATIONS;
  if (env.AWS_ENDPOINT_URL) return env.AWS_ENDPOINT_URL;
  const services = profile.services ? configFile[`services.${profile.services}`] : undefined;
  return services?.['organizations.endpoint_url'] ?? profile.endpoint_url;
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}

/** Asks the user for the current code of an MFA device while a role is assumed. */
export type MfaCodeProvider = (serialNumber: string) => Promise<string>;

/**
 * The credential provider for a profile: IAM Identity Center profiles through `fromSSO`, `credential_process`
 * through `fromProcess`, everything else (static keys, assume-role with or without MFA, web identity)
 * through `fromIni`. Files are re-read, so a `aws sso login` in a terminal takes effect on the next connect.
 */
export function profileCredentials(profile: AwsProfile, files: SharedFiles, mfaCodeProvider: MfaCodeProvider): AwsCredentialIdentityProvider {
  const init = { profile: profile.name, ...files, ignoreCache: true };
  switch (profile.kind) {
    case 'sso':
      return fromSSO(init);
    case 'process':
      return fromProcess(init);
    default:
      return fromIni({ ...init, mfaCodeProvider });
  }
}

/** AWS's answers to credentials that expired or are not (or no longer) valid. */
const refusedCredentialErrors = new Set([
  'ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'InvalidClientTokenId', 'UnrecognizedClientException',
  'InvalidSignatureException', 'SignatureDoesNotMatch', 'IncompleteSignature', 'MissingAuthenticationToken',
]);

/**
 * Whether an error means the user must sign in again (or fix the profile's keys): the credential providers'
 * own errors (an expired SSO token, a failed `credential_process`) and AWS's answers to expired or refused keys.
 */
export function isCredentialsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'CredentialsProviderError' || error.name === 'TokenProviderError' || refusedCredentialErrors.has(error.name);
}

/** What to tell the user when `isCredentialsError(error)`, with the way to sign in again for the profile's kind. */
export function signInAgainMessage(profile: AwsProfile | undefined, error: Error): string {
  const how = profile?.kind === 'sso'
    ? `Run \`aws sso login --profile ${profile.name}\` in a terminal, then reconnect.`
    : profile?.kind === 'process'
      ? `Check the profile's \`credential_process\` (it failed or returned expired credentials), then reconnect.`
      : profile
        ? `Refresh the keys of profile "${profile.name}" in your AWS config or credentials file, then reconnect.`
        : 'Update the endpoint\'s credentials, then reconnect.';
  return `Sign in again: ${error.message.replace(/\s+$/, '')} ${how}`;
}
