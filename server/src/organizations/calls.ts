/**
 * Every call to AWS Organizations goes through one `OrganizationsCalls`: it paces each operation to what the endpoint
 * allows (additive increase, multiplicative decrease of the request rate on throttling), sends what the user is
 * looking at first, retries what AWS says to retry (throttling, concurrent modification, 5xx, network failures) with
 * exponential backoff and full jitter, gives each attempt a timeout and each call a deadline, stops everything when
 * its connection is cancelled, and counts the requests it sends (the count is a benchmark figure). An answer that is
 * not in AWS's protocol (an HTML error page) becomes an `UnreadableAnswerError` that says so.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { OrganizationsClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-organizations';
import type { Command } from '@smithy/types';
import { unreadableAnswerErrorName } from '../protocol';

export interface CallPolicy {
  /** Attempts per call, the first one included; throttled attempts do not count (the pace slows instead, within the deadline). */
  maxAttempts: number;
  /** The backoff before retry n is a random delay in [0, min(maxDelayMs, baseDelayMs * 2^n)] ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Each attempt is abandoned (and may be retried) after this long. */
  timeoutMs: number;
  /**
   * A call, its attempts and backoffs together, gives up this long after its first request was sent: no retry starts
   * past it and no attempt runs beyond it, so that a stalled endpoint becomes an error the user sees, not a spinner for
   * every attempt's timeout. A call still waiting for its turn gives up when the endpoint has answered nothing for as long.
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

/** Whether the endpoint said the caller sends too fast: AWS Organizations' `TooManyRequestsException`, or a gateway's 429. */
export function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof UnreadableAnswerError) return error.statusCode === 429;
  return error.name === 'TooManyRequestsException';
}

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

/**
 * The pace of one operation: how many requests per second it may start. Unlimited until the endpoint throttles it;
 * then cut to 0.7 of the rate it was being sent at (multiplicative decrease), and raised again with each answer so that
 * it climbs back to the rate of the cut in about a second (additive increase), when the next cut finds the endpoint's
 * rate again. The endpoint's token bucket absorbs the dip below its rate, so the sawtooth keeps it busy. Throttles of
 * requests sent before a cut do not cut again: they were sent at the old rate.
 */
class OperationPace {
  /** Requests per second allowed; Infinity until the first throttle. */
  rate = Infinity;
  private nextStartAt = 0;
  private lastCutAt = -Infinity;
  /** How much the rate rises per second of answers: what it lost at the last cut, regained in `recoveryMs`. */
  private risePerSecond = 0;
  /** When the recent requests started, for the rate they were sent at. */
  private readonly recentStarts: number[] = [];

  /** When the next request may start. */
  readyAt(now: number): number {
    return this.rate === Infinity ? now : Math.max(now, this.nextStartAt);
  }

  started(now: number): void {
    if (this.rate !== Infinity) this.nextStartAt = Math.max(now, this.nextStartAt) + 1000 / this.rate;
    this.recentStarts.push(now);
    while (this.recentStarts.length && this.recentStarts[0] < now - rateWindowMs) this.recentStarts.shift();
  }

  /** The endpoint throttled a request sent at `sentAt`. */
  throttled(sentAt: number, now: number): void {
    if (sentAt < this.lastCutAt) return;
    const recent = this.recentStarts.filter((start) => start >= now - rateWindowMs);
    // The rate the recent requests were sent at, over the time they span (a load's first requests span milliseconds).
    const sending = recent.length / (Math.max(minimumSpanMs, now - (recent[0] ?? now)) / 1000);
    // A lone request throttled says nothing of this caller's rate (others share the endpoint's): backoff answers it.
    if (sending < 2 && this.rate === Infinity) return;
    const before = Math.min(this.rate, sending);
    this.rate = Math.max(minimumRate, before * decrease);
    this.risePerSecond = (before - this.rate) / (recoveryMs / 1000);
    this.lastCutAt = now;
  }

  /** A request was answered (not throttled). */
  answered(): void {
    if (this.rate !== Infinity) this.rate += this.risePerSecond / this.rate;
  }
}

