import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as sdk from '@aws-sdk/client-organizations';
import { OrganizationsEngine, type Commit } from '../../../server/src/emulator/engine';
import { OrganizationsError } from '../../../server/src/emulator/errors';
import type { Change, StateStore } from '../../../server/src/emulator/store';
import { createAccount, createOu, MANAGEMENT, organization, rejects } from './engineSupport';

test('the engine serves exactly the operations of the SDK', () => {
  const commands = Object.keys(sdk).filter((name) => /^[A-Z]\w*Command$/.test(name)).map((name) => name.slice(0, -'Command'.length)).sort();
  assert.equal(commands.length, 63);
  assert.deepEqual([...OrganizationsEngine.operations], commands);
});

test('an unknown operation or a caller that is not an account ID is refused', () => {
  const org = organization();
  rejects(() => org.call('DescribeWidget'), 'UnknownOperationException');
  rejects(() => org.call('toString'), 'UnknownOperationException');
  rejects(() => org.engine.call('DescribeOrganization', {}, 'root'), 'AccessDeniedException');
});

test('each accepted operation commits its changes once; a rejected one commits nothing', () => {
  const commits: Change[][] = [];
  class RecordingStore implements StateStore {
    load() {
      return undefined;
    }
    commit(changes: Change[]): void {
      commits.push(changes);
    }
    close(): void {}
  }
  const org = organization({ store: new RecordingStore() });
  const before = commits.length;
  createOu(org, 'Team');
  assert.equal(commits.length, before + 1);
  const ou = commits.at(-1)!.find((change) => change.collection === 'organizationalUnits');
  assert.equal((ou?.value as { Name: string }).Name, 'Team');
  const exported = JSON.stringify(org.engine.exportState());
  rejects(() => createOu(org, 'Team'), 'DuplicateOrganizationalUnitException');
  assert.equal(commits.length, before + 1);
  assert.equal(JSON.stringify(org.engine.exportState()), exported);
  org.call('ListAccounts');
  assert.equal(commits.length, before + 1, 'reads commit nothing');
});

test('the state loads from the store and survives a new engine', () => {
  let saved: Record<string, Record<string, unknown>> = {};
  class CopyStore implements StateStore {
    close(): void {}
    load() {
      return Object.keys(saved).length ? structuredClone(saved) : undefined;
    }
    commit(changes: Change[]): void {
      for (const { collection, id, value } of changes) {
        saved[collection] ??= {};
        if (value === null) delete saved[collection][id];
        else saved[collection][id] = structuredClone(value);
      }
    }
  }
  const org = organization({ store: new CopyStore() });
  const ouId = createOu(org, 'Persistent');
  const again = new OrganizationsEngine({ store: new CopyStore() });
  const ou = again.call('DescribeOrganizationalUnit', { OrganizationalUnitId: ouId }, MANAGEMENT) as { OrganizationalUnit: { Name: string } };
  assert.equal(ou.OrganizationalUnit.Name, 'Persistent');
  saved = {};
});

test('onDidChange journals each commit, a call with what it was asked and answered, and can be unsubscribed', () => {
  const org = organization();
  const seen: Commit[] = [];
  const unsubscribe = org.engine.onDidChange((commit) => seen.push(commit));
  const ouId = createOu(org, 'A');
  org.call('ListRoots');
  rejects(() => createOu(org, 'A'), 'DuplicateOrganizationalUnitException');
  org.call('CreateAccount', { AccountName: 'Async', Email: 'async@example.com' });
  org.advance(60_000);
  org.call('ListRoots');
  unsubscribe();
  createOu(org, 'B');
  assert.deepEqual(seen.map((commit) => [commit.operation, commit.call !== undefined]), [['CreateOrganizationalUnit', true], ['CreateAccount', true], ['CreateAccount', false]]);
  assert.deepEqual(seen[0].call?.input, { ParentId: org.rootId, Name: 'A' });
  assert.equal((seen[0].call?.output as { OrganizationalUnit: { Id: string } }).OrganizationalUnit.Id, ouId);
});

