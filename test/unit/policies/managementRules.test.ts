import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { managementKeys } from '../../../server/src/policies/managementRules';
import { applyFix, codesOf, findingsOf } from './findings';

const tagPolicy = {
  tags: {
    costcenter: {
      tag_key: { '@@assign': 'CostCenter' },
      tag_value: { '@@assign': ['100', '200', '*@example.com'] },
      enforced_for: { '@@assign': ['secretsmanager:*', 'ec2:instance', 'ec2:ALL_SUPPORTED'] },
      '@@operators_allowed_for_child_policies': ['@@none'],
    },
  },
};

test('a documented tag policy passes', async () => {
  assert.deepEqual(await codesOf(tagPolicy, 'TAG_POLICY'), []);
});

test('unknown keys and operators are errors', async () => {
  assert.deepEqual(await codesOf({ tag: {} }, 'TAG_POLICY'), [701]);
  assert.deepEqual(await codesOf({ tags: { costcenter: { tag_values: { '@@assign': ['1'] } } } }, 'TAG_POLICY'), [701]);
  assert.deepEqual(await codesOf({ tags: { costcenter: { tag_value: { '@@replace': ['1'] } } } }, 'TAG_POLICY'), [702]);
});

test('@@append and @@remove only on settings with several values, and with arrays', async () => {
  const text = JSON.stringify({ tags: { costcenter: { tag_key: { '@@append': 'CostCenter' } } } });
  const [finding] = await findingsOf(text, 'TAG_POLICY');
  assert.equal(finding.code, 703);
  assert.deepEqual(JSON.parse(applyFix(text, finding)), { tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' } } } });
  assert.deepEqual(await codesOf({ tags: { costcenter: { tag_value: { '@@append': ['300'] } } } }, 'TAG_POLICY'), []);
  assert.deepEqual(await codesOf({ tags: { costcenter: { tag_value: { '@@append': '300' } } } }, 'TAG_POLICY'), [711]);
  assert.deepEqual(await codesOf({ tags: { '@@assign': {} } }, 'TAG_POLICY'), [703]);
});

test('@@operators_allowed_for_child_policies: known operators; @@all and @@none alone', async () => {
  const entry = (operators: unknown) => ({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter', '@@operators_allowed_for_child_policies': operators } } } });
  assert.deepEqual(await codesOf(entry(['@@assign', '@@append']), 'TAG_POLICY'), []);
  assert.deepEqual(await codesOf(entry(['@@none', '@@assign']), 'TAG_POLICY'), [704]);
  assert.deepEqual(await codesOf(entry(['@@everything']), 'TAG_POLICY'), [704]);
  assert.deepEqual(await codesOf(entry('@@none'), 'TAG_POLICY'), [704]);
});

test('tag policy rules: one wildcard per value, enforced_for forms, tag_key matching its policy key', async () => {
  assert.deepEqual(await codesOf({ tags: { owner: { tag_value: { '@@assign': ['*@*.com'] } } } }, 'TAG_POLICY'), [705]);
  assert.deepEqual(await codesOf({ tags: { owner: { enforced_for: { '@@assign': ['*', 'ec2'] } } } }, 'TAG_POLICY'), [706, 706]);
  assert.deepEqual(await codesOf({ tags: { owner: { tag_key: { '@@assign': 'Team' } } } }, 'TAG_POLICY'), [710]);
});

test('a setting without an operator is an error, fixed by wrapping it in @@assign', async () => {
  const text = JSON.stringify({ tags: { costcenter: { tag_key: 'CostCenter' } } });
  const [finding] = await findingsOf(text, 'TAG_POLICY');
  assert.equal(finding.code, 709);
  assert.deepEqual(JSON.parse(applyFix(text, finding)), { tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' } } } });
});

test('AI services opt-out values are case-sensitive', async () => {
  const optOut = (value: string) => ({ services: { default: { opt_out_policy: { '@@assign': value } }, rekognition: { opt_out_policy: { '@@assign': 'optIn' } } } });
  assert.deepEqual(await codesOf(optOut('optOut'), 'AISERVICES_OPT_OUT_POLICY'), []);
  const text = JSON.stringify(optOut('optout'));
  const [finding] = await findingsOf(text, 'AISERVICES_OPT_OUT_POLICY');
  assert.equal(finding.code, 707);
  assert.equal(JSON.parse(applyFix(text, finding)).services.default.opt_out_policy['@@assign'], 'optOut');
});

test('backup policies: the documented plan keys, with operators on every setting', async () => {
  const plan = {
    regions: { '@@append': ['us-east-1'] },
    rules: { Daily: { schedule_expression: { '@@assign': 'cron(0 5 ? * * *)' }, target_backup_vault_name: { '@@assign': 'Default' } } },
    selections: { tags: { all: { iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/Backup' }, tag_key: { '@@assign': 'backup' }, tag_value: { '@@assign': ['daily'] } } } },
  };
  assert.deepEqual(await codesOf({ plans: { Plan: plan } }, 'BACKUP_POLICY'), []);
  assert.deepEqual(await codesOf({ plans: { Plan: { ...plan, region: { '@@assign': ['x'] } } } }, 'BACKUP_POLICY'), [701]);
  assert.deepEqual(await codesOf({ plans: { Plan: { ...plan, rules: { Daily: { schedule_expression: 'cron(0 5 ? * * *)' } } } } }, 'BACKUP_POLICY'), [709]);
});

test('management keys offered per level', () => {
  assert.deepEqual(managementKeys('TAG_POLICY', []), ['tags']);
  assert.deepEqual(managementKeys('TAG_POLICY', ['tags', 'costcenter']), ['tag_key', 'tag_value', 'enforced_for', 'report_required_tag_for', '@@operators_allowed_for_child_policies']);
  assert.deepEqual(managementKeys('TAG_POLICY', ['tags', 'costcenter', 'tag_value']), ['@@assign', '@@append', '@@remove', '@@operators_allowed_for_child_policies']);
  assert.deepEqual(managementKeys('AISERVICES_OPT_OUT_POLICY', ['services', 'default', 'opt_out_policy']), ['@@assign', '@@operators_allowed_for_child_policies']);
});
