/**
 * Who is calling: the caller's account read from the SigV4 `Authorization` header (or the role session of
 * temporary credentials that STS issued), the partition of the Region the request was signed for, and, in strict mode, the signature verified with `@smithy/signature-v4`
 * against the configured secret as AWS verifies it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest as SignableRequest, SourceData } from '@smithy/types';
import { partitionOf } from '../aws/partition';
import type { CallOptions } from '../emulator/engine';

/** An access key the endpoint knows: its secret (checked in strict mode) and the account it belongs to. */
export interface EndpointCredential {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
}

/** A role session's temporary credentials, as `sts:AssumeRole` issued them. */
export interface SessionCredential extends EndpointCredential {
  sessionToken: string;
  roleName: string;
  roleId: string;
  roleSessionName: string;
}

/** How the endpoint identifies callers. */
export interface IdentityOptions {
  /** The account that answers for any access key the endpoint does not map to another account. */
  managementAccountId: string;
  /** Access keys mapped to accounts (and their secrets for strict mode). */
  credentials?: readonly EndpointCredential[];
  /** Verify every request's SigV4 signature against `credentials`; unknown keys and bad signatures are refused. */
  strict?: boolean;
  /** The time signatures are checked against (default: now). */
  clock?: () => Date;
  /** The role session of temporary credentials (`ASIA...`), `expired` once it has ended, undefined if unknown. */
  session?: (accessKeyId: string) => SessionCredential | 'expired' | undefined;
}

/** The caller of one request. */
export interface Caller {
  accountId: string;
  /** The access key ID the request was signed with, when it was signed. */
  accessKeyId?: string;
  /** The partition of the Region in the signature's scope (`aws-cn` for `cn-north-1`); `aws` for an unsigned request. */
  partition: string;
  /** When the request was signed with a role session's temporary credentials. */
  session?: SessionCredential;
}

/**
 * An authentication failure, named as each protocol names it: `json` for AWS JSON services such as
 * Organizations, `query` for AWS Query services such as STS.
 */
export class AuthenticationError extends Error {
  constructor(
    readonly json: string,
    readonly query: string,
    message: string,
    /** The HTTP status the Query protocol answers with (AWS JSON services answer 400). */
    readonly queryStatus: number,
  ) {
    super(message);
  }
}

/** What a request carries that identity needs, header names in lower case. */
export interface SignedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

interface Authorization {
  accessKeyId: string;
  scope: { date: string; region: string; service: string };
  signedHeaders: string[];
  signature: string;
}

const algorithm = 'AWS4-HMAC-SHA256';
/** AWS accepts a signature dated up to 15 minutes before or after its own clock. */
const clockSkewMs = 15 * 60 * 1000;

