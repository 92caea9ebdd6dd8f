import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { addMonths, monthOf, monthStart } from '../../../server/src/aws/months';

test('month arithmetic crosses years both ways', () => {
  assert.equal(addMonths('2026-01', -1), '2025-12');
  assert.equal(addMonths('2025-12', 1), '2026-01');
  assert.equal(addMonths('2026-06', -11), '2025-07');
  assert.equal(addMonths('2026-06', 0), '2026-06');
});

test('a date\'s month and a month\'s first instant are in UTC, as AWS bills', () => {
  assert.equal(monthOf(new Date('2026-06-30T23:59:59.999Z')), '2026-06');
  assert.equal(monthOf(new Date('2026-07-01T00:00:00.000Z')), '2026-07');
  assert.equal(monthStart('2026-07').toISOString(), '2026-07-01T00:00:00.000Z');
});
