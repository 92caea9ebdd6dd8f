/**
 * The embedded organization as an AWS endpoint, free of any transport: one function from a request to a
 * response. It speaks AWS JSON 1.1 for Organizations (`X-Amz-Target: AWSOrganizationsV20161128.<Operation>`),
 * the AWS Query protocol for IAM and STS (POST form or GET query: sts.ts), and the emulator routes: `POST /_emulator/reset`
 * (optional JSON `{"seed": "empty" | "sample"}`, default empty) and `GET /_emulator/health`. The HTTP
 * server and the SDK's in-memory request handler both wrap it, so every path runs the same code.
 */
import { randomUUID } from 'node:crypto';
import { OrganizationsEngine } from '../emulator/engine';
import { OrganizationsError } from '../emulator/errors';
import { costExplorerTargetPrefix, CostExplorerEndpoint } from './costExplorer';
import { AuthenticationError, callOptions, Identity, type Caller, type IdentityOptions } from './identity';
import { queryError } from './query';
import { QueryEndpoint, stsNamespace, type QueryResponse } from './sts';
import { bodyText, operationSchemas, readInput, SerializationError, writeOutput } from './wire';

/** An HTTP request as the handler sees it; `path` may carry a query string. */
export interface EndpointRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The handler's answer. */
export interface EndpointResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export type EndpointHandler = (request: EndpointRequest) => Promise<EndpointResponse>;

/** How the endpoint identifies callers; the management account is the engine's. */
export interface EndpointOptions extends Omit<IdentityOptions, 'managementAccountId'> {
  /** Called with a failure that is not an AWS error (a bug); the caller only sees `ServiceException`. */
  onInternalError?: (error: unknown, target: string) => void;
}

/** The X-Amz-Target prefix of Organizations: its service name and API version. */
export const targetPrefix = 'AWSOrganizationsV20161128.';

export const jsonContentType = 'application/x-amz-json-1.1';
/** The errors of AWS's front end, named as it names them (Coral's namespace before `#`, which clients strip). */
export const serializationException = 'com.amazon.coral.service#SerializationException';
const unknownOperationException = 'com.amazon.coral.service#UnknownOperationException';
const encoder = new TextEncoder();

/**
 * AWS answers every client fault of Organizations with HTTP 400 (its responses read "StatusCode: 400,
 * ConstraintViolationException", "status code: 400 ... AWSOrganizationsNotInUseException"), whatever the
 * model's httpError says. SDKs and the CLI go by `__type`, not the status.
 */
function statusOf(error: OrganizationsError): number {
  return error.statusCode >= 500 ? error.statusCode : 400;
}

function respond(statusCode: number, contentType: string, body: string, requestId: string): EndpointResponse {
  const bytes = encoder.encode(body);
  return {
    statusCode,
    headers: { 'content-type': contentType, 'content-length': String(bytes.byteLength), 'x-amzn-requestid': requestId },
    body: bytes,
  };
}

/** An AWS JSON error: `__type`, `Message` (the member's name in Organizations' model) and `Reason` where there is one. */
function jsonError(statusCode: number, type: string, message: string, requestId: string, reason?: string): EndpointResponse {
  const body: Record<string, string> = { __type: type, Message: message };
  if (reason !== undefined) body.Reason = reason;
  return respond(statusCode, jsonContentType, JSON.stringify(body), requestId);
}

function xmlResponse(response: QueryResponse, requestId: string): EndpointResponse {
  return respond(response.statusCode, 'text/xml', response.body, requestId);
}

function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return lower;
}

