/**
 * Cost Explorer's `GetCostAndUsage` on the embedded endpoint (AWS JSON 1.1, `X-Amz-Target:
 * AWSInsightsIndexService.GetCostAndUsage`), answered from the engine's cost ledger, so that
 * `@aws-sdk/client-cost-explorer` reads the embedded organization's costs as it reads AWS's: MONTHLY
 * granularity, grouped by up to two of the LINKED_ACCOUNT and SERVICE dimensions, filtered by them, paged with
 * `NextPageToken`. The management account, or a delegated administrator for Billing and Cost Management, sees
 * every account; any other account sees only its own costs. Also `POST /_emulator/charges`, which records a
 * charge for tests and demos.
 */
import { randomUUID } from 'node:crypto';
import * as CostExplorer from '@aws-sdk/client-cost-explorer';
import type { DateInterval, Expression, GetCostAndUsageResponse, Group, ResultByTime } from '@aws-sdk/client-cost-explorer';
import { addMonths, monthOf, monthStart } from '../aws/months';
import { CostLedger, recordCharge, type ChargeInput } from '../emulator/costLedger';
import type { OrganizationsEngine } from '../emulator/engine';
import { billingServicePrincipal } from '../aws/servicePrincipals';
import { SINGLE, type ChargeRecord, type Transaction } from '../emulator/state';
import { operationSchemas, readInput, SerializationError, type Shape } from './wire';

/** The X-Amz-Target prefix of Cost Explorer. */
export const costExplorerTargetPrefix = 'AWSInsightsIndexService.';

/** The cost metrics Cost Explorer accepts; the ledger has no discounts, so each equals the unblended cost. */
const costMetrics = new Map(['AmortizedCost', 'BlendedCost', 'NetAmortizedCost', 'NetUnblendedCost', 'UnblendedCost'].map((name) => [name.toLowerCase(), name]));
const usageMetrics = new Set(['usagequantity', 'normalizedusageamount']);

/** The dimensions the ledger keeps. */
type LedgerDimension = 'LINKED_ACCOUNT' | 'SERVICE';
const ledgerDimensions = new Set<string>(['LINKED_ACCOUNT', 'SERVICE']);

/** Groups per page: a 12-month report of 10,000 accounts takes a few pages, as it does from AWS. */
export const GROUPS_PER_PAGE = 5000;

/** A Cost Explorer exception, by its shape name. */
export class CostExplorerError extends Error {
  constructor(name: 'ValidationException' | 'InvalidNextTokenException' | 'RequestChangedException' | 'DataUnavailableException', message: string) {
    super(message);
    this.name = name;
  }
}

/** One answer of the Cost Explorer routes: a JSON body, or an exception to send. */
export type CostExplorerAnswer = { statusCode: 200; body: string } | { statusCode: 400; error: string; message: string };

/** A computed report that later pages read from, so every page of one sequence sees the same ledger. */
interface Computed {
  groups: { month: number; keys: string[]; cents: number }[];
  periods: DateInterval[];
  estimated: boolean[];
  totals: number[];
  names: Map<string, string>;
}

/** The query a page token belongs to, and the position in it. */
interface PageToken {
  query: string;
  offset: number;
  request: string;
}

const dateFormat = /^\d{4}-\d{2}-\d{2}$/;

function validation(message: string): CostExplorerError {
  return new CostExplorerError('ValidationException', message);
}