/** The multiplicative decrease of a pace on throttling: the AWS SDKs' adaptive retry mode cuts its rate to 0.7 of it too. */
const decrease = 0.7;
/** How long an additive increase takes to regain what a decrease cut. */
const recoveryMs = 1_000;
/** The slowest pace: one request per second. */
const minimumRate = 1;
/** The window over which the rate a request was sent at is measured. */
const rateWindowMs = 1_000;
/** The shortest span a rate is measured over. */
const minimumSpanMs = 10;

/** A call waiting for its turn to send a request. */
interface Waiter {
  operation: string;
  queuedAt: number;
  start: () => void;
  fail: (error: Error) => void;
}

/** Which calls go first: what the user is looking at (`foreground`), then loads in the background. */
export type CallLane = 'foreground' | 'background';

export class OrganizationsCalls {
  readonly policy: CallPolicy;
  /** Requests sent, retries included. */
  requests = 0;
  /** Retries among them. */
  retries = 0;
  /** Requests the endpoint throttled. */
  throttled = 0;
  private readonly cancellation = new AbortController();
  private readonly random: () => number;
  private active = 0;
  private readonly queues: Record<CallLane, Waiter[]> = { foreground: [], background: [] };
  private readonly paces = new Map<string, OperationPace>();
  private readonly lane = new AsyncLocalStorage<CallLane>();
  private wakeTimer?: NodeJS.Timeout;
  private wakeAt = Infinity;
  /** When the endpoint last answered anything (an error included): waiting calls give up when it has been silent too long. */
  private lastAnswerAt = Date.now();
  private readonly answerListeners = new Set<() => void>();

  constructor(private readonly client: OrganizationsClient, private readonly options: CallsOptions = {}) {
    this.policy = { ...defaultCallPolicy, ...options.policy };
    this.random = options.random ?? Math.random;
  }

  get cancelled(): boolean {
    return this.cancellation.signal.aborted;
  }

  /** Runs `work` with its calls in the foreground lane: they are sent before any call of a load in the background. */
  inForeground<T>(work: () => Promise<T>): Promise<T> {
    return this.lane.run('foreground', work);
  }

  /** Listens to every answer the endpoint gives (something was read, or refused). */
  onDidAnswer(listener: () => void): () => void {
    this.answerListeners.add(listener);
    return () => this.answerListeners.delete(listener);
  }

  /** The current pace of an operation in requests per second (Infinity: not throttled), for the log and tests. */
  paceOf(operation: string): number {
    return this.paces.get(operation)?.rate ?? Infinity;
  }

  /** Cancels every call in flight or waiting, and every later one; the client is destroyed. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancellation.abort();
    clearTimeout(this.wakeTimer);
    for (const waiter of [...this.queues.foreground.splice(0), ...this.queues.background.splice(0)]) waiter.fail(new CallCancelledError());
    this.client.destroy();
  }

  /** Sends one command, retrying what may be retried. */
  async send<Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(command: OrganizationsCommand<Input, Output>): Promise<Output> {
    const operation = command.constructor.name.replace(/Command$/, '');
    const lane = this.lane.getStore() ?? 'background';
    const call: CallState = {};
    for (let attempt = 1, retry = 1; ; retry++) {
      try {
        return await this.attempt(operation, command, lane, call);
      } catch (error) {
        if (this.cancelled) throw new CallCancelledError();
        // A throttled attempt does not use up the call's attempts: the operation's pace has slowed, and the deadline bounds it.
        if (!isThrottling(error)) attempt++;
        if (attempt > this.policy.maxAttempts || !isRetryable(error)) throw error;
        const delayMs = Math.floor(this.random() * Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (retry - 1)));
        if (call.deadline !== undefined && Date.now() + delayMs >= call.deadline) throw error;
        this.retries++;
        this.options.onRetry?.(operation, retry, error as Error, delayMs);
        await this.delay(delayMs);
        call.retry = true;
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

  private async attempt<Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(
    operation: string, command: OrganizationsCommand<Input, Output>, lane: CallLane, call: CallState,
  ): Promise<Output> {
    await this.acquire(operation, lane, call.retry === true);
    const sentAt = Date.now();
    call.deadline ??= sentAt + this.policy.deadlineMs;
    try {
      if (this.cancelled) throw new CallCancelledError();
      const timeoutMs = Math.min(this.policy.timeoutMs, call.deadline - sentAt);
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
        this.client.send(command, { abortSignal }).then((output) => {
          this.answered(operation, sentAt, undefined);
          resolve(output);
        }, (error: unknown) => {
          const failure = unreadableAnswer(operation, error) ?? error;
          if (!isNetworkError(failure)) this.answered(operation, sentAt, failure);
          reject(failure);
        }).finally(() => {
          clearTimeout(timer);
          abortSignal.removeEventListener('abort', onAbort);
        });
      });
    } finally {
      this.release();
    }
  }