/** Parses `AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=..., Signature=...`. */
function parseAuthorization(header: string): Authorization {
  const incomplete = (what: string) =>
    new AuthenticationError('IncompleteSignatureException', 'IncompleteSignature',
      `Authorization header requires '${what}' parameter. Authorization=${header}`, 400);
  if (!header.startsWith(`${algorithm} `)) {
    throw new AuthenticationError('IncompleteSignatureException', 'IncompleteSignature',
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${header}`, 400);
  }
  const parameters = new Map<string, string>();
  for (const part of header.slice(algorithm.length + 1).split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) parameters.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const credential = parameters.get('Credential');
  const signedHeaders = parameters.get('SignedHeaders');
  const signature = parameters.get('Signature');
  if (!credential) throw incomplete('Credential');
  if (!signedHeaders) throw incomplete('SignedHeaders');
  if (!signature) throw incomplete('Signature');
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request') {
    throw new AuthenticationError('IncompleteSignatureException', 'IncompleteSignature',
      `Credential should be scoped to a valid region, service and terminated by 'aws4_request'. Credential=${credential}`, 400);
  }
  return { accessKeyId, scope: { date, region, service }, signedHeaders: signedHeaders.split(';'), signature };
}

function bytesOf(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** SHA-256 (and HMAC-SHA-256 when given a secret) in the shape `@smithy/signature-v4` asks for. */
class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** `20240101T000000Z` → Date, or undefined when malformed. */
function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Resolves each request's caller as configured. */
export class Identity {
  private readonly byAccessKey = new Map<string, EndpointCredential>();

  constructor(private readonly options: IdentityOptions) {
    for (const credential of options.credentials ?? []) this.byAccessKey.set(credential.accessKeyId, credential);
  }

  get strict(): boolean {
    return this.options.strict === true;
  }

  /**
   * The caller of a request. Without strict mode this never fails: a 12-digit access key ID is that
   * account, a configured key its account, anything else (or no signature) the management account.
   */
  async resolve(request: SignedRequest): Promise<Caller> {
    const header = request.headers['authorization'];
    if (!header) {
      if (this.strict) {
        throw new AuthenticationError('MissingAuthenticationTokenException', 'MissingAuthenticationToken',
          'Missing Authentication Token', 403);
      }
      return { accountId: this.options.managementAccountId, partition: 'aws' };
    }
    let authorization: Authorization;
    try {
      authorization = parseAuthorization(header);
    } catch (error) {
      if (this.strict) throw error;
      return { accountId: this.options.managementAccountId, partition: 'aws' };
    }
    const { accessKeyId } = authorization;
    const partition = partitionOf(authorization.scope.region);
    const session = this.options.session?.(accessKeyId);
    if (session === 'expired') {
      throw new AuthenticationError('ExpiredTokenException', 'ExpiredToken', 'The security token included in the request is expired', 403);
    }
    if (session) {
      if (this.strict) {
        if (request.headers['x-amz-security-token'] !== session.sessionToken) {
          throw new AuthenticationError('UnrecognizedClientException', 'InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
        }
        await this.verify(request, authorization, session);
      }
      return { accountId: session.accountId, accessKeyId, partition, session };
    }
    const credential = this.byAccessKey.get(accessKeyId);
    if (this.strict) {
      if (!credential) {
        throw new AuthenticationError('UnrecognizedClientException', 'InvalidClientTokenId',
          'The security token included in the request is invalid.', 403);
      }
      await this.verify(request, authorization, credential);
      return { accountId: credential.accountId, accessKeyId, partition };
    }
    const accountId = credential?.accountId ?? (/^\d{12}$/.test(accessKeyId) ? accessKeyId : this.options.managementAccountId);
    return { accountId, accessKeyId, partition };
  }

  /** Recomputes the signature over the headers the client signed and compares it with the one sent. */
  private async verify(request: SignedRequest, authorization: Authorization, credential: EndpointCredential): Promise<void> {
    const amzDate = request.headers['x-amz-date'];
    const signingDate = amzDate ? parseAmzDate(amzDate) : undefined;
    if (!signingDate) {
      throw new AuthenticationError('IncompleteSignatureException', 'IncompleteSignature',
        `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${request.headers['authorization']}`, 400);
    }
    const now = (this.options.clock ?? (() => new Date()))();
    if (signingDate.getTime() < now.getTime() - clockSkewMs) {
      throw new AuthenticationError('InvalidSignatureException', 'SignatureDoesNotMatch',
        `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(new Date(now.getTime() - clockSkewMs))} (${formatAmzDate(now)} - 15 min.)`, 403);
    }
    if (signingDate.getTime() > now.getTime() + clockSkewMs) {
      throw new AuthenticationError('InvalidSignatureException', 'SignatureDoesNotMatch',
        `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(new Date(now.getTime() + clockSkewMs))} (${formatAmzDate(now)} + 15 min.)`, 403);
    }
    const mismatch = new AuthenticationError('InvalidSignatureException', 'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.', 403);
    if (authorization.scope.date !== amzDate!.slice(0, 8)) throw mismatch;

    // The signer trusts a signed x-amz-content-sha256 header as the payload's hash; the body must match it.
    const payloadHash = request.headers['x-amz-content-sha256'];
    if (payloadHash !== undefined && payloadHash !== 'UNSIGNED-PAYLOAD'
      && payloadHash !== createHash('sha256').update(request.body).digest('hex')) {
      throw mismatch;
    }
    const signed = new Set(authorization.signedHeaders);
    const headers: Record<string, string> = {};
    for (const name of signed) {
      const value = request.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    const queryStart = request.path.indexOf('?');
    const query: Record<string, string | string[]> = {};
    if (queryStart >= 0) {
      for (const [key, value] of new URLSearchParams(request.path.slice(queryStart + 1))) {
        const existing = query[key];
        query[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
      }
    }
    const host = headers['host'] ?? '';
    const toSign: SignableRequest = {
      method: request.method,
      protocol: 'http:',
      hostname: host,
      path: queryStart >= 0 ? request.path.slice(0, queryStart) : request.path,
      query,
      headers,
      body: request.body,
    };
    const signer = new SignatureV4({
      credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
      region: authorization.scope.region,
      service: authorization.scope.service,
      sha256: Sha256,
      applyChecksum: false,
    });
    const expected = await signer.sign(toSign, { signingDate, signableHeaders: signed });
    const expectedSignature = /Signature=([0-9a-f]+)/.exec(String(expected.headers['authorization']))?.[1] ?? '';
    const sent = Buffer.from(authorization.signature);
    const computed = Buffer.from(expectedSignature);
    if (sent.length !== computed.length || !timingSafeEqual(sent, computed)) throw mismatch;
  }
}

/** What the engine needs to know of a caller beside its account: the partition, and the role session it acts as. */
export function callOptions(caller: Caller): CallOptions {
  return { partition: caller.partition, ...(caller.session ? { roleSession: caller.session.accessKeyId } : {}) };
}
