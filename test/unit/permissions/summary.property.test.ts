/**
 * Property: the summary computed once per path prefix (and per class of actions) gives every account the
 * same decision and the same cause as evaluating that account's request on its own.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { evaluateRequest } from '../../../server/src/permissions/evaluate';
import { OrganizationPermissions } from '../../../server/src/permissions/organization';
import { summarizeActions, SummaryRequest } from '../../../server/src/permissions/summary';
import { seededRandom } from '../../support/random';
import { randomOrganization, sampleActions } from './randomOrganization';
import { rcpServices } from './sampleOrganization';

const cases = 60;

test(`per-OU summary equals naive per-account evaluation (${cases} seeded random organizations)`, () => {
  let accountsChecked = 0;
  const seen = new Set<string>();
  for (let seed = 1; seed <= cases; seed++) {
    const random = seededRandom(seed);
    const graph = randomOrganization(random, { accounts: 25, units: 8, serviceControlPolicies: 12, resourceControlPolicies: 4 });
    const organization = new OrganizationPermissions(graph, { rcpSupportedServices: rcpServices });
    const requests: SummaryRequest[] = [
      { actions: sampleActions },
      { actions: sampleActions, context: { 'aws:RequestedRegion': 'us-east-1', 'aws:MultiFactorAuthPresent': 'true' }, contextComplete: true },
      { actions: sampleActions, principalAccount: '999999999999', resource: 'arn:aws:s3:::confidential/x' },
      { actions: sampleActions, identityPolicies: [{ Name: 'Id', Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'ec2:*'], Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': graph.Accounts[1].Id } } }] } }] },
    ];
    for (const request of requests) {
      const summary = summarizeActions(organization, request);
      for (const actionClass of summary.classes) {
        for (const action of actionClass.actions) {
          for (const account of graph.Accounts) {
            const { actions: _actions, ...rest } = request;
            const naive = evaluateRequest(organization, { ...rest, action, principalAccount: request.principalAccount ?? account.Id, resourceAccount: request.resourceAccount ?? account.Id });
            const label = `seed ${seed}, ${action}, account ${account.Id}, request ${JSON.stringify(rest).slice(0, 80)}`;
            assert.equal(actionClass.decisions.get(account.Id), naive.decision, label);
            seen.add(naive.decision);
            const group = [...actionClass.denied, ...actionClass.depends].find((candidate) => candidate.accounts.includes(account.Id));
            if (naive.decision === 'allowed') assert.ok(actionClass.allowed.includes(account.Id), label);
            else if (naive.cause) assert.deepEqual(group && 'cause' in group ? group.cause : undefined, naive.cause, label);
            else assert.deepEqual(group && 'dependsOn' in group ? group.dependsOn : undefined, naive.dependsOn, label);
            accountsChecked++;
          }
        }
      }
    }
  }
  // The generator must exercise every kind of answer, or the property says little.
  assert.deepEqual([...seen].sort(), ['allowed', 'depends', 'explicitDeny', 'implicitDeny']);
  assert.ok(accountsChecked > 10000);
});

test('after a change the summary is recomputed, and again equals the naive evaluation', () => {
  const random = seededRandom(4242);
  const graph = randomOrganization(random, { accounts: 30, units: 10, serviceControlPolicies: 10, resourceControlPolicies: 3 });
  const organization = new OrganizationPermissions(graph, { rcpSupportedServices: rcpServices });
  const before = summarizeActions(organization, { actions: ['ec2:RunInstances'] });
  assert.equal(summarizeActions(organization, { actions: ['ec2:RunInstances'] }).classes[0].decisions, before.classes[0].decisions, 'memoized');
  const denyAll = { Id: 'p-denyallec2', Name: 'DenyEc2', Type: 'SERVICE_CONTROL_POLICY' as const, Content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] } };
  organization.update({ ...graph, Policies: [...graph.Policies, denyAll], Attachments: [...graph.Attachments, { PolicyId: denyAll.Id, TargetId: graph.RootId }] });
  const after = summarizeActions(organization, { actions: ['ec2:RunInstances'] }).classes[0];
  for (const account of graph.Accounts) {
    const naive = evaluateRequest(organization, { action: 'ec2:RunInstances', principalAccount: account.Id, resourceAccount: account.Id });
    assert.equal(after.decisions.get(account.Id), naive.decision);
    assert.equal(naive.decision, account.Id === graph.ManagementAccountId ? 'allowed' : 'explicitDeny');
  }
});
