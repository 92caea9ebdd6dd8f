/**
 * IAM and STS on the endpoint, in the AWS Query protocol (form-encoded POST or GET, XML answers): every IAM
 * operation the engine serves, acting on the caller's own account, STS `AssumeRole` (temporary credentials the
 * endpoint then recognises as that role session), and `GetCallerIdentity`, which AWS answers for root
 * credentials with the account's root ARN and the account ID as UserId, and for a role session with the
 * session's ARN and `<role ID>:<session name>`.
 */
import * as IAM from '@aws-sdk/client-iam';
import * as STS from '@aws-sdk/client-sts';
import { accountRootArn, assumedRoleArn } from '../aws/iamArns';
import { OrganizationsEngine } from '../emulator/engine';
import { OrganizationsError } from '../emulator/errors';
import { callOptions, type Caller } from './identity';
import { QueryInputError, QueryService, type QueryResponse } from './query';

export const stsNamespace = 'https://sts.amazonaws.com/doc/2011-06-15/';
const iamNamespace = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** The services of the Query protocol the endpoint serves, by the API version each request names. */
const versions = { '2010-05-08': 'iam', '2011-06-15': 'sts' } as const;
type QueryServiceName = (typeof versions)[keyof typeof versions];

export class QueryEndpoint {
  private readonly services: Record<QueryServiceName, QueryService>;

  constructor(private readonly engine: OrganizationsEngine) {
    this.services = {
      iam: new QueryService(OrganizationsEngine.iamOperations, IAM, iamNamespace),
      sts: new QueryService([...OrganizationsEngine.stsOperations, 'GetCallerIdentity'], STS, stsNamespace),
    };
  }

  /**
   * Which service a request is for: the API version it names, else the service its signature is scoped to,
   * else the one that has the action.
   */
  private serviceOf(parameters: URLSearchParams, signedService: string | undefined): QueryServiceName | undefined {
    const version = parameters.get('Version') as keyof typeof versions | null;
    if (version && versions[version]) return versions[version];
    if (signedService === 'iam' || signedService === 'sts') return signedService;
    const action = parameters.get('Action') ?? '';
    return this.services.sts.has(action) ? 'sts' : this.services.iam.has(action) ? 'iam' : undefined;
  }

  /** Answers one Query request (its form parameters) for the caller. */
  answer(parameters: URLSearchParams, caller: Caller, signedService: string | undefined, requestId: string): QueryResponse {
    const action = parameters.get('Action') ?? '';
    const name = this.serviceOf(parameters, signedService) ?? 'sts';
    const service = this.services[name];
    if (!service.has(action)) return service.error('InvalidAction', `Could not find operation ${action} for version ${parameters.get('Version') ?? ''}`, requestId);
    try {
      const input = service.readInput(action, parameters);
      if (action === 'GetCallerIdentity') return service.writeOutput(action, callerIdentity(caller), requestId);
      return service.writeOutput(action, this.engine.call(action, input, caller.accountId, { ...callOptions(caller), service: name }), requestId);
    } catch (error) {
      if (error instanceof QueryInputError) return service.error('ValidationError', error.message, requestId);
      // The engine reports its own failures as ServiceFailureException; their messages stay out of the answer.
      if (error instanceof OrganizationsError && error.statusCode < 500) return service.error(error.name, error.message, requestId, error.statusCode);
      throw error;
    }
  }
}

function callerIdentity({ accountId, partition, session }: Caller): STS.GetCallerIdentityResponse {
  if (session) {
    return { UserId: `${session.roleId}:${session.roleSessionName}`, Account: accountId, Arn: assumedRoleArn(partition, accountId, session.roleName, session.roleSessionName) };
  }
  return { UserId: accountId, Account: accountId, Arn: accountRootArn(partition, accountId) };
}

export type { QueryResponse };
