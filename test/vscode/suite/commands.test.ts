/**
 * The management commands inside a real VS Code, against the embedded organization's sample: each command
 * runs with its input as arguments (no prompts), and the organization is read back from the language server
 * afterwards; each has a refused case (checked before the call, or refused by AWS) that shows the reason and
 * leaves the organization exactly as it was (its exported state is compared).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Account, Handshake, OrganizationalUnit, PolicySummary } from '@aws-sdk/client-organizations';
import type { CommandFailure } from '../../../client/src/commands/failureReport';
import type { ExtensionApi } from '../../../client/src/extension';
import { poll } from '../../support/poll';
import { activateExtension, request as send } from './support';
// The requests go by method name: the bundled client does not know this copy of the protocol's request types.
import {
  AppliedPolicy, OrganizationNode, TrustedService, childrenRequest, connectionRequest, exportEmbeddedRequest, findRequest, handshakesRequest,
  nodeRequest, policiesForTargetRequest, policiesRequest, policyTypesRequest, resetEmbeddedRequest, rootsRequest, trustedServicesRequest,
} from '../../../server/src/protocol';
import type { ConnectionInfo, PolicyTypeInfo } from '../../../server/src/protocol';

suite('The management commands', () => {
  let api: ExtensionApi;

  const request = <R>(type: { method: string }, params?: unknown): Promise<R> => send<R>(api, type, params);

  /** Runs a command that must succeed: a failure it showed fails the test with the message. */
  async function run<T = unknown>(command: string, ...args: unknown[]): Promise<T> {
    const shown: CommandFailure[] = [];
    const listener = api.onDidFailCommand((failure) => shown.push(failure));
    try {
      const result = await vscode.commands.executeCommand<T>(`awsOrganizations.${command}`, ...args);
      assert.deepEqual(shown, [], `${command} succeeds`);
      return result;
    } finally {
      listener.dispose();
    }
  }

  /** Polls a read until it satisfies `check`: the server's cache follows a change when its notification is handled. */
  function eventually<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
    return poll(what, async () => {
      const value = await read();
      return check(value) ? value : undefined;
    });
  }

  /** Runs a command that must be refused: answers the message shown, after checking that the organization did not change. */
  async function refused(command: string, arg: unknown, reason: RegExp): Promise<string> {
    const before = JSON.stringify(await request(exportEmbeddedRequest));
    const shown: CommandFailure[] = [];
    const listener = api.onDidFailCommand((failure) => shown.push(failure));
    try {
      assert.equal(await vscode.commands.executeCommand(`awsOrganizations.${command}`, arg), undefined, `${command} answers nothing when refused`);
    } finally {
      listener.dispose();
    }
    assert.equal(shown.length, 1, `${command} shows one failure`);
    assert.equal(shown[0].command, `awsOrganizations.${command}`);
    assert.match(shown[0].message, reason);
    assert.equal(JSON.stringify(await request(exportEmbeddedRequest)), before, `${command} left the organization unchanged`);
    return shown[0].message;
  }

  async function find(name: string): Promise<OrganizationNode> {
    const found = await request<OrganizationNode[]>(findRequest, { query: name, limit: 100 });
    const node = found.find((candidate) => (candidate.kind === 'account' ? candidate.account.Name : candidate.kind === 'organizationalUnit' ? candidate.organizationalUnit.Name : undefined) === name);
    assert.ok(node, `the sample has ${name}`);
    return node;
  }

  async function idOf(name: string): Promise<string> {
    const node = await find(name);
    return node.kind === 'account' ? node.account.Id! : node.kind === 'organizationalUnit' ? node.organizationalUnit.Id! : node.root.Id!;
  }

  const node = (id: string) => request<OrganizationNode | null>(nodeRequest, { id });
  const rootId = async () => (await request<{ Id: string }[]>(rootsRequest))[0].Id;
  const handshakes = () => request<Handshake[]>(handshakesRequest);
  const direct = async (targetId: string) => (await request<AppliedPolicy[]>(policiesForTargetRequest, { targetId })).filter((applied) => !applied.inherited);
  const scps = () => request<PolicySummary[]>(policiesRequest, { type: 'SERVICE_CONTROL_POLICY' });

  suiteSetup(async () => {
    api = await activateExtension();
    await request(resetEmbeddedRequest, { seed: 'sample' });
    await poll('the sample organization', async () => ((await request<ConnectionInfo>(connectionRequest)).organization?.FeatureSet === 'ALL' ? true : undefined));
  });

  suiteTeardown(async () => {
    await request(resetEmbeddedRequest, { seed: 'sample' });
  });

  test('Create Organizational Unit creates it under the parent given; a sixth level is refused before the call', async () => {
    const prod = await idOf('Prod');
    const created = await run<OrganizationalUnit>('createOrganizationalUnit', { ParentId: prod, Name: 'Level 3' });
    assert.match(created.Id!, /^ou-/);
    await eventually('the new OU under Prod', () => node(created.Id!), (stored) => stored?.kind === 'organizationalUnit' && stored.parentId === prod);
    const level4 = await run<OrganizationalUnit>('createOrganizationalUnit', { ParentId: created.Id, Name: 'Level 4' });
    const level5 = await run<OrganizationalUnit>('createOrganizationalUnit', { ParentId: level4.Id, Name: 'Level 5' });
    const message = await refused('createOrganizationalUnit', { ParentId: level5.Id, Name: 'Level 6' }, /OU_DEPTH_LIMIT_EXCEEDED/);
    assert.match(message, /five levels|5 levels/);
    await refused('createOrganizationalUnit', { ParentId: prod, Name: '' }, /InvalidInputException: Enter an OU name/);
  });

  test('Rename and Delete Organizational Unit; deleting an OU that has accounts is refused with the reason', async () => {
    const ou = await run<OrganizationalUnit>('createOrganizationalUnit', { ParentId: await rootId(), Name: 'Temporary' });
    await run('renameOrganizationalUnit', { OrganizationalUnitId: ou.Id, Name: 'Renamed' });
    await eventually('the OU renamed', () => node(ou.Id!), (renamed) => renamed?.kind === 'organizationalUnit' && renamed.organizationalUnit.Name === 'Renamed');
    await refused('renameOrganizationalUnit', { OrganizationalUnitId: ou.Id, Name: 'Security' }, /DuplicateOrganizationalUnitException/);
    await run('deleteOrganizationalUnit', { OrganizationalUnitId: ou.Id, confirmed: true });
    await eventually('the OU deleted', () => node(ou.Id!).catch(() => null), (deleted) => deleted === null);
    const message = await refused('deleteOrganizationalUnit', { OrganizationalUnitId: await idOf('Security'), confirmed: true }, /OrganizationalUnitNotEmptyException/);
    assert.match(message, /^OrganizationalUnitNotEmptyException: Security still has OUs or accounts/);
  });

  test('Invite Account opens an invitation with its notes; a second invitation to the same account is refused; Cancel Invitation cancels it', async () => {
    const sent = await run<Handshake>('inviteAccount', { Target: { Type: 'ACCOUNT', Id: '210987654321' }, Notes: 'Join us' });
    assert.equal(sent.State, 'OPEN');
    await eventually('the open invitation', handshakes, (listed) => listed.some((handshake) => handshake.Id === sent.Id && handshake.State === 'OPEN'));
    await refused('inviteAccount', { Target: { Type: 'ACCOUNT', Id: '210987654321' } }, /DuplicateHandshakeException/);
    await refused('inviteAccount', { Target: { Type: 'ACCOUNT', Id: '12345' } }, /exactly 12 digits/);
    await refused('inviteAccount', { Target: { Type: 'EMAIL', Id: 'aws-partner-team@example.com' } }, /DuplicateHandshakeException/);
    const canceled = await run<Handshake>('cancelInvitation', { HandshakeId: sent.Id, confirmed: true });
    assert.equal(canceled.State, 'CANCELED');
    await eventually('the canceled invitation', handshakes, (listed) => listed.some((handshake) => handshake.Id === sent.Id && handshake.State === 'CANCELED'));
    await refused('cancelInvitation', { HandshakeId: sent.Id, confirmed: true }, /Handshake/);
  });

  test('Accept and Decline Invitation answer as the invited account, which joins or stays out; answering again is refused', async () => {
    const joining = await run<Handshake>('inviteAccount', { Target: { Type: 'ACCOUNT', Id: '555566667777' } });
    const staying = await run<Handshake>('inviteAccount', { Target: { Type: 'ACCOUNT', Id: '246813579024' } });
    const accepted = await run<Handshake>('acceptInvitation', { HandshakeId: joining.Id });
    assert.equal(accepted.State, 'ACCEPTED');
    const declined = await run<Handshake>('declineInvitation', { HandshakeId: staying.Id });
    assert.equal(declined.State, 'DECLINED');
    // The connection acts as the management account again, and the organization holds the account that accepted.
    const info = await request<ConnectionInfo>(connectionRequest);
    assert.equal(info.callerAccountId, info.organization?.MasterAccountId);
    await eventually('the account that accepted', () => request<OrganizationNode[]>(findRequest, { query: '555566667777' }), (found) => found.length === 1);
    assert.deepEqual(await request<OrganizationNode[]>(findRequest, { query: '246813579024' }), [], 'the account that declined did not join');
    await refused('acceptInvitation', { HandshakeId: joining.Id }, /Handshake/);
  });

  test('Create Account waits for AWS to create it and puts it in the parent given; an invalid email is refused before the call', async () => {
    const sandbox = await idOf('Sandbox');
    const status = await run<{ State: string; AccountId: string }>('createAccount', { AccountName: 'Sandbox Frank', Email: 'aws-sandbox-frank@example.com', ParentId: sandbox });
    assert.equal(status.State, 'SUCCEEDED');
    await eventually('the new account in Sandbox', () => node(status.AccountId),
      (created) => created?.kind === 'account' && created.parentId === sandbox && (created.account as Account).Name === 'Sandbox Frank');
    await refused('createAccount', { AccountName: 'Sandbox Gina', Email: 'not-an-email' }, /InvalidInputException: Enter an email address/);
  });

  test('Move Account moves it; a move to the parent it is in is refused', async () => {
    const alice = await idOf('Sandbox Alice');
    const security = await idOf('Security');
    await run('moveAccount', { AccountId: alice, DestinationParentId: security, confirmed: true });
    await eventually('the account in Security', () => node(alice), (moved) => moved?.kind === 'account' && moved.parentId === security);
    await refused('moveAccount', { AccountId: alice, DestinationParentId: security, confirmed: true }, /already in Security/);
  });

  test('Remove Account removes a member; the management account is refused', async () => {
    // The sample's Research Lab joined by invitation; the organization knows it by the name AWS reports for it.
    const lab = '777788889999';
    assert.ok(await node(lab), 'the sample has the invited account 777788889999');
    await run('removeAccount', { AccountId: lab, confirmed: true });
    await eventually('the account removed', () => node(lab).catch(() => null), (removed) => removed === null);
    const management = (await request<ConnectionInfo>(connectionRequest)).organization!.MasterAccountId!;
    await refused('removeAccount', { AccountId: management, confirmed: true }, /management account/);
  });

  test('Close Account starts closing it; an account already suspended is refused', async () => {
    const bob = await idOf('Sandbox Bob');
    await run('closeAccount', { AccountId: bob, confirmed: true });
    await eventually('the account closing', () => node(bob), (closing) => closing?.kind === 'account' && /PENDING_CLOSURE|SUSPENDED/.test(closing.account.State ?? ''));
    await refused('closeAccount', { AccountId: await idOf('Legacy Reporting'), confirmed: true }, /AccountAlreadyClosedException/);
  });

  test('Create, Edit, Attach, Detach and Delete Policy; the refused cases leave the organization as it was', async () => {
    const content = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }] });
    const policy = await run<{ PolicySummary: PolicySummary }>('createPolicy', { Name: 'DenyBucketDeletion', Description: 'No bucket deletion', Type: 'SERVICE_CONTROL_POLICY', Content: content });
    const id = policy.PolicySummary.Id!;
    await eventually('the new policy', scps, (listed) => listed.some((summary) => summary.Id === id));
    await run('editPolicy', { PolicyId: id, Description: 'Buckets stay' });
    await eventually('the new description', scps, (listed) => listed.find((summary) => summary.Id === id)?.Description === 'Buckets stay');

    const dev = await idOf('Dev');
    await run('attachPolicy', { PolicyId: id, TargetId: dev, confirmed: true });
    await eventually('the attachment', () => direct(dev), (applied) => applied.some((item) => item.policy.Id === id));
    await refused('attachPolicy', { PolicyId: id, TargetId: dev, confirmed: true }, /DuplicatePolicyAttachmentException/);
    await refused('deletePolicy', { PolicyId: id, confirmed: true }, /PolicyInUseException/);
    await run('detachPolicy', { PolicyId: id, TargetId: dev, confirmed: true });
    await eventually('the policy detached', () => direct(dev), (applied) => !applied.some((item) => item.policy.Id === id));
    await run('deletePolicy', { PolicyId: id, confirmed: true });
    await eventually('the policy deleted', scps, (listed) => !listed.some((summary) => summary.Id === id));

    // The Suspended OU keeps only DenyAllActions: detaching it would leave it without an SCP.
    const suspended = await idOf('Suspended');
    const [last] = (await direct(suspended)).filter((applied) => applied.policy.Type === 'SERVICE_CONTROL_POLICY');
    await refused('detachPolicy', { PolicyId: last.policy.Id, TargetId: suspended, confirmed: true }, /MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED/);
    await refused('deletePolicy', { PolicyId: 'p-FullAWSAccess', confirmed: true }, /managed by AWS/);
    await refused('createPolicy', { Name: 'Broken', Type: 'SERVICE_CONTROL_POLICY', Content: '{ not json' }, /MalformedPolicyDocumentException/);
  });

  test('Disable and Enable Policy Type; enabling a type that is enabled is refused', async () => {
    const status = async (type: string) => (await request<PolicyTypeInfo[]>(policyTypesRequest)).find((info) => info.type === type)?.status;
    await run('disablePolicyType', { PolicyType: 'BACKUP_POLICY', confirmed: true });
    await poll('backup policies to be disabled', async () => ((await status('BACKUP_POLICY')) === 'DISABLED' ? true : undefined));
    await run('enablePolicyType', { PolicyType: 'BACKUP_POLICY' });
    await poll('backup policies to be enabled', async () => ((await status('BACKUP_POLICY')) === 'ENABLED' ? true : undefined));
    await refused('enablePolicyType', { PolicyType: 'SERVICE_CONTROL_POLICY' }, /PolicyTypeAlreadyEnabledException/);
    await refused('disablePolicyType', { PolicyType: 'AISERVICES_OPT_OUT_POLICY', confirmed: true }, /PolicyTypeNotEnabledException/);
  });

  test('Enable Trusted Access, Register and Deregister Delegated Administrator, Disable Trusted Access; the refused cases', async () => {
    const services = () => request<TrustedService[]>(trustedServicesRequest);
    const config = async () => (await services()).find((service) => service.service.ServicePrincipal === 'config.amazonaws.com');
    await run('enableTrustedAccess', { ServicePrincipal: 'config.amazonaws.com' });
    await eventually('trusted access for AWS Config', config, (service) => !!service);
    const audit = await idOf('Audit');
    await run('registerDelegatedAdministrator', { ServicePrincipal: 'config.amazonaws.com', AccountId: audit });
    await eventually('the delegated administrator', config, (service) => service?.delegatedAdministrators.map((administrator) => administrator.Id).join() === audit);
    await refused('registerDelegatedAdministrator', { ServicePrincipal: 'config.amazonaws.com', AccountId: audit }, /AccountAlreadyRegisteredException/);
    const management = (await request<ConnectionInfo>(connectionRequest)).organization!.MasterAccountId!;
    await refused('registerDelegatedAdministrator', { ServicePrincipal: 'config.amazonaws.com', AccountId: management }, /CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR/);
    await run('deregisterDelegatedAdministrator', { ServicePrincipal: 'config.amazonaws.com', AccountId: audit, confirmed: true });
    await eventually('no delegated administrator', config, (service) => service?.delegatedAdministrators.length === 0);
    await run('disableTrustedAccess', { ServicePrincipal: 'config.amazonaws.com', confirmed: true });
    // Read from the organization's state: the server's list of trusted services may lag.
    const enabled = /"ServicePrincipal":"config\.amazonaws\.com","DateEnabled"/;
    await eventually('no trusted access for AWS Config', async () => JSON.stringify(await request(exportEmbeddedRequest)), (state) => !enabled.test(state));
    await refused('disableTrustedAccess', { ServicePrincipal: 'ds.amazonaws.com', confirmed: true }, /has no trusted access/);
  });

  test('Add and Remove Tags on an account; a tag without a key is refused', async () => {
    const carol = await idOf('Sandbox Carol');
    // The tags as the organization's exported state holds them.
    const tagged = async () => JSON.stringify(await request(exportEmbeddedRequest)).includes('{"Key":"cost-center","Value":"42"}');
    assert.equal(await tagged(), false);
    await run('tagResource', { ResourceId: carol, Tags: [{ Key: 'cost-center', Value: '42' }] });
    assert.equal(await tagged(), true);
    await run('untagResource', { ResourceId: carol, TagKeys: ['cost-center'] });
    assert.equal(await tagged(), false);
    await refused('tagResource', { ResourceId: carol, Tags: [{ Key: '', Value: 'x' }] }, /Enter a tag key/);
  });

  test('Enable All Features and Create Organization are refused in an organization that already has all features', async () => {
    await refused('enableAllFeatures', { confirmed: true }, /ORGANIZATION_ALREADY_HAS_ALL_FEATURES/);
    await refused('createOrganization', { FeatureSet: 'ALL' }, /AlreadyInOrganizationException/);
  });

  test('Export, Reset and Import the embedded organization; importing a file that is not JSON is refused', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-organizations-export-'));
    try {
      const file = vscode.Uri.file(path.join(folder, 'organization.json'));
      // An account closed by an earlier test becomes SUSPENDED seconds later by the clock, as in AWS; export once
      // nothing is due within seconds, so that the re-export after the import compares the same moment.
      await eventually('no account closing or being created', () => request<{ collections: Record<string, Record<string, { State?: string }>> }>(exportEmbeddedRequest),
        ({ collections }) => ![...Object.values(collections.accounts ?? {}), ...Object.values(collections.createAccountStatuses ?? {})]
          .some((record) => record.State === 'PENDING_CLOSURE' || record.State === 'IN_PROGRESS'));
      await run('exportEmbedded', { uri: file });
      const exported = JSON.parse(fs.readFileSync(file.fsPath, 'utf8'));
      assert.deepEqual(exported, await request(exportEmbeddedRequest));
      await run('resetEmbedded', { seed: 'empty', confirmed: true });
      await poll('the empty organization', async () => ((await request<ConnectionInfo>(connectionRequest)).state === 'noOrganization' ? true : undefined));
      await run('importEmbedded', { uri: file, confirmed: true });
      assert.deepEqual(await request(exportEmbeddedRequest), exported);
      await eventually('the imported hierarchy', async () => (await request<{ children: OrganizationNode[] }>(childrenRequest, { parentId: await rootId() })).children,
        (children) => children.some((child) => child.kind === 'organizationalUnit' && child.organizationalUnit.Name === 'Security'));
      const broken = vscode.Uri.file(path.join(folder, 'broken.json'));
      fs.writeFileSync(broken.fsPath, '{ not json');
      await refused('importEmbedded', { uri: broken, confirmed: true }, /is not JSON/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
