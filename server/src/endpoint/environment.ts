/**
 * The environment a shell needs to point the AWS CLI, SDKs and Terraform at a running endpoint, shared by
 * the `aws-organizations-local` command and the extension's "copy environment for the terminal" action.
 */
import type { EndpointCredential } from './identity';

/** The variables, in the order they are printed. */
export function endpointEnvironment(url: string, credential: Pick<EndpointCredential, 'accessKeyId' | 'secretAccessKey'>): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_ORGANIZATIONS: url,
    AWS_ENDPOINT_URL_STS: url,
    AWS_ENDPOINT_URL_IAM: url,
    AWS_ENDPOINT_URL_COST_EXPLORER: url,
    AWS_ACCESS_KEY_ID: credential.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credential.secretAccessKey,
    // Organizations and Cost Explorer are global services hosted in us-east-1; AWS CLI version 1 and older SDKs
    // read AWS_DEFAULT_REGION rather than AWS_REGION.
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
  };
}

/** The same as `export NAME=value` lines for a POSIX shell, values quoted where they need it. */
export function shellExports(environment: Record<string, string>): string {
  return Object.entries(environment)
    .map(([name, value]) => `export ${name}=${/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`}`)
    .join('\n');
}
