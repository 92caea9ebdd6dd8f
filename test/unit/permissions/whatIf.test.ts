/** What-if for the policy being written: the document in place of the deployed policy, or attached where it is previewed. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { summarizeActions } from '../../../server/src/permissions/summary';
import { documentPolicyId, whatIf } from '../../../server/src/permissions/whatIf';
import { ids, policy, sampleOrganization } from './sampleOrganization';

const deployed = policy('p-deny', 'DenyDelete', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' });
const organization = () => sampleOrganization({ policies: [deployed], attachments: [{ PolicyId: deployed.Id, TargetId: ids.workloads }] });
const denyRunInstances = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*' }] };
const deniedIn = (answer: ReturnType<typeof whatIf>, action: string) => summarizeActions(answer.organization, { actions: [action] }).classes[0].denied.flatMap((group) => group.accounts).sort();

test('an edited document replaces the deployed policy it stands for; the deployed organization is untouched', () => {
  const base = organization();
  const edited = whatIf(base, { type: 'SERVICE_CONTROL_POLICY', name: 'DenyDelete', content: denyRunInstances }, deployed, undefined);
  assert.deepEqual(edited.version, { kind: 'replacing', policy: deployed, content: denyRunInstances });
  assert.deepEqual(deniedIn(edited, 'ec2:RunInstances'), [ids.prodAccount, ids.devAccount].sort());
  assert.deepEqual(deniedIn(edited, 's3:DeleteBucket'), []);
  assert.deepEqual(deniedIn({ organization: base, version: { kind: 'deployed' } }, 's3:DeleteBucket'), [ids.prodAccount, ids.devAccount].sort());
});

test('the same content, or a document that does not parse, evaluates the deployed policy', () => {
  const base = organization();
  assert.deepEqual(whatIf(base, { type: 'SERVICE_CONTROL_POLICY', name: 'DenyDelete', content: JSON.parse(JSON.stringify(deployed.Content)) }, deployed, undefined),
    { organization: base, version: { kind: 'deployedPolicy', policy: deployed, unparsable: false } });
  assert.deepEqual(whatIf(base, { type: 'SERVICE_CONTROL_POLICY', name: 'DenyDelete', content: undefined }, deployed, ids.sandbox).version,
    { kind: 'deployedPolicy', policy: deployed, unparsable: true });
});

test('a new document is evaluated where it is previewed, and only there', () => {
  const base = organization();
  const draft = { type: 'SERVICE_CONTROL_POLICY' as const, name: 'guardrail', content: denyRunInstances };
  assert.deepEqual(whatIf(base, draft, undefined, undefined).version, { kind: 'notPreviewed', type: 'SERVICE_CONTROL_POLICY', unparsable: false });
  assert.equal(whatIf(base, draft, undefined, 'ou-ab12-gonegone').version.kind, 'notPreviewed', 'a target no longer in the organization');
  const previewed = whatIf(base, draft, undefined, ids.sandbox);
  assert.equal(previewed.version.kind, 'previewed');
  assert.deepEqual(deniedIn(previewed, 'ec2:RunInstances'), [ids.sandboxAccount]);
  const cause = summarizeActions(previewed.organization, { actions: ['ec2:RunInstances'] }).classes[0].denied[0].cause;
  assert.deepEqual([cause.statements[0].policyName, cause.statements[0].policyId, cause.target?.Id], ['guardrail', documentPolicyId, ids.sandbox]);
  assert.equal(base.graph.Policies.length, 2, 'the deployed organization has no new policy');
});
