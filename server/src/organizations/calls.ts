/**
 * Every call to AWS Organizations goes through one `OrganizationsCalls`: it bounds concurrency, retries
 * what AWS says to retry (throttling, concurrent modification, 5xx, network failures) with exponential
 * backoff and full jitter, gives each attempt a timeout and each call a deadline, stops everything when its
 * connection is cancelled, and counts the requests it sends (the count is a benchmark figure). An answer that is
 * not in AWS's protocol (an HTML error page) becomes an `UnreadableAnswerError` that says so.
 */
import type { OrganizationsClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-organizations';
import type { Command } from '@smithy/types';
import { unreadableAnswerErrorName } from '../protocol';

export interface CallPolicy {
  /** Attempts per call, the first one included. */
  maxAttempts: number;
  /** The backoff before retry n is a random delay in [0, min(maxDelayMs, baseDelayMs * 2^n)] ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Each attempt is abandoned (and may be retried) after this long. */
  timeoutMs: number;
  /**
   * A call, its attempts and backoffs together, gives up after this long: no retry starts past it and no attempt
   * runs beyond it, so that a stalled endpoint becomes an error the user sees, not a spinner for every attempt's timeout.
   */
  deadlineMs: number;
  /** At most this many requests are in flight at once. */
  concurrency: number;
}

/** The defaults: AWS's SDKs use a similar budget (3 attempts standard; the toolkit uses 5 and a 30 s timeout). */
export const defaultCallPolicy: CallPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5_000, timeoutMs: 30_000, deadlineMs: 60_000, concurrency: 8 };

/** The SDK's command type for this client. */
export type OrganizationsCommand<Input extends ServiceInputTypes, Output extends ServiceOutputTypes> =
  Command<ServiceInputTypes, Input, ServiceOutputTypes, Output, OrganizationsClient['config']>;

/** Thrown when the connection a call belongs to was closed (the user switched connection). */
export class CallCancelledError extends Error {
  override readonly name = 'CallCancelledError';
  constructor() {
    super('The call was cancelled because the connection was closed.');
  }
}

/** Thrown when one attempt takes longer than the policy's timeout. */
export class CallTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(timeoutMs: number) {
    super(`No answer within ${timeoutMs} ms.`);
  }
}

/**
 * An endpoint's answer that is not in AWS's protocol, which the SDK could not read: an HTML error page of a proxy or
 * of a server that is not AWS, say. Its message says what happened in the user's terms, never the SDK's parser text.
 */
export class UnreadableAnswerError extends Error {
  override readonly name = unreadableAnswerErrorName;

  constructor(readonly operation: string, readonly statusCode: number | undefined, readonly contentType: string | undefined) {
    const what = /html/i.test(contentType ?? '') ? 'an HTML page' : contentType ? `a ${contentType.split(';')[0]} body` : 'a body';
    super(`The endpoint answered ${operation} with ${statusCode === undefined ? '' : `HTTP ${statusCode} and `}${what}, not in AWS's protocol.`);
  }
}

/** Gateway and availability statuses: a proxy's answer that may change on the next attempt. */
const transientStatuses = new Set([429, 502, 503, 504]);

/**
 * The `UnreadableAnswerError` for an error of the SDK that could not read an answer (it carries the raw response
 * but is no service exception, which has a fault), or undefined for any other error.
 */
export function unreadableAnswer(operation: string, error: unknown): UnreadableAnswerError | undefined {
  if (!(error instanceof Error) || '$fault' in error || !('$response' in error)) return undefined;
  const response = (error as { $response?: { statusCode?: number; headers?: Record<string, string> } }).$response;
  const headers = Object.entries(response?.headers ?? {});
  return new UnreadableAnswerError(operation, response?.statusCode, headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1]);
}

/** AWS Organizations exceptions that mean "try again later", not "your request is wrong". */
const retryableExceptions = new Set(['TooManyRequestsException', 'ConcurrentModificationException', 'ServiceException']);
/** Node's socket errors for a dropped or refused connection. */
const networkErrorCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET']);

/** Whether an error from the SDK is worth retrying: throttling, concurrent modification, 5xx or network. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof CallCancelledError) return false;
  if (error instanceof CallTimeoutError) return true;
  // An answer that is not AWS's will not change, unless a gateway said the service was unavailable.
  if (error instanceof UnreadableAnswerError) return transientStatuses.has(error.statusCode ?? 0);
  if (retryableExceptions.has(error.name)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return isNetworkError(error);
}

/** A dropped, reset or refused connection (including one whose HTTP response could not be parsed). */
export function isNetworkError(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: string }).code;
    if (code && networkErrorCodes.has(code)) return true;
    if (cause.name === 'TimeoutError' || /socket hang up/i.test(cause.message)) return true;
  }
  return false;
}

