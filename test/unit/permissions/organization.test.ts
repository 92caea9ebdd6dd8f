import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { OrganizationPermissions } from '../../../server/src/permissions/organization';
import { ids, policy, rcpServices, sampleGraph, sampleOrganization } from './sampleOrganization';

test('targets are numbered parents first, and paths run from the root to the target', () => {
  const organization = sampleOrganization();
  assert.deepEqual(organization.path(ids.prodAccount).map((target) => target.Id), [ids.root, ids.workloads, ids.prod, ids.prodAccount]);
  for (const id of [ids.prodAccount, ids.devAccount, ids.sandboxAccount, ids.prod]) {
    const position = organization.position(id)!;
    assert.ok(organization.parentPosition(position) < position, `${id} comes after its parent`);
  }
  assert.equal(organization.parentPosition(organization.position(ids.root)!), -1);
  assert.deepEqual([...organization.childrenOf(ids.workloads)].sort(), [ids.prod, ids.devAccount].sort());
  assert.equal(organization.isAccount(ids.prodAccount), true);
  assert.equal(organization.isAccount(ids.prod), false);
  assert.deepEqual(organization.path(ids.external), []);
});

test('a cycle of parents is refused', () => {
  const graph = sampleGraph();
  const cyclic = { ...graph, OrganizationalUnits: [{ Id: 'ou-ab12-aaaaaaaa', Name: 'A', ParentId: 'ou-ab12-bbbbbbbb' }, { Id: 'ou-ab12-bbbbbbbb', Name: 'B', ParentId: 'ou-ab12-aaaaaaaa' }] };
  assert.throws(() => new OrganizationPermissions(cyclic, { rcpSupportedServices: rcpServices }), /form a cycle/);
});

test('targets with the same attached policies share one attachment set', () => {
  const organization = sampleOrganization({
    policies: [policy('p-denys3', 'DenyS3', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 's3:*', Resource: '*' })],
    attachments: [{ PolicyId: 'p-denys3', TargetId: ids.sandbox }],
  });
  const set = (id: string) => organization.attachmentSet(organization.position(id)!, 'SERVICE_CONTROL_POLICY');
  assert.equal(set(ids.root), set(ids.prodAccount));
  assert.notEqual(set(ids.root), set(ids.sandbox));
  assert.deepEqual(organization.attached(ids.sandbox, 'SERVICE_CONTROL_POLICY').map((compiled) => compiled.name), ['FullAWSAccess', 'DenyS3']);
});

// Organizations User Guide, RCP evaluation: RCPFullAWSAccess is attached everywhere and cannot be detached.
test('RCPFullAWSAccess is at every level while RCPs are enabled, listed or not', () => {
  const organization = sampleOrganization();
  for (const id of [ids.root, ids.prod, ids.devAccount]) {
    assert.deepEqual(organization.attached(id, 'RESOURCE_CONTROL_POLICY').map((compiled) => compiled.id), ['p-RCPFullAWSAccess']);
  }
  assert.deepEqual(sampleOrganization({ rcps: false }).attached(ids.root, 'RESOURCE_CONTROL_POLICY'), []);
});

test('an update recompiles only the policies whose content changed, and clears derived answers', () => {
  const deny = policy('p-denys3', 'DenyS3', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 's3:*', Resource: '*' });
  const graph = sampleGraph({ policies: [deny], attachments: [{ PolicyId: deny.Id, TargetId: ids.sandbox }] });
  const organization = new OrganizationPermissions(graph, { rcpSupportedServices: rcpServices });
  const compiledDeny = organization.attached(ids.sandbox, 'SERVICE_CONTROL_POLICY')[1];
  const compiledFull = organization.attached(ids.root, 'SERVICE_CONTROL_POLICY')[0];
  let computed = 0;
  const ask = () => organization.remember('question', () => ++computed);
  assert.equal(ask(), 1);
  assert.equal(ask(), 1, 'remembered');
  const edited = { ...deny, Content: JSON.parse(JSON.stringify(deny.Content)) };
  organization.update({ ...graph, Policies: graph.Policies.map((node) => (node.Id === deny.Id ? edited : node)) });
  assert.equal(ask(), 2, 'forgotten by the update');
  assert.equal(organization.attached(ids.sandbox, 'SERVICE_CONTROL_POLICY')[1], compiledDeny, 'equal content is not recompiled');
  const changed = { ...deny, Content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] } };
  organization.update({ ...graph, Policies: graph.Policies.map((node) => (node.Id === deny.Id ? changed : node)) });
  assert.notEqual(organization.attached(ids.sandbox, 'SERVICE_CONTROL_POLICY')[1], compiledDeny);
  assert.equal(organization.attached(ids.root, 'SERVICE_CONTROL_POLICY')[0], compiledFull);
  const copy = organization.withPolicyContent(deny.Id, deny.Content);
  assert.equal(copy.attached(ids.sandbox, 'SERVICE_CONTROL_POLICY')[1].statements[0].actions?.[0].prefix, 's3:');
  assert.equal(organization.attached(ids.sandbox, 'SERVICE_CONTROL_POLICY')[1].statements[0].actions?.[0].prefix, 'ec2:', 'the original is untouched');
});

test('only the most recently used answers are remembered', () => {
  const organization = sampleOrganization();
  let computed = 0;
  const ask = (question: string) => organization.remember(question, () => ++computed);
  ask('first');
  for (let index = 0; index < 31; index++) ask(`other ${index}`);
  ask('first');
  ask('one more');
  assert.equal(computed, 33);
  ask('first');
  assert.equal(computed, 33, 'using an answer keeps it');
  for (let index = 0; index < 32; index++) ask(`newer ${index}`);
  ask('first');
  assert.equal(computed, 66, 'an answer not used for a while is dropped');
});
