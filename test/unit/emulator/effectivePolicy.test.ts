import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mergeManagementPolicies } from '../../../server/src/emulator/effectivePolicy';

// Examples after the Organizations user guide's "Understanding management policy inheritance" (tag policies).
const rootTagPolicy = {
  tags: {
    costcenter: {
      tag_key: { '@@assign': 'CostCenter' },
      tag_value: { '@@assign': ['100', '200'] },
      enforced_for: { '@@assign': ['secretsmanager:*'] },
    },
  },
};

test('a single policy resolves to its assigned values without operators', () => {
  assert.deepEqual(mergeManagementPolicies([[rootTagPolicy]]).policy, {
    tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200'], enforced_for: ['secretsmanager:*'] } },
  });
});

test('@@append adds to and @@remove removes from an inherited list; @@assign replaces it', () => {
  const ou = { tags: { costcenter: { tag_value: { '@@append': ['300'] } } } };
  const account = { tags: { costcenter: { tag_value: { '@@remove': ['100'] }, enforced_for: { '@@assign': ['ec2:instance'] } } } };
  const { policy } = mergeManagementPolicies([[rootTagPolicy], [ou], [account]]);
  assert.deepEqual(policy, { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['200', '300'], enforced_for: ['ec2:instance'] } } });
});

test('@@append into a setting that was never inherited creates it, without duplicates', () => {
  const { policy } = mergeManagementPolicies([[{ tags: { project: { tag_value: { '@@append': ['a', 'b'] } } } }], [{ tags: { project: { tag_value: { '@@append': ['b', 'c'] } } } }]]);
  assert.deepEqual(policy, { tags: { project: { tag_value: ['a', 'b', 'c'] } } });
});

test('@@operators_allowed_for_child_policies limits lower levels, which cannot loosen it', () => {
  const root = {
    tags: {
      costcenter: {
        tag_key: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'CostCenter' },
        tag_value: { '@@operators_allowed_for_child_policies': ['@@append'], '@@assign': ['100'] },
      },
    },
  };
  const ou = {
    tags: {
      costcenter: {
        tag_key: { '@@assign': 'costcenter' },
        tag_value: { '@@operators_allowed_for_child_policies': ['@@all'], '@@append': ['200'], '@@remove': ['100'] },
      },
    },
  };
  const account = { tags: { costcenter: { tag_value: { '@@assign': ['999'] } } } };
  const { policy, ignored } = mergeManagementPolicies([[root], [ou], [account]]);
  assert.deepEqual(policy, { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200'] } } });
  assert.deepEqual(ignored.map((change) => [change.path.join('.'), change.operator, change.level]), [
    ['tags.costcenter.tag_key', '@@assign', 1],
    ['tags.costcenter.tag_value', '@@remove', 1],
    ['tags.costcenter.tag_value', '@@assign', 2],
  ]);
});

test('a limit on a parent key binds every setting below it', () => {
  const root = { tags: { '@@operators_allowed_for_child_policies': ['@@none'], costcenter: { tag_key: { '@@assign': 'CostCenter' } } } };
  const { policy } = mergeManagementPolicies([[root], [{ tags: { costcenter: { tag_key: { '@@assign': 'Other' } }, project: { tag_key: { '@@assign': 'Project' } } } }]]);
  assert.deepEqual(policy, { tags: { costcenter: { tag_key: 'CostCenter' } } });
});

test('policies at the same level apply in attachment order, and their limits start at the next level', () => {
  const first = { tags: { costcenter: { tag_key: { '@@assign': 'CostCenter', '@@operators_allowed_for_child_policies': ['@@none'] } } } };
  const second = { tags: { costcenter: { tag_key: { '@@assign': 'COSTCENTER' } } } };
  assert.deepEqual(mergeManagementPolicies([[first, second]]).policy, { tags: { costcenter: { tag_key: 'COSTCENTER' } } });
  assert.deepEqual(mergeManagementPolicies([[second, first]]).policy, { tags: { costcenter: { tag_key: 'CostCenter' } } });
});

test('AI services opt-out: a default for every service and an exception for one', () => {
  const root = { services: { default: { opt_out_policy: { '@@assign': 'optOut' } } } };
  const account = { services: { rekognition: { opt_out_policy: { '@@assign': 'optIn' } } } };
  assert.deepEqual(mergeManagementPolicies([[root], [], [account]]).policy, {
    services: { default: { opt_out_policy: 'optOut' }, rekognition: { opt_out_policy: 'optIn' } },
  });
});

test('no policy at any level means no effective policy; an empty policy means an empty one', () => {
  assert.equal(mergeManagementPolicies([[], [], []]).policy, undefined);
  assert.deepEqual(mergeManagementPolicies([[{}]]).policy, {});
});
