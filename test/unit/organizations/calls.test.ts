/**
 * `OrganizationsCalls` against the real SDK and the engine (in-memory handler) with scripted faults:
 * what is retried and what is not, the bound on attempts, the backoff's bounds, timeouts, the call's deadline, cancellation
 * and the concurrency limit.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CreateOrganizationalUnitCommand, ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { createEndpointHandler, type EndpointHandler } from '../../../server/src/endpoint/handler';
import { createInMemoryRequestHandler } from '../../../server/src/endpoint/inMemoryHandler';
import { CallCancelledError, CallTimeoutError, OrganizationsCalls, UnreadableAnswerError, type CallPolicy } from '../../../server/src/organizations/calls';
import { faultyHandler, type FaultCounts, type FaultPlan } from './faults';

const engine = new OrganizationsEngine();
engine.reset('sample');
const handler = createEndpointHandler(engine, {});
const rootId = (engine.call('ListRoots', {}, engine.managementAccountId) as { Roots: { Id: string }[] }).Roots[0].Id;

function counts(): FaultCounts {
  return { requests: 0, throttled: 0, serverErrors: 0, dropped: 0 };
}

/** Calls whose requests pass through `wrap(handler)`; the jitter draw is always the maximum, to test the bounds. */
function callsThrough(wrapped: EndpointHandler, policy: Partial<CallPolicy> = {}, delays: number[] = []): OrganizationsCalls {
  const client = new OrganizationsClient({
    region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: '111111111111', secretAccessKey: 'embedded' },
    requestHandler: createInMemoryRequestHandler(wrapped),
  });
  return new OrganizationsCalls(client, { policy: { baseDelayMs: 1, maxDelayMs: 4, ...policy }, random: () => 0.999, onRetry: (_operation, _attempt, _error, delayMs) => delays.push(delayMs) });
}

/** Faults drawn from a script: each request takes the next number (0 = throttle, 0.15 = 5xx, 0.99 = pass). */
function scripted(draws: number[], plan: FaultPlan, count: FaultCounts): EndpointHandler {
  let index = 0;
  return faultyHandler(handler, plan, () => draws[Math.min(index++, draws.length - 1)], count);
}

const plan: FaultPlan = { throttle: 0.1, serverError: 0.1, maxLatencyMs: 0 };

test('retries throttling and 5xx with growing, bounded backoff until the call succeeds', async () => {
  const count = counts();
  const delays: number[] = [];
  const calls = callsThrough(scripted([0, 0.15, 0, 0.15, 0.99], plan, count), {}, delays);
  const output = await calls.send(new ListRootsCommand({}));
  assert.equal(output.Roots?.[0].Id, rootId);
  assert.equal(calls.requests, 5);
  assert.equal(calls.retries, 4);
  assert.deepEqual(count, { requests: 5, throttled: 2, serverErrors: 2, dropped: 0 });
  // Full jitter below min(maxDelayMs, baseDelayMs * 2^n): 1, 2, 4, then capped at 4.
  assert.deepEqual(delays, [0, 1, 3, 3]);
});

test('gives up after the maximum number of attempts with AWS\'s error', async () => {
  const calls = callsThrough(scripted([0], plan, counts()), { maxAttempts: 3 });
  await assert.rejects(calls.send(new ListRootsCommand({})), { name: 'TooManyRequestsException' });
  assert.equal(calls.requests, 3);
});