  /** Takes note of an answer: its operation's pace rises, or is cut when the answer says the caller sends too fast. */
  private answered(operation: string, sentAt: number, error: unknown): void {
    const now = Date.now();
    this.lastAnswerAt = now;
    const pace = this.paceFor(operation);
    if (isThrottling(error)) {
      this.throttled++;
      pace.throttled(sentAt, now);
    } else {
      pace.answered();
    }
    for (const listener of this.answerListeners) listener();
  }

  private paceFor(operation: string): OperationPace {
    let pace = this.paces.get(operation);
    if (!pace) this.paces.set(operation, (pace = new OperationPace()));
    return pace;
  }

  /** Waits for a free slot and the operation's pace; a retry goes before the calls of its lane that have not been sent yet. */
  private acquire(operation: string, lane: CallLane, retry: boolean): Promise<void> {
    if (this.cancelled) return Promise.reject(new CallCancelledError());
    return new Promise<void>((start, fail) => {
      const waiter: Waiter = { operation, queuedAt: Date.now(), start, fail };
      if (retry) this.queues[lane].unshift(waiter);
      else this.queues[lane].push(waiter);
      this.dispatch();
    });
  }

  private release(): void {
    this.active--;
    this.dispatch();
  }

  /**
   * Starts the waiting calls that may go: while a slot is free, the first waiter of the foreground lane, then of the
   * background lane, whose operation's pace allows it now. Wakes up again when the next paced one may go.
   */
  private dispatch(): void {
    if (this.cancelled) return;
    const now = Date.now();
    this.failStalled(now);
    let next = Infinity;
    for (const queue of [this.queues.foreground, this.queues.background]) {
      for (let index = 0; index < queue.length && this.active < this.policy.concurrency;) {
        const waiter = queue[index];
        const pace = this.paceFor(waiter.operation);
        const readyAt = pace.readyAt(now);
        if (readyAt > now) {
          next = Math.min(next, readyAt);
          index++;
          continue;
        }
        queue.splice(index, 1);
        this.active++;
        pace.started(now);
        waiter.start();
      }
    }
    if (next < this.wakeAt && this.active < this.policy.concurrency) {
      clearTimeout(this.wakeTimer);
      this.wakeAt = next;
      this.wakeTimer = setTimeout(() => {
        this.wakeAt = Infinity;
        this.dispatch();
      }, next - now);
    }
  }

  /** Fails the waiting calls that have waited a deadline while the endpoint answered nothing (it has stalled). */
  private failStalled(now: number): void {
    if (now - this.lastAnswerAt < this.policy.deadlineMs) return;
    for (const queue of [this.queues.foreground, this.queues.background]) {
      for (const waiter of queue.filter((candidate) => now - candidate.queuedAt >= this.policy.deadlineMs)) {
        queue.splice(queue.indexOf(waiter), 1);
        waiter.fail(new CallTimeoutError(this.policy.deadlineMs));
      }
    }
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

/** What one call keeps across its attempts: its deadline (from its first request) and whether the next attempt is a retry. */
interface CallState {
  deadline?: number;
  retry?: boolean;
}

/** The largest page most Organizations list operations allow. */
export const maxResults = 20;