function amount(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** The part of a day-range [start, end) that falls in each month of the ledger, as a fraction of the month's usage. */
function coverage(month: string, start: number, end: number, now: number): number {
  const from = monthStart(month).getTime();
  const to = Math.min(monthStart(addMonths(month, 1)).getTime(), Math.max(now, from + 1));
  const overlap = Math.min(end, to) - Math.max(start, from);
  return overlap <= 0 ? 0 : overlap / (to - from);
}

/** Whether a cost of an account and service passes a filter expression (of LINKED_ACCOUNT and SERVICE dimensions). */
function matcher(expression: Expression | undefined): (accountId: string, service: string) => boolean {
  if (!expression) return () => true;
  const parts = [expression.And, expression.Or, expression.Not, expression.Dimensions, expression.Tags, expression.CostCategories].filter((part) => part !== undefined);
  if (parts.length !== 1) throw validation('Expression has more than one root level expression or no expression; use And, Or or Not to combine them.');
  if (expression.And) {
    const all = expression.And.map(matcher);
    return (accountId, service) => all.every((test) => test(accountId, service));
  }
  if (expression.Or) {
    const any = expression.Or.map(matcher);
    return (accountId, service) => any.some((test) => test(accountId, service));
  }
  if (expression.Not) {
    const negated = matcher(expression.Not);
    return (accountId, service) => !negated(accountId, service);
  }
  const dimension = expression.Dimensions;
  if (!dimension?.Key || !ledgerDimensions.has(dimension.Key)) {
    throw validation('The embedded organization\'s cost ledger filters by the LINKED_ACCOUNT and SERVICE dimensions only.');
  }
  const values = new Set(dimension.Values ?? []);
  return dimension.Key === 'LINKED_ACCOUNT' ? (accountId) => values.has(accountId) : (_accountId, service) => values.has(service);
}

/** Who sees every account's costs: the management account and the delegated administrators for billing. */
function seesOrganization(tx: Transaction, caller: string): boolean {
  const organization = tx.get('organization', SINGLE);
  if (!organization || !tx.get('accounts', caller)?.ParentId) return false;
  return organization.MasterAccountId === caller
    || tx.values('delegatedAdministrators').some((admin) => admin.AccountId === caller && admin.ServicePrincipal === billingServicePrincipal);
}

/** Serves Cost Explorer's operations and the charges route for one engine. */
export class CostExplorerEndpoint {
  private readonly schemas: Map<string, Shape>;
  /** Recent queries' reports, by query ID, for the pages after the first. */
  private readonly computed = new Map<string, Computed>();

  constructor(private readonly engine: OrganizationsEngine) {
    this.schemas = operationSchemas(['GetCostAndUsage'], CostExplorer);
  }

  /** Answers one Cost Explorer request (`operation` without the target prefix) as `caller`. */
  answer(operation: string, body: Uint8Array, caller: string): CostExplorerAnswer {
    const schema = this.schemas.get(operation);
    if (!schema) return { statusCode: 400, error: 'com.amazon.coral.service#UnknownOperationException', message: `Unknown operation ${costExplorerTargetPrefix}${operation}` };
    try {
      const input = readInput(schema, body) as unknown as CostExplorer.GetCostAndUsageRequest;
      return { statusCode: 200, body: JSON.stringify(this.getCostAndUsage(input, caller)) };
    } catch (error) {
      if (error instanceof SerializationError) return { statusCode: 400, error: 'com.amazon.coral.service#SerializationException', message: error.message };
      if (error instanceof CostExplorerError) return { statusCode: 400, error: error.name, message: error.message };
      throw error;
    }
  }

  /** Records a charge (`POST /_emulator/charges` with a JSON `ChargeInput`); answers `{ Charge }`. */
  recordCharge(input: ChargeInput): { Charge: ChargeRecord } {
    return { Charge: this.engine.transact('RecordCharge', (tx, now) => recordCharge(tx, now, input)) };
  }

  getCostAndUsage(input: CostExplorer.GetCostAndUsageRequest, caller: string): GetCostAndUsageResponse {
    const { TimePeriod, Granularity, Metrics, GroupBy = [], NextPageToken } = input;
    if (!TimePeriod?.Start || !TimePeriod.End) throw validation("1 validation error detected: Value null at 'timePeriod' failed to satisfy constraint: Member must not be null");
    if (!dateFormat.test(TimePeriod.Start) || !dateFormat.test(TimePeriod.End) || Number.isNaN(Date.parse(TimePeriod.Start)) || Number.isNaN(Date.parse(TimePeriod.End))) {
      throw validation('Start and End must be dates in the format YYYY-MM-DD.');
    }
    if (TimePeriod.Start >= TimePeriod.End) throw validation('Start date (and hour) should be before end date (and hour)');
    if (!Granularity) throw validation("1 validation error detected: Value null at 'granularity' failed to satisfy constraint: Member must not be null");
    if (Granularity !== 'MONTHLY') throw validation(`The embedded organization's cost ledger is monthly: Granularity ${Granularity} is not available, use MONTHLY.`);
    if (!Metrics?.length) throw validation('Metrics is required for GetCostAndUsage requests.');
    for (const metric of Metrics) {
      if (usageMetrics.has(metric.toLowerCase())) throw validation(`The embedded organization's cost ledger keeps costs, not usage: ${metric} is not available.`);
      if (!costMetrics.has(metric.toLowerCase())) throw validation(`Unsupported metrics: ${metric}`);
    }
    if (GroupBy.length > 2) throw validation('You can group by up to two dimensions, tags or cost categories.');
    const dimensions = GroupBy.map((group) => {
      if (group.Type !== 'DIMENSION' || !group.Key || !ledgerDimensions.has(group.Key)) {
        throw validation('The embedded organization\'s cost ledger groups by the LINKED_ACCOUNT and SERVICE dimensions only.');
      }
      return group.Key as LedgerDimension;
    });
    if (new Set(dimensions).size !== dimensions.length) throw validation('Group by dimensions must be unique.');

    // The request without its token identifies the query that pages belong to.
    const request = JSON.stringify({ ...input, NextPageToken: undefined, caller });
    let token: PageToken | undefined;
    if (NextPageToken !== undefined) {
      try {
        token = JSON.parse(Buffer.from(NextPageToken, 'base64url').toString('utf8')) as PageToken;
      } catch {
        token = undefined;
      }
      if (!token || typeof token.query !== 'string' || !Number.isInteger(token.offset) || token.offset < 0 || typeof token.request !== 'string') {
        throw new CostExplorerError('InvalidNextTokenException', 'The pagination token is invalid. Try again without a pagination token.');
      }
      if (token.request !== request) {
        throw new CostExplorerError('RequestChangedException', 'Your request parameters changed between pages. Try again with the old parameters or without a pagination token.');
      }
    }
    const query = token?.query ?? randomUUID();
    let computed = this.computed.get(query);
    if (!computed) {
      computed = this.compute({ Start: TimePeriod.Start, End: TimePeriod.End }, dimensions, matcher(input.Filter), caller);
      this.computed.set(query, computed);
      // Only the most recent queries stay; an evicted query's later pages are computed again.
      for (const old of this.computed.keys()) if (this.computed.size > 8) this.computed.delete(old);
    }
    const offset = token?.offset ?? 0;
    const page = computed.groups.slice(offset, offset + GROUPS_PER_PAGE);
    const metricsOf = (cents: number) => Object.fromEntries(Metrics.map((metric) => [metric, { Amount: amount(cents), Unit: 'USD' }]));
    const ResultsByTime: ResultByTime[] = computed.periods.map((TimePeriod, index) => ({
      TimePeriod,
      // Grouped results carry their amounts in Groups, as Cost Explorer's do; ungrouped ones in Total.
      Total: dimensions.length ? {} : metricsOf(computed.totals[index]),
      Groups: [] as Group[],
      Estimated: computed.estimated[index],
    }));
    for (const group of page) ResultsByTime[group.month].Groups!.push({ Keys: group.keys, Metrics: metricsOf(group.cents) });
    const response: GetCostAndUsageResponse = {
      GroupDefinitions: dimensions.map((Key) => ({ Type: 'DIMENSION', Key })),
      ResultsByTime: dimensions.length && offset > 0 ? ResultsByTime.filter((result) => result.Groups!.length) : ResultsByTime,
      DimensionValueAttributes: [],
    };
    const accountKey = dimensions.indexOf('LINKED_ACCOUNT');
    if (accountKey >= 0) {
      const listed = [...new Set(page.map((group) => group.keys[accountKey]))];
      response.DimensionValueAttributes = listed.map((Value) => ({ Value, Attributes: { description: computed.names.get(Value) ?? Value } }));
    }
    if (offset + GROUPS_PER_PAGE < computed.groups.length) {
      response.NextPageToken = Buffer.from(JSON.stringify({ query, offset: offset + GROUPS_PER_PAGE, request } satisfies PageToken)).toString('base64url');
    } else {
      this.computed.delete(query);
    }
    return response;
  }

  /** The report of one query: each month's groups (sorted by month, then keys), totals and periods. */
  private compute(period: { Start: string; End: string }, dimensions: LedgerDimension[], passes: (accountId: string, service: string) => boolean, caller: string): Computed {
    return this.engine.transact('GetCostAndUsage', (tx, now) => {
      const start = Date.parse(`${period.Start}T00:00:00Z`);
      const end = Date.parse(`${period.End}T00:00:00Z`);
      const months: string[] = [];
      for (let month = period.Start.slice(0, 7); monthStart(month).getTime() < end; month = addMonths(month, 1)) months.push(month);
      const fractions = months.map((month) => coverage(month, start, end, now.getTime()));
      const visible = seesOrganization(tx, caller) ? undefined : new Set([caller]);
      // Each group's keys joined by NUL, one sum per month: a million costs must not each allocate an array.
      const sums = months.map(() => new Map<string, number>());
      const totals = months.map(() => 0);
      const [first, second] = dimensions;
      const pick = (dimension: LedgerDimension | undefined, accountId: string, service: string) => (dimension === 'LINKED_ACCOUNT' ? accountId : service);
      const keyOf = second
        ? (accountId: string, service: string) => `${pick(first, accountId, service)}\u0000${pick(second, accountId, service)}`
        : (accountId: string, service: string) => (first ? pick(first, accountId, service) : '');
      new CostLedger(tx, now).forEachCost(months, (accountId, index, service, cents) => {
        if (!passes(accountId, service)) return;
        totals[index] += cents;
        const key = keyOf(accountId, service);
        sums[index].set(key, (sums[index].get(key) ?? 0) + cents);
      }, visible);
      const groups: Computed['groups'] = [];
      if (dimensions.length) {
        sums.forEach((byKey, month) => {
          for (const key of [...byKey.keys()].sort()) {
            const covered = Math.round(byKey.get(key)! * fractions[month]);
            if (covered !== 0) groups.push({ month, keys: key.split('\u0000'), cents: covered });
          }
        });
      }
      const names = new Map<string, string>();
      for (const group of groups) {
        const accountId = group.keys[dimensions.indexOf('LINKED_ACCOUNT')];
        if (accountId && !names.has(accountId)) names.set(accountId, tx.get('accounts', accountId)?.Name ?? accountId);
      }
      const current = monthOf(now);
      return {
        groups,
        names,
        totals: totals.map((cents, index) => Math.round(cents * fractions[index])),
        periods: months.map((month, index) => ({
          Start: index === 0 ? period.Start : `${month}-01`,
          End: index === months.length - 1 ? period.End : `${addMonths(month, 1)}-01`,
        })),
        estimated: months.map((month) => month >= current),
      };
    });
  }
}