test('never retries a client error', async () => {
  const calls = callsThrough(handler);
  await assert.rejects(calls.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Sandbox' })), { name: 'DuplicateOrganizationalUnitException' });
  assert.equal(calls.requests, 1);
  assert.equal(calls.retries, 0);
});

test('retries ConcurrentModificationException', async () => {
  let first = true;
  const calls = callsThrough(async (request) => {
    if (!first) return handler(request);
    first = false;
    const body = new TextEncoder().encode(JSON.stringify({ __type: 'ConcurrentModificationException', Message: 'The target of the operation is currently being modified by a different request. Try again later.' }));
    return { statusCode: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body };
  });
  await calls.send(new ListRootsCommand({}));
  assert.equal(calls.requests, 2);
});

test('abandons an attempt that takes longer than the timeout, and retries it', async () => {
  let answered = 0;
  const calls = callsThrough(async (request) => {
    // The first answer never comes; the second comes at once.
    if (answered++ === 0) return new Promise(() => {});
    return handler(request);
  }, { timeoutMs: 50 });
  await calls.send(new ListRootsCommand({}));
  assert.equal(calls.requests, 2);
  const stuck = callsThrough(() => new Promise(() => {}), { timeoutMs: 20, maxAttempts: 2 });
  await assert.rejects(stuck.send(new ListRootsCommand({})), CallTimeoutError);
});

test('gives up by the call\'s deadline, whatever attempts are left: a stalled endpoint, or a backoff that would pass it', async () => {
  // 50 attempts of 30 ms outlast the deadline, and a second one starts well before it even when timers fire late on a busy machine.
  const stalled = callsThrough(() => new Promise(() => {}), { timeoutMs: 30, deadlineMs: 1_000, maxAttempts: 50 });
  await assert.rejects(stalled.send(new ListRootsCommand({})), CallTimeoutError);
  assert.ok(stalled.requests >= 2 && stalled.requests < 50, `the deadline ended the call after ${stalled.requests} attempts`);

  const count = counts();
  const throttled = callsThrough(scripted([0], plan, count), { baseDelayMs: 10_000, maxDelayMs: 10_000, deadlineMs: 1_000 });
  await assert.rejects(throttled.send(new ListRootsCommand({})), { name: 'TooManyRequestsException' });
  assert.equal(throttled.requests, 1, 'no retry that would start past the deadline');
});

test('cancels calls in flight and waiting when the connection closes', async () => {
  let started!: () => void;
  const inFlight = new Promise<void>((resolve) => (started = resolve));
  const calls = callsThrough(() => {
    started();
    return new Promise(() => {});
  }, { concurrency: 1 });
  const first = calls.send(new ListRootsCommand({}));
  const second = calls.send(new ListRootsCommand({}));
  await inFlight;
  calls.cancel();
  await assert.rejects(first, CallCancelledError);
  await assert.rejects(second, CallCancelledError);
  await assert.rejects(calls.send(new ListRootsCommand({})), CallCancelledError);
  assert.equal(calls.requests, 1);
});

test('keeps at most `concurrency` requests in flight', async () => {
  let inFlight = 0;
  let most = 0;
  const calls = callsThrough(async (request) => {
    most = Math.max(most, ++inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
    return handler(request);
  }, { concurrency: 3 });
  await Promise.all(Array.from({ length: 12 }, () => calls.send(new ListRootsCommand({}))));
  assert.equal(most, 3);
  assert.equal(calls.requests, 12);
});

test('an answer outside AWS\'s protocol becomes a readable error, retried only when a gateway said the service was unavailable', async () => {
  for (const [statusCode, expectedRequests] of [[500, 1], [200, 1], [503, 3]] as const) {
    let requests = 0;
    const htmlPage: EndpointHandler = async () => {
      requests++;
      const body = new TextEncoder().encode('<!doctype html><html><body>Something went wrong</body></html>');
      return { statusCode, headers: { 'content-type': 'text/html' }, body };
    };
    const error = await callsThrough(htmlPage, { maxAttempts: 3 }).send(new ListRootsCommand({})).then(() => assert.fail('answered'), (failure: unknown) => failure);
    assert.ok(error instanceof UnreadableAnswerError, String(error));
    assert.equal(error.message, `The endpoint answered ListRoots with HTTP ${statusCode} and an HTML page, not in AWS's protocol.`);
    assert.equal(requests, expectedRequests, `HTTP ${statusCode}`);
  }
});
