/** The cost ledger: deterministic synthetic usage for seeded organizations, recorded charges, and who has costs when. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { addMonths, monthOf } from '../../../server/src/aws/months';
import { recordCharge, syntheticLedger } from '../../../server/src/emulator/costLedger';
import { ledgerTotals } from '../../support/ledger';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { generateOrganization } from '../../../server/src/emulator/seeds';
import { createAccount, DAY_MS, organization, rejects } from './engineSupport';

const now = new Date('2026-06-16T12:00:00Z');
const months = Array.from({ length: 12 }, (_, index) => addMonths('2025-07', index));

/** Every account's totals by month, keyed by email (IDs are scrambled anew by each reset). */
function totalsByEmail(engine: OrganizationsEngine): Map<string, number[]> {
  return engine.transact('read', (tx, at) => {
    const totals = ledgerTotals(tx, at, months);
    return new Map([...totals].map(([id, row]) => [tx.get('accounts', id)!.Email, row]));
  });
}

test('a seed has synthetic usage for the twelve months up to the current one', () => {
  assert.equal(syntheticLedger(now).SyntheticUsageSince, '2025-07');
});

test('the sample has the same synthetic usage after every reset, for twelve months, the current one to date', () => {
  const first = new OrganizationsEngine({ clock: () => now });
  const second = new OrganizationsEngine({ clock: () => now });
  first.reset('sample');
  second.reset('sample');
  const a = totalsByEmail(first);
  assert.deepEqual(a, totalsByEmail(second));
  assert.ok(a.size >= 29, `${a.size} accounts with costs`);
  for (const [email, row] of a) {
    assert.ok(row.every((cents) => Number.isInteger(cents) && cents > 0), `${email}: ${row.join(', ')}`);
    // June 16th at noon: about half the month has been used.
    assert.ok(row[11] < row[10] * 0.75, `${email}: the current month is to date`);
  }
  const production = a.get('aws-payments-prod@example.com')!.reduce((sum, cents) => sum + cents, 0);
  const sandbox = a.get('aws-sandbox-alice@example.com')!.reduce((sum, cents) => sum + cents, 0);
  assert.ok(production > sandbox, 'a production account costs more than a sandbox');
});

test('an empty organization has no usage; an account created after the seed costs from the month it joined', () => {
  const org = organization();
  assert.equal(org.engine.transact('read', (tx, at) => ledgerTotals(tx, at, months).size), 0);

  let time = now.getTime() - 200 * DAY_MS;
  const engine = new OrganizationsEngine({ clock: () => new Date(time) });
  engine.reset('sample');
  time = now.getTime() - 45 * DAY_MS;
  const request = (engine.call('CreateAccount', { AccountName: 'Late Joiner', Email: 'late@example.com' }, engine.managementAccountId) as { CreateAccountStatus: { Id: string } }).CreateAccountStatus.Id;
  time += 60_000;
  const accountId = (engine.call('DescribeCreateAccountStatus', { CreateAccountRequestId: request }, engine.managementAccountId) as { CreateAccountStatus: { AccountId: string } }).CreateAccountStatus.AccountId;
  time = now.getTime();
  const row = engine.transact('read', (tx, at) => ledgerTotals(tx, at, months).get(accountId))!;
  const joined = months.indexOf(monthOf(new Date(now.getTime() - 45 * DAY_MS)));
  assert.ok(row.slice(0, joined).every((cents) => cents === 0), row.join(', '));
  assert.ok(row.slice(joined).every((cents) => cents > 0), row.join(', '));
});

test('recorded charges add to the ledger, month by month, and are refused for unknown accounts or future months', () => {
  // The test organization's clock stands in January 2026.
  const org = organization();
  const accountId = createAccount(org, 'Billed');
  const ledger = () => org.engine.transact('read', (tx, at) => ledgerTotals(tx, at, months).get(accountId));
  assert.equal(ledger(), undefined);
  org.engine.transact('RecordCharge', (tx, at) => recordCharge(tx, at, { AccountId: accountId, Service: 'AWS Lambda', Amount: 12.34 }));
  const charge = org.engine.transact('RecordCharge', (tx, at) => recordCharge(tx, at, { AccountId: accountId, Service: 'AWS Lambda', Amount: 0.66 }));
  assert.equal(charge.Cents, 1300);
  org.engine.transact('RecordCharge', (tx, at) => recordCharge(tx, at, { AccountId: accountId, Service: 'Amazon Simple Storage Service', Amount: 5, Month: '2025-12' }));
  const row = ledger()!;
  assert.equal(row[months.indexOf('2026-01')], 1300);
  assert.equal(row[months.indexOf('2025-12')], 500);
  assert.equal(row.reduce((sum, cents) => sum + cents, 0), 1800);
  org.engine.transact('read', (tx, at) => {
    rejects(() => recordCharge(tx, at, { AccountId: '123456789012', Service: 'AWS Lambda', Amount: 1 }), 'InvalidInputException', 'INVALID_INPUT');
    rejects(() => recordCharge(tx, at, { AccountId: accountId, Service: 'AWS Lambda', Amount: 1, Month: '2026-02' }), 'InvalidInputException', 'INVALID_INPUT');
    rejects(() => recordCharge(tx, at, { AccountId: accountId, Service: '', Amount: 1 }), 'InvalidInputException', 'INVALID_INPUT');
    rejects(() => recordCharge(tx, at, { AccountId: accountId, Service: 'AWS Lambda', Amount: 'ten' }), 'InvalidInputException', 'INVALID_INPUT');
  });
  assert.deepEqual(ledger(), row);
});

test('a generated organization of 10,000 accounts costs every month without storing its usage', () => {
  const engine = new OrganizationsEngine({ clock: () => now });
  engine.importState(generateOrganization({ accounts: 10_000, ous: 200, policies: 0, depth: 4, now }));
  assert.equal(Object.keys(engine.exportState().collections.charges ?? {}).length, 0);
  const totals = engine.transact('read', (tx, at) => ledgerTotals(tx, at, months));
  assert.equal(totals.size, 10_000);
});