/** Builds the handler that serves `engine`. */
export function createEndpointHandler(engine: OrganizationsEngine, options: EndpointOptions): EndpointHandler {
  const identity = new Identity({
    ...options,
    managementAccountId: engine.managementAccountId,
    session: (accessKeyId) => {
      const session = engine.session(accessKeyId);
      if (!session) return undefined;
      if (Date.parse(session.Expiration) <= engine.now().getTime()) return 'expired';
      return {
        accessKeyId, secretAccessKey: session.SecretAccessKey, sessionToken: session.SessionToken, accountId: session.AccountId,
        roleName: session.RoleName, roleId: session.RoleId, roleSessionName: session.RoleSessionName,
      };
    },
  });
  const query = new QueryEndpoint(engine);
  const schemas = operationSchemas(OrganizationsEngine.operations);
  const costExplorer = new CostExplorerEndpoint(engine);

  async function organizations(request: EndpointRequest, target: string, requestId: string): Promise<EndpointResponse> {
    let caller: Caller;
    try {
      caller = await identity.resolve(request);
    } catch (error) {
      if (error instanceof AuthenticationError) return jsonError(400, error.json, error.message, requestId);
      throw error;
    }
    if (target.startsWith(costExplorerTargetPrefix)) {
      const answer = costExplorer.answer(target.slice(costExplorerTargetPrefix.length), request.body, caller.accountId);
      return 'body' in answer ? respond(200, jsonContentType, answer.body, requestId) : jsonError(answer.statusCode, answer.error, answer.message, requestId);
    }
    const operation = target.startsWith(targetPrefix) ? target.slice(targetPrefix.length) : '';
    const schema = schemas.get(operation);
    if (!schema) return jsonError(400, unknownOperationException, `Unknown operation ${target}`, requestId);
    let input: Record<string, unknown>;
    try {
      input = readInput(schema, request.body);
    } catch (error) {
      if (error instanceof SerializationError) {
        return jsonError(400, serializationException, error.message, requestId);
      }
      throw error;
    }
    try {
      const output = engine.call(operation, input, caller.accountId, callOptions(caller));
      return respond(200, jsonContentType, writeOutput(output), requestId);
    } catch (error) {
      // The engine reports its own failures as ServiceException; their messages stay out of the answer.
      if (error instanceof OrganizationsError && error.name !== 'ServiceException') {
        return jsonError(statusOf(error), error.name, error.message, requestId, error.reason);
      }
      throw error;
    }
  }

  /** IAM and STS take their parameters from a form-encoded POST body or, as the Query protocol allows, a GET's query string. */
  async function queryService(request: EndpointRequest, parameters: URLSearchParams, requestId: string): Promise<EndpointResponse> {
    try {
      const caller = await identity.resolve(request);
      const signedService = /Credential=[^/]*\/[^/]*\/[^/]*\/([^/]*)\//.exec(request.headers['authorization'] ?? '')?.[1];
      return xmlResponse(query.answer(parameters, caller, signedService, requestId), requestId);
    } catch (error) {
      if (error instanceof AuthenticationError) return xmlResponse(queryError(error.queryStatus, error.query, error.message, requestId, stsNamespace), requestId);
      throw error;
    }
  }

  /** An emulator route's JSON object body ({} when empty), or the SerializationException to answer. */
  function jsonBody(request: EndpointRequest, requestId: string): Record<string, unknown> | EndpointResponse {
    const text = bodyText(request.body).trim();
    if (!text) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return jsonError(400, serializationException, 'Unable to parse the request body as JSON.', requestId);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return jsonError(400, serializationException, 'The request body must be a JSON object.', requestId);
    }
    return parsed as Record<string, unknown>;
  }

  /** Records a charge in the cost ledger: `{"AccountId", "Service", "Amount" (USD), "Month"?}`. */
  function charge(request: EndpointRequest, requestId: string): EndpointResponse {
    const body = jsonBody(request, requestId);
    if ('statusCode' in body) return body as EndpointResponse;
    try {
      return respond(200, 'application/json', JSON.stringify(costExplorer.recordCharge(body as { AccountId: unknown; Service: unknown; Amount: unknown })), requestId);
    } catch (error) {
      if (error instanceof OrganizationsError) return jsonError(400, error.name, error.message, requestId, error.reason);
      throw error;
    }
  }

  function reset(request: EndpointRequest, requestId: string): EndpointResponse {
    const body = jsonBody(request, requestId);
    if ('statusCode' in body) return body as EndpointResponse;
    const seed: unknown = body.seed ?? 'empty';
    if (seed !== 'empty' && seed !== 'sample') {
      return jsonError(400, 'InvalidInputException', 'seed must be "empty" or "sample".', requestId, 'INVALID_ENUM');
    }
    engine.reset(seed);
    return respond(200, 'application/json', JSON.stringify({ seed }), requestId);
  }

  async function route(request: EndpointRequest, requestId: string): Promise<EndpointResponse> {
    const queryStart = request.path.indexOf('?');
    const path = queryStart < 0 ? request.path : request.path.slice(0, queryStart);
    const query = queryStart < 0 ? '' : request.path.slice(queryStart + 1);
    const method = request.method.toUpperCase();
    if (path === '/_emulator/health' && method === 'GET') {
      return respond(200, 'application/json', JSON.stringify({
        status: 'ok', service: 'organizations', managementAccountId: engine.managementAccountId, strict: identity.strict,
      }), requestId);
    }
    if (path === '/_emulator/reset' && method === 'POST') return reset(request, requestId);
    if (path === '/_emulator/charges' && method === 'POST') return charge(request, requestId);
    const target = request.headers['x-amz-target'];
    if (method === 'POST' && target !== undefined) return organizations(request, target, requestId);
    if (method === 'POST' && (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return queryService(request, new URLSearchParams(bodyText(request.body)), requestId);
    }
    const parameters = new URLSearchParams(query);
    if (method === 'GET' && path === '/' && parameters.has('Action')) return queryService(request, parameters, requestId);
    return jsonError(400, unknownOperationException, 'Missing or unknown operation.', requestId);
  }

  return async (original) => {
    const request = { ...original, headers: lowerCaseHeaders(original.headers) };
    const requestId = randomUUID();
    try {
      return await route(request, requestId);
    } catch (error) {
      // A failure that is no AWS error is a bug of the endpoint or the engine: the caller learns nothing of it.
      options.onInternalError?.(error, request.headers['x-amz-target'] ?? request.path);
      return jsonError(500, 'ServiceException',
        "Organizations can't complete your request because of an internal service error. Try again later.", requestId);
    }
  };
}