export interface CallsOptions {
  policy?: Partial<CallPolicy>;
  /** For tests: a deterministic source of jitter in [0, 1). */
  random?: () => number;
  /** Called before each retry, for the log. */
  onRetry?: (operation: string, attempt: number, error: Error, delayMs: number) => void;
  /** Called as each request is sent (the operation's name, never its input), for the log. */
  onRequest?: (operation: string) => void;
}

export class OrganizationsCalls {
  readonly policy: CallPolicy;
  /** Requests sent, retries included. */
  requests = 0;
  /** Retries among them. */
  retries = 0;
  private readonly cancellation = new AbortController();
  private readonly random: () => number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly client: OrganizationsClient, private readonly options: CallsOptions = {}) {
    this.policy = { ...defaultCallPolicy, ...options.policy };
    this.random = options.random ?? Math.random;
  }

  get cancelled(): boolean {
    return this.cancellation.signal.aborted;
  }

  /** Cancels every call in flight or waiting, and every later one; the client is destroyed. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancellation.abort();
    for (const wake of this.waiting.splice(0)) wake();
    this.client.destroy();
  }

  /** Sends one command, retrying what may be retried. */
  async send<Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(command: OrganizationsCommand<Input, Output>): Promise<Output> {
    const operation = command.constructor.name.replace(/Command$/, '');
    const deadline = Date.now() + this.policy.deadlineMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(operation, command, deadline);
      } catch (error) {
        if (this.cancelled) throw new CallCancelledError();
        if (attempt >= this.policy.maxAttempts || !isRetryable(error)) throw error;
        const delayMs = Math.floor(this.random() * Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1)));
        if (Date.now() + delayMs >= deadline) throw error;
        this.retries++;
        this.options.onRetry?.(operation, attempt, error as Error, delayMs);
        await this.delay(delayMs);
      }
    }
  }

  /**
   * Every item of a paginated list operation: the first page, then each `NextToken` until AWS returns none
   * (AWS may return a short or empty page with a token, so only the token ends the list).
   */
  async listAll<Input extends ServiceInputTypes & { NextToken?: string; MaxResults?: number }, Output extends ServiceOutputTypes & { NextToken?: string }, Item>(
    CommandClass: new (input: Input) => OrganizationsCommand<Input, Output>,
    input: NoInfer<Omit<Input, 'NextToken' | 'MaxResults'>>,
    items: (output: Output) => Item[] | undefined,
  ): Promise<Item[]> {
    const all: Item[] = [];
    let nextToken: string | undefined;
    do {
      const output = await this.send(new CommandClass({ ...input, MaxResults: maxResults, NextToken: nextToken } as Input));
      all.push(...(items(output) ?? []));
      nextToken = output.NextToken;
    } while (nextToken);
    return all;
  }

  private async attempt<Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(operation: string, command: OrganizationsCommand<Input, Output>, deadline: number): Promise<Output> {
    await this.acquire();
    try {
      if (this.cancelled) throw new CallCancelledError();
      // Waiting for a free slot counts toward the call's deadline too.
      const timeoutMs = Math.min(this.policy.timeoutMs, deadline - Date.now());
      if (timeoutMs <= 0) throw new CallTimeoutError(this.policy.deadlineMs);
      this.requests++;
      this.options.onRequest?.(operation);
      // A referenced timer (unlike AbortSignal.timeout's) keeps the process alive while an answer is awaited.
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), timeoutMs);
      const abortSignal = AbortSignal.any([this.cancellation.signal, timeout.signal]);
      // The race makes every transport honour the timeout and cancellation, even one that ignores abortSignal.
      return await new Promise<Output>((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          reject(this.cancelled ? new CallCancelledError() : new CallTimeoutError(timeoutMs));
        };
        abortSignal.addEventListener('abort', onAbort, { once: true });
        this.client.send(command, { abortSignal }).then(resolve, (error) => reject(unreadableAnswer(operation, error) ?? error)).finally(() => {
          clearTimeout(timer);
          abortSignal.removeEventListener('abort', onAbort);
        });
      });
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    while (this.active >= this.policy.concurrency && !this.cancelled) {
      await new Promise<void>((wake) => this.waiting.push(wake));
    }
    this.active++;
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.cancellation.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** The largest page most Organizations list operations allow. */
export const maxResults = 20;