test('exportState and importState round-trip the whole state; a foreign document is refused', () => {
  const org = organization();
  const ouId = createOu(org, 'Exported');
  const accountId = createAccount(org, 'Exported Account');
  const state = org.engine.exportState();
  assert.equal(state.version, 1);
  const other = new OrganizationsEngine();
  const seen: Commit[] = [];
  other.onDidChange((commit) => seen.push(commit));
  other.importState(JSON.parse(JSON.stringify(state)));
  assert.deepEqual(seen, [{ operation: 'importState' }]);
  assert.equal((other.call('DescribeAccount', { AccountId: accountId }, MANAGEMENT) as { Account: { Name: string } }).Account.Name, 'Exported Account');
  assert.equal((other.call('DescribeOrganizationalUnit', { OrganizationalUnitId: ouId }, MANAGEMENT) as { OrganizationalUnit: { Name: string } }).OrganizationalUnit.Name, 'Exported');
  rejects(() => other.importState({ version: 2 }), 'InvalidInputException');
  rejects(() => other.importState(null), 'InvalidInputException');
});

test('reset replaces the state: empty has no organization, sample has one', () => {
  const org = organization();
  org.engine.reset('empty');
  rejects(() => org.call('DescribeOrganization'), 'AWSOrganizationsNotInUseException');
  org.engine.reset('sample');
  assert.equal(org.call('DescribeOrganization').Organization.FeatureSet, 'ALL');
  org.engine.reset();
  rejects(() => org.call('ListRoots'), 'AWSOrganizationsNotInUseException');
});

test('with replication lag, reads see the state of a moment ago and catch up', () => {
  const org = organization({ replicationLagMs: 2000 });
  const ouId = createOu(org, 'Lagging');
  rejects(() => org.call('DescribeOrganizationalUnit', { OrganizationalUnitId: ouId }), 'OrganizationalUnitNotFoundException');
  // Writes see their own latest state: a duplicate name is still refused at once.
  rejects(() => createOu(org, 'Lagging'), 'DuplicateOrganizationalUnitException');
  org.advance(1999);
  rejects(() => org.call('DescribeOrganizationalUnit', { OrganizationalUnitId: ouId }), 'OrganizationalUnitNotFoundException');
  org.advance(1);
  assert.equal(org.call('DescribeOrganizationalUnit', { OrganizationalUnitId: ouId }).OrganizationalUnit.Name, 'Lagging');
});

test('without replication lag, reads see every change at once', () => {
  const org = organization();
  const ouId = createOu(org, 'Now');
  assert.equal(org.call('DescribeOrganizationalUnit', { OrganizationalUnitId: ouId }).OrganizationalUnit.Name, 'Now');
});

test('inputs of the wrong JSON type are invalid input for every operation, never a crash', () => {
  const org = organization();
  org.engine.reset('sample');
  const garbage: unknown[] = [42, 'text', true, [], { nested: { deeper: [] } }, null];
  const inputs: unknown[] = [
    {}, [], 'string', 7,
    ...garbage.map((value) => Object.fromEntries(['AccountId', 'ParentId', 'PolicyId', 'TargetId', 'HandshakeId', 'Name', 'Content', 'Type',
      'Target', 'Tags', 'TagKeys', 'Filter', 'MaxResults', 'NextToken', 'ServicePrincipal', 'Email', 'AccountName', 'ChildType', 'States',
      'RootId', 'PolicyType', 'ResourceId', 'OrganizationalUnitId', 'Description', 'FeatureSet', 'Id', 'StartTimestamp', 'SourceName',
      'CreateAccountRequestId', 'ChildId', 'DestinationParentId', 'SourceParentId', 'Notes'].map((key) => [key, value]))),
  ];
  for (const operation of OrganizationsEngine.operations) {
    for (const input of inputs) {
      try {
        org.engine.call(operation, input as Record<string, unknown>, MANAGEMENT);
      } catch (error) {
        assert.ok(error instanceof OrganizationsError, `${operation} threw ${String(error)}`);
        assert.notEqual(error.name, 'ServiceException', `${operation}: ${error.message}`);
      }
    }
  }
});
