/**
 * The organization model's contract, written once and run against two backends: the engine in process
 * (through the SDK's in-memory request handler) and the endpoint over HTTP (real sockets). Both run with
 * replication lag and injected throttling, 5xx and latency; over HTTP connections are also dropped.
 * The suite uses the sample organization and changes it in order, so its tests run in sequence.
 */
import { describe, test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import type { OrganizationModel, OrganizationChange } from '../../../server/src/organizations/model';
import type { OrganizationNode } from '../../../server/src/protocol';
import { poll } from '../../support/poll';
import type { FaultCounts } from './faults';

export interface ContractBackend {
  model: OrganizationModel;
  counts: FaultCounts;
  /** The engine's lag: how long reads may miss a change. */
  lagMs: number;
  /** Whether connections are dropped (over HTTP). */
  dropsConnections: boolean;
  close(): Promise<void>;
}

function name(node: OrganizationNode): string | undefined {
  return node.kind === 'root' ? node.root.Name : node.kind === 'organizationalUnit' ? node.organizationalUnit.Name : node.account.Name;
}

function id(node: OrganizationNode): string {
  return node.kind === 'root' ? node.root.Id! : node.kind === 'organizationalUnit' ? node.organizationalUnit.Id! : node.account.Id!;
}

export function organizationContract(title: string, open: () => Promise<ContractBackend>): void {
  describe(title, () => {
    let backend: ContractBackend;
    let model: OrganizationModel;
    const changes: OrganizationChange[] = [];
    let rootId: string;
    const ids = new Map<string, string>();

    async function childNames(parentId: string): Promise<string[]> {
      return (await model.childrenPage(parentId, undefined, 1000)).children.map((child) => name(child)!);
    }

    before(async () => {
      backend = await open();
      model = backend.model;
      model.onDidChange((change) => changes.push(change));
    });
    after(() => backend.close());

    test('lists the root, then OUs and accounts by name, a page at a time', async () => {
      const roots = await model.listRoots();
      assert.deepEqual(roots.map((root) => root.Name), ['Root']);
      rootId = roots[0].Id!;
      assert.deepEqual(await childNames(rootId), ['Infrastructure', 'Sandbox', 'Security', 'Suspended', 'Workloads', 'Management']);
      const paged: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await model.childrenPage(rootId, nextToken, 2);
        assert.ok(page.children.length <= 2);
        paged.push(...page.children.map((child) => name(child)!));
        nextToken = page.nextToken;
      } while (nextToken);
      assert.deepEqual(paged, await childNames(rootId));
      for (const child of (await model.childrenPage(rootId)).children) ids.set(name(child)!, id(child));
    });

    test('finds accounts by name and walks up to the root', async () => {
      const [payments] = await model.find('payments prod');
      assert.equal(payments.kind, 'account');
      ids.set('Payments Prod', id(payments));
      assert.deepEqual((await model.ancestors(id(payments))).map(name), ['Root', 'Workloads', 'Prod']);
      assert.equal(name((await model.node(id(payments)))!), 'Payments Prod');
      // IDs of the right form that name nothing: no node, not an error.
      assert.equal(await model.node('ou-zzzz-zzzzzzzz'), null);
      assert.equal(await model.node('999999999999'), null);
    });

    test('tells direct policies from inherited ones, with the level they come from', async () => {
      const applied = await model.policiesForTarget(ids.get('Payments Prod')!);
      const seen = applied.map((entry) => `${entry.policy.Name} ${entry.inherited ? `from ${entry.attachedTo.name}` : 'direct'}`).sort();
      for (const expected of ['FullAWSAccess direct', 'RegionRestriction from Workloads', 'DenyRootUser from Root', 'DailyBackups from Workloads', 'CostCenterTags from Root', 'FullAWSAccess from Prod']) {
        assert.ok(seen.includes(expected), `${expected} in ${seen.join(', ')}`);
      }
      const types = await model.policyTypes();
      assert.deepEqual(types.filter((type) => type.status === 'ENABLED').map((type) => type.type).sort(), ['BACKUP_POLICY', 'SERVICE_CONTROL_POLICY', 'TAG_POLICY']);
    });

    test('shows trusted services with their delegated administrators, and handshakes', async () => {
      const services = await model.trustedServices();
      assert.deepEqual(services.map((service) => service.service.ServicePrincipal).sort(), ['cloudtrail.amazonaws.com', 'sso.amazonaws.com']);
      const cloudtrail = services.find((service) => service.service.ServicePrincipal === 'cloudtrail.amazonaws.com')!;
      assert.deepEqual(cloudtrail.delegatedAdministrators.map((administrator) => administrator.Name), ['Security Tooling']);
      const security = (await model.childrenPage(ids.get('Security')!)).children.find((child) => name(child) === 'Security Tooling')!;
      assert.equal(security.kind, 'account');
      assert.deepEqual(security.kind === 'account' && security.delegatedServices, ['cloudtrail.amazonaws.com']);
      const handshakes = await model.handshakes();
      assert.ok(handshakes.some((handshake) => handshake.State === 'OPEN' && handshake.Parties?.some((party) => party.Id === 'aws-partner-team@example.com')));
    });

    test('shows the user\'s own changes at once and keeps them while reads lag, then reconciles', async () => {
      const sandbox = ids.get('Sandbox')!;
      changes.length = 0;
      const created = await model.mutate('CreateOrganizationalUnit', { ParentId: sandbox, Name: 'Experiments' });
      const experimentsId = created.OrganizationalUnit!.Id!;
      ids.set('Experiments', experimentsId);
      assert.deepEqual(changes, [{ ids: [sandbox], scopes: ['hierarchy'], cause: 'client' }]);
      assert.ok((await childNames(sandbox)).includes('Experiments'));
      // A refresh reads the lagging service again; the new OU must not disappear.
      model.refresh(sandbox);
      assert.ok((await childNames(sandbox)).includes('Experiments'));
      assert.ok(model.pending.size > 0, 'the service still lags behind the change');
      await model.mutate('UpdateOrganizationalUnit', { OrganizationalUnitId: experimentsId, Name: 'Labs' });
      assert.deepEqual((await childNames(sandbox)).filter((child) => child === 'Labs' || child === 'Experiments'), ['Labs']);
      await poll('the service to show the rename', async () => {
        model.refresh(sandbox);
        return ((await childNames(sandbox)).includes('Labs') && model.pending.size === 0) || undefined;
      }, backend.lagMs * 20 + 10_000, 10);
    });

    test('moves an account and attaches a policy, visible everywhere at once', async () => {
      const sandbox = ids.get('Sandbox')!;
      const labs = ids.get('Experiments')!;
      const alice = (await model.childrenPage(sandbox)).children.find((child) => name(child) === 'Sandbox Alice')!;
      await model.mutate('MoveAccount', { AccountId: id(alice), SourceParentId: sandbox, DestinationParentId: labs });
      assert.ok(!(await childNames(sandbox)).includes('Sandbox Alice'));
      assert.deepEqual(await childNames(labs), ['Sandbox Alice']);
      assert.deepEqual((await model.ancestors(id(alice))).map(name), ['Root', 'Sandbox', 'Labs']);

      const [denyAll] = (await model.policies('SERVICE_CONTROL_POLICY')).filter((policy) => policy.Name === 'DenyAllActions');
      await model.mutate('AttachPolicy', { PolicyId: denyAll.Id!, TargetId: labs });
      assert.ok((await model.targetsForPolicy(denyAll.Id!)).some((target) => target.TargetId === labs));
      const applied = await model.policiesForTarget(id(alice));
      assert.ok(applied.some((entry) => entry.policy.Name === 'DenyAllActions' && entry.inherited && entry.attachedTo.id === labs));
      await model.mutate('DetachPolicy', { PolicyId: denyAll.Id!, TargetId: labs });
      assert.ok(!(await model.targetsForPolicy(denyAll.Id!)).some((target) => target.TargetId === labs));
      await model.mutate('MoveAccount', { AccountId: id(alice), SourceParentId: labs, DestinationParentId: sandbox });
      assert.deepEqual(await childNames(labs), []);
    });

    test('shows a new invitation at once, and its cancellation', async () => {
      await model.handshakes();
      const invited = await model.mutate('InviteAccountToOrganization', { Target: { Type: 'EMAIL', Id: 'aws-new-partner@example.com' } });
      const handshakeId = invited.Handshake!.Id!;
      assert.equal((await model.handshakes()).find((handshake) => handshake.Id === handshakeId)?.State, 'OPEN');
      await model.mutate('CancelHandshake', { HandshakeId: handshakeId });
      assert.equal((await model.handshakes()).find((handshake) => handshake.Id === handshakeId)?.State, 'CANCELED');
    });

    test('passes AWS\'s errors through with their names and reasons', async () => {
      await assert.rejects(model.mutate('CreateOrganizationalUnit', { ParentId: ids.get('Sandbox')!, Name: 'Labs' }), { name: 'DuplicateOrganizationalUnitException' });
      await assert.rejects(model.mutate('DeleteOrganizationalUnit', { OrganizationalUnitId: ids.get('Sandbox')! }), { name: 'OrganizationalUnitNotEmptyException' });
      await assert.rejects(model.mutate('DetachPolicy', { PolicyId: 'p-FullAWSAccess', TargetId: ids.get('Payments Prod')! }),
        (error: Error & { Reason?: string }) => error.name === 'ConstraintViolationException' && error.Reason === 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
    });

    test('loads the whole organization for hover', async () => {
      const snapshot = await model.loadAll();
      assert.equal(snapshot.roots.length, 1);
      assert.ok(snapshot.accounts.some((entry) => entry.account.Name === 'Payments Prod' && entry.parentId !== rootId));
      assert.equal(new Set(snapshot.accounts.map((entry) => entry.account.Id)).size, snapshot.accounts.length);
      assert.ok(snapshot.organizationalUnits.some((entry) => entry.organizationalUnit.Name === 'Labs'));
      const fullAccess = snapshot.policies.find((entry) => entry.policy.PolicySummary?.Id === 'p-FullAWSAccess')!;
      assert.match(fullAccess.policy.Content!, /"Allow"/);
      // FullAWSAccess is attached to every root, OU and account except the Suspended OU.
      assert.equal(fullAccess.targets.length, 1 + snapshot.organizationalUnits.length - 1 + snapshot.accounts.length);
    });

    test('gives hover the whole SCP/RCP attachment graph', async () => {
      const graph = await model.authorizationGraph();
      assert.deepEqual(graph.EnabledPolicyTypes, ['SERVICE_CONTROL_POLICY']);
      assert.equal(graph.RootId, rootId);
      assert.ok(graph.Accounts.some((account) => account.Name === 'Payments Prod' && account.ParentId !== rootId));
      const regionRestriction = graph.Policies.find((policy) => policy.Name === 'RegionRestriction')!;
      assert.equal((regionRestriction.Content as { Version: string }).Version, '2012-10-17');
      assert.deepEqual(graph.Attachments.filter((attachment) => attachment.PolicyId === regionRestriction.Id).map((attachment) => attachment.TargetId).sort(),
        [ids.get('Sandbox')!, ids.get('Workloads')!].sort());
      assert.ok(graph.Policies.every((policy) => policy.Type === 'SERVICE_CONTROL_POLICY'));
    });

    test('survived the injected faults by retrying', () => {
      assert.ok(backend.counts.throttled > 0, 'some requests were throttled');
      assert.ok(backend.counts.serverErrors > 0, 'some requests failed with 5xx');
      if (backend.dropsConnections) assert.ok(backend.counts.dropped > 0, 'some connections were dropped');
      assert.ok(model.calls.retries >= backend.counts.throttled + backend.counts.serverErrors + backend.counts.dropped);
    });
  });
}
