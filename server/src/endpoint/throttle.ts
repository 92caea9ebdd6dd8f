/**
 * Throttling as AWS throttles: a token bucket per caller account and operation family (the families of
 * `emulator/operations/`), each refilled at a steady rate up to a burst, one token per request; a request that finds
 * its bucket empty is answered `TooManyRequestsException` and changes nothing.
 *
 * AWS does not publish Organizations' rates (the user guide's quotas page lists none, and a request to document them,
 * awsdocs/aws-organizations-docs#39, was closed unanswered), so the rate is the user's choice. AWS's own answer is the
 * model: `TooManyRequestsException` with HTTP 400 (the SDKs had to learn to retry it because Organizations does not
 * answer 429: aws/aws-sdk-js#2135, botocore 1.10.53) and the sentence AWS answers with, as clients print it in 2025:
 * "You have sent too many requests in too short a period of time. Try again later." (awslabs/aws-deployment-framework#788).
 * For a rate like AWS's,
 * the nearest documented one is AWS Account Management's, a sibling global service: 10 requests per second with a
 * burst of 15 for its reads (`--throttle 10/15`).
 */
import { operationFamilies } from '../emulator/engine';

/** How fast each family of operations may be called, per caller account. */
export interface ThrottleRate {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** The most tokens a bucket holds: how many requests may come at once after a quiet spell. */
  burst: number;
}

/** The message AWS Organizations answers throttled requests with. */
export const tooManyRequestsMessage = 'You have sent too many requests in too short a period of time. Try again later.';

/** Reads `<rate>` or `<rate>/<burst>` (requests per second; the burst defaults to the rate), as the CLI and the setting write it. */
export function parseThrottleRate(text: string): ThrottleRate {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d+))?\s*$/.exec(text);
  const ratePerSecond = match ? Number(match[1]) : NaN;
  const burst = match?.[2] !== undefined ? Number(match[2]) : Math.max(1, Math.ceil(ratePerSecond));
  if (!(ratePerSecond > 0) || !(burst >= 1)) {
    throw new Error(`A throttle is <requests per second>[/<burst>], both above 0 (for example 10/15), not "${text}".`);
  }
  return { ratePerSecond, burst };
}

/** The buckets of one endpoint. */
export class RequestThrottle {
  private readonly buckets = new Map<string, { tokens: number; filledAt: number }>();

  constructor(readonly rate: ThrottleRate, private readonly now: () => number = Date.now) {}

  /** Takes a token for a call of `operation` by `accountId`; false when the bucket is empty (the call is throttled). */
  take(accountId: string, operation: string): boolean {
    const key = `${accountId} ${operationFamilies.get(operation) ?? operation}`;
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { tokens: this.rate.burst, filledAt: now }));
    bucket.tokens = Math.min(this.rate.burst, bucket.tokens + ((now - bucket.filledAt) / 1000) * this.rate.ratePerSecond);
    bucket.filledAt = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
