/**
 * The organization explorer inside a real VS Code, over the embedded organization's sample: the hierarchy
 * the Organization view shows, policies attributed to the parent they are inherited from, paging, reveal,
 * find through its quick pick, a move by drag and drop (through the view's controller), and the welcome
 * content when there is no organization. The tree is driven through the extension's API (what `activate`
 * returns) and VS Code's commands; the organization is read back from the language server.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CreateOrganizationalUnitCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { ExtensionApi } from '../../../client/src/extension';
import { consoleUrl } from '../../../client/src/tree/format';
import type { ExplorerNode } from '../../../client/src/tree/node';
import { poll } from '../../support/poll';
import { screenshot } from './support';
// The requests go by method name: the bundled client does not know this copy of the protocol's request types.
import { OrganizationNode, exposeEndpointRequest, mutationRequest, nodeRequest, resetEmbeddedRequest, rootsRequest } from '../../../server/src/protocol';

const extensionId = 'aws-organizations-vscode.aws-organizations-vscode';
const organizationMimeType = 'application/vnd.code.tree.awsorganizations.organization';



/** Puts the workbench in a state worth a screenshot: the AWS Organizations views, no editor, panel or toast. */
async function tidyWorkbench(): Promise<void> {
  for (const command of ['workbench.action.closeAllEditors', 'workbench.action.closePanel', 'notifications.clearAll', 'awsOrganizations.organization.focus']) {
    await vscode.commands.executeCommand(command);
  }
  // A wider side bar, so that labels and descriptions ("inherited from ...") show in full: narrow the editor area.
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  for (let step = 0; step < 3; step++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
  await vscode.commands.executeCommand('awsOrganizations.organization.focus');
}

suite('The organization explorer', () => {
  let api: ExtensionApi;

  /** The Organization view's provider and tree view. */
  const view = () => api.explorer.organization;

  /** A node's tree item, as the view renders it. */
  async function item(node: ExplorerNode): Promise<vscode.TreeItem> {
    return view().provider.getTreeItem(node);
  }

  async function label(node: ExplorerNode): Promise<string> {
    return String((await item(node)).label);
  }

  /** The children of a node (the view's top level when absent), as the view gets them. */
  function children(node?: ExplorerNode): Promise<ExplorerNode[]> {
    return Promise.resolve(view().provider.getChildren(node));
  }

  /** Runs a tree item's command as a click would. */
  async function click(node: ExplorerNode): Promise<void> {
    const { command } = await item(node);
    assert.ok(command, `${node.id} has a command`);
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
  }

  /** The child whose label starts with `name`, e.g. `Workloads` for `Workloads (ou-…)`, clicking "Load more" until it is there. */
  async function child(parent: ExplorerNode | undefined, name: string): Promise<ExplorerNode> {
    for (;;) {
      const nodes = await children(parent);
      for (const node of nodes) {
        if ((await label(node)).startsWith(`${name} (`) || (await label(node)) === name) return node;
      }
      const more = nodes.at(-1);
      if (!more || (await item(more)).contextValue !== 'loadMore') throw new Error(`no child ${name} under ${parent?.id ?? 'the top level'}`);
      await click(more);
    }
  }

  /** Walks a path of names from the top level down. */
  async function nodeAt(...names: string[]): Promise<ExplorerNode> {
    let node: ExplorerNode | undefined;
    for (const name of names) node = await child(node, name);
    return node!;
  }

  async function selected(): Promise<string | undefined> {
    return view().treeView.selection[0]?.awsId;
  }

  async function parentIdOf(accountId: string): Promise<string | undefined> {
    const node = await api.explorer.client.sendRequest<OrganizationNode | null>(nodeRequest.method, { id: accountId });
    return node && node.kind !== 'root' ? node.parentId : undefined;
  }

  /** Sets the page size and waits until the view has reloaded its top level with it. */
  async function setPageSize(pageSize: number | undefined): Promise<void> {
    let reloaded = false;
    const listener = view().provider.onDidServeChildren((key) => (reloaded ||= key === ''));
    try {
      await vscode.workspace.getConfiguration('awsOrganizations').update('pageSize', pageSize, vscode.ConfigurationTarget.Global);
      await poll('the Organization view to reload', () => (reloaded ? true : undefined));
    } finally {
      listener.dispose();
    }
  }

  async function reset(seed: 'empty' | 'sample'): Promise<void> {
    await api.explorer.client.sendRequest(resetEmbeddedRequest.method, { seed });
  }

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<ExtensionApi>(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    api = await extension.activate();
    await reset('sample');
    await vscode.commands.executeCommand('awsOrganizations.organization.focus');
    // The view may still show the organization an earlier suite left until the reset's notification arrives.
    const [sampleRoot] = await api.explorer.client.sendRequest<{ Id: string }[]>(rootsRequest.method);
    await poll('the sample organization in the Organization view', async () => {
      const top = await children();
      return top.length && top[0].awsId === sampleRoot.Id ? top : undefined;
    });
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('awsOrganizations').update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('awsOrganizations').update('confirmDragAndDrop', undefined, vscode.ConfigurationTarget.Global);
  });

  test('the Organization view shows the hierarchy: the root, its policies, OUs, then accounts, labelled Name (ID)', async () => {
    const [root] = await children();
    assert.match(await label(root), /^Root \(r-[0-9a-z]{4,32}\)$/);
    const top = await Promise.all((await children(root)).map(label));
    assert.equal(top[0], 'Policies');
    const organizationalUnits = top.filter((name) => / \(ou-/.test(name)).map((name) => name.replace(/ \(.*/, ''));
    assert.deepEqual(organizationalUnits, ['Infrastructure', 'Sandbox', 'Security', 'Suspended', 'Workloads']);
    assert.ok(top.indexOf(`${organizationalUnits.at(-1)!} (${(await child(root, 'Workloads')).awsId})`) < top.findIndex((name) => /\(\d{12}\)$/.test(name)),
      'OUs come before accounts');

    const management = await child(root, 'Management');
    assert.match(await label(management), /^Management \(\d{12}\)$/);
    assert.match(String((await item(management)).description), /management account/);
    assert.match(String((await item(management)).contextValue), /^account\.ACTIVE\.management/);

    const workloads = await children(await child(root, 'Workloads'));
    assert.deepEqual((await Promise.all(workloads.slice(0, 3).map(label))).map((name) => name.replace(/ \(.*/, '')), ['Policies', 'Dev', 'Prod']);
    assert.equal(workloads.length, 4, 'Workloads holds its policies, two OUs and the account it invited');
    assert.match(String((await item(workloads[3])).description), /invited/);
    assert.match(String((await item(await nodeAt('Root', 'Security', 'Security Tooling'))).description), /delegated administrator of 1 service/);
    const legacy = await item(await nodeAt('Root', 'Suspended', 'Legacy Reporting'));
    assert.match(String(legacy.description), /suspended|pending closure|closed/);
    assert.doesNotMatch(String(legacy.contextValue), /ACTIVE/);

    const prod = await Promise.all((await children(await nodeAt('Root', 'Workloads', 'Prod'))).map(label));
    assert.equal(prod.length, 7, 'Prod holds its policies and six accounts');
    assert.ok(prod.slice(1).every((name) => /^[A-Za-z ]+ Prod \(\d{12}\)$/.test(name)), prod.join(', '));
  });

  test('an account lists its policies per type, attached directly or inherited from the right parent, then its IAM', async () => {
    const root = await nodeAt('Root');
    const workloads = await nodeAt('Root', 'Workloads');
    const prod = await nodeAt('Root', 'Workloads', 'Prod');
    const account = await nodeAt('Root', 'Workloads', 'Prod', 'Payments Prod');
    const types = await children(account);
    assert.deepEqual(await Promise.all(types.map(label)), ['Service control policies', 'Backup policies', 'Tag policies', 'IAM']);

    const attributions = async (type: string) => {
      const rows = await Promise.all((await children(await child(account, type))).map(async (node) => `${(await label(node)).replace(/ \(p-.*/, '')}: ${(await item(node)).description}`));
      return rows.sort();
    };
    const from = (node: ExplorerNode, name: string) => `inherited from ${name} (${node.awsId})`;
    assert.deepEqual(await attributions('Service control policies'), [
      `DenyLeaveOrganization: ${from(root, 'Root')}`,
      `DenyRootUser: ${from(root, 'Root')}`,
      'FullAWSAccess: attached directly',
      `FullAWSAccess: ${from(prod, 'Prod')}`,
      `FullAWSAccess: ${from(root, 'Root')}`,
      `FullAWSAccess: ${from(workloads, 'Workloads')}`,
      `ProtectSecurityServices: ${from(root, 'Root')}`,
      `RegionRestriction: ${from(workloads, 'Workloads')}`,
    ].sort());
    assert.deepEqual(await attributions('Backup policies'), [`DailyBackups: ${from(workloads, 'Workloads')}`]);
    assert.deepEqual(await attributions('Tag policies'), [`CostCenterTags: ${from(root, 'Root')}`]);

    // The root's own policies are all attached directly.
    const rootPolicies = await child(await child(root, 'Policies'), 'Service control policies');
    const descriptions = await Promise.all((await children(rootPolicies)).map(async (node) => (await item(node)).description));
    assert.ok(descriptions.length >= 4 && descriptions.every((description) => description === 'attached directly'), descriptions.join(', '));
  });

  test('a parent with more children than a page shows "Load more", which loads the rest', async () => {
    await setPageSize(2);
    try {
      const security = await poll('the Security OU to reload with pages of 2', async () => {
        const node = await nodeAt('Root', 'Security');
        return (await children(node)).length === 4 ? node : undefined;
      });
      const firstPage = await children(security);
      // Audit and Log Archive, the first two by name; Security Tooling waits behind "Load more".
      assert.deepEqual(await Promise.all(firstPage.map(async (node) => (await item(node)).contextValue)), ['appliedPolicies', 'account.ACTIVE', 'account.ACTIVE', 'loadMore']);
      assert.equal((await item(firstPage[3])).command?.command, 'awsOrganizations.loadMore');
      await click(firstPage[3]);
      const all = await Promise.all((await children(security)).map(label));
      assert.deepEqual(all.map((name) => name.replace(/ \(.*/, '')).slice(1).sort(), ['Audit', 'Log Archive', 'Security Tooling']);
    } finally {
      await setPageSize(undefined);
    }
  });

  test('reveal shows an account deep in the hierarchy, loading pages as needed', async () => {
    await setPageSize(2);
    try {
      const account = await nodeAt('Root', 'Workloads', 'Dev', 'Web Dev');
      const revealed = await api.explorer.reveal(account.awsId!, { select: true, focus: true });
      assert.equal(revealed?.awsId, account.awsId);
      assert.equal(await poll('the revealed account to be selected', async () => ((await selected()) === account.awsId ? true : undefined)), true);
      assert.ok(view().treeView.visible, 'the Organization view is visible');
    } finally {
      await setPageSize(undefined);
    }
  });

  test('find reveals the account picked in its quick pick', async () => {
    const account = await nodeAt('Root', 'Infrastructure', 'Network Hub');
    const finding = vscode.commands.executeCommand('awsOrganizations.find', 'network hub');
    // The quick pick fills in once the server answered: accept its first item as soon as there is one.
    await poll('find to reveal Network Hub', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return (await selected()) === account.awsId ? true : undefined;
    });
    await finding;
  });

  test('an account\'s tooltip gives its email, ARN, state, how it joined, its parent path and its tags', async () => {
    const account = await nodeAt('Root', 'Workloads', 'Prod', 'Payments Prod');
    const resolved = await view().provider.resolveTreeItem(await item(account), account);
    const text = (resolved.tooltip as vscode.MarkdownString).value.replace(/\\/g, '');
    assert.match(text, /Email: aws-payments-prod@example\.com/);
    assert.match(text, /ARN: arn:aws:organizations::\d{12}:account\/o-[a-z0-9]+\/\d{12}/);
    assert.match(text, /State: active/);
    assert.match(text, /Joined: created on \d{4}-\d{2}-\d{2}/);
    assert.match(text, /Parent: Root \/ Workloads \/ Prod/);
    assert.match(text, /Tags: team=prod/);
  });

  test('the Policies, Invitations and Services views show policy types, handshakes by state and trusted services', async () => {
    const { policies, invitations, services } = api.explorer;
    const labelIn = async (provider: typeof policies.provider, node: ExplorerNode) => String((await provider.getTreeItem(node)).label);
    const describe = async (provider: typeof policies.provider, node: ExplorerNode) => `${await labelIn(provider, node)}: ${(await provider.getTreeItem(node)).description}`;

    const types = await poll('the policy types', async () => {
      const nodes = await policies.provider.getChildren();
      return nodes.length ? nodes : undefined;
    });
    const typeRows = await Promise.all(types.map((node) => describe(policies.provider, node)));
    assert.deepEqual(typeRows.slice(0, 2), ['Service control policies: enabled', 'Resource control policies: disabled']);
    assert.ok(typeRows.includes('Tag policies: enabled') && typeRows.includes('Backup policies: enabled'), typeRows.join(', '));
    const scps = await policies.provider.getChildren(types[0]);
    const fullAccess = scps.find((node) => node.awsId === 'p-FullAWSAccess')!;
    assert.equal(await describe(policies.provider, fullAccess), 'FullAWSAccess (p-FullAWSAccess): AWS managed');
    const fullAccessItem = await policies.provider.getTreeItem(fullAccess);
    assert.equal(fullAccessItem.command?.command, 'awsOrganizations.policies.open', 'a click opens the policy as a document');
    assert.equal(fullAccessItem.resourceUri?.toString(), 'aws-organizations:/SERVICE_CONTROL_POLICY/FullAWSAccess.json');
    const labels = await Promise.all(scps.map((node) => labelIn(policies.provider, node)));
    const region = scps[labels.findIndex((text) => text.startsWith('RegionRestriction ('))];
    const targets = await Promise.all((await policies.provider.getChildren(region)).map((node) => describe(policies.provider, node)));
    assert.deepEqual(targets.map((row) => row.replace(/ \(.*\)/, '')).sort(), ['Sandbox: OU', 'Workloads: OU']);

    const states = await poll('the handshakes', async () => {
      const nodes = await invitations.provider.getChildren();
      return nodes.length ? nodes : undefined;
    });
    const open = states.find((node) => node.id === 'OPEN');
    assert.ok(open, 'the open invitation is listed under Open');
    const [invitation] = await invitations.provider.getChildren(open);
    assert.match(await labelIn(invitations.provider, invitation), /^Invitation to join aws-partner-team@example\.com \(h-[0-9a-z]{8,32}\)$/);
    assert.match(String((await invitations.provider.getTreeItem(invitation)).description), /^requested \d{4}-\d{2}-\d{2} · expires \d{4}-\d{2}-\d{2}$/);

    const trusted = await poll('the trusted services', async () => {
      const nodes = await services.provider.getChildren();
      return nodes.length ? nodes : undefined;
    });
    assert.deepEqual(trusted.map((node) => node.id).sort(), ['cloudtrail.amazonaws.com', 'sso.amazonaws.com']);
    const cloudtrail = trusted.find((node) => node.id === 'cloudtrail.amazonaws.com')!;
    const [administrator] = await services.provider.getChildren(cloudtrail);
    assert.match(await labelIn(services.provider, administrator), /^Security Tooling \(\d{12}\)$/);
  });

  test('a change made through the local endpoint (the AWS CLI, an SDK) shows in the tree without a refresh', async () => {
    const { url } = await api.explorer.client.sendRequest<{ url: string }>(exposeEndpointRequest.method, {});
    const sandbox = await nodeAt('Root', 'Sandbox');
    const sdk = new OrganizationsClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'management', secretAccessKey: 'any' } });
    try {
      const { OrganizationalUnit } = await sdk.send(new CreateOrganizationalUnitCommand({ ParentId: sandbox.awsId, Name: 'Experiments' }));
      await poll('the new OU under Sandbox in the tree', async () => {
        const names = await Promise.all((await children(await nodeAt('Root', 'Sandbox'))).map(label));
        return names.includes(`Experiments (${OrganizationalUnit?.Id})`) ? true : undefined;
      });
    } finally {
      sdk.destroy();
    }
  });

  test('children that fail to load become an error item that retries', async () => {
    const sandbox = await nodeAt('Root', 'Sandbox');
    const created = await api.explorer.client.sendRequest<{ OrganizationalUnit: { Id: string } }>(
      mutationRequest('CreateOrganizationalUnit').method, { ParentId: sandbox.awsId, Name: 'Short-lived' });
    const shortLived = await poll('the new OU in the tree', async () => child(await nodeAt('Root', 'Sandbox'), 'Short-lived'));
    await api.explorer.client.sendRequest(mutationRequest('DeleteOrganizationalUnit').method, { OrganizationalUnitId: created.OrganizationalUnit.Id });
    // The view would drop the OU at once; a node still held (a view redrawing) fails to load its children.
    const [failed] = await children(shortLived);
    const failure = await item(failed);
    assert.equal(failure.label, 'Failed to load (click to retry)');
    assert.match(String(failure.description), /^(OrganizationalUnitNotFoundException|ParentNotFoundException|TargetNotFoundException): /);
    assert.equal(failure.contextValue, 'error');
    assert.equal(failure.command?.command, 'awsOrganizations.retry');
  });

  test('Copy ID and Copy ARN put the selected nodes\' identifiers on the clipboard', async () => {
    const account = await nodeAt('Root', 'Security', 'Audit');
    await vscode.commands.executeCommand('awsOrganizations.copyId', account);
    assert.equal(await vscode.env.clipboard.readText(), account.awsId);
    const organizationalUnit = await nodeAt('Root', 'Security');
    await vscode.commands.executeCommand('awsOrganizations.copyArn', account, [account, organizationalUnit]);
    assert.equal(await vscode.env.clipboard.readText(), [account.arn, organizationalUnit.arn].join('\n'));
    assert.match(account.arn ?? '', /^arn:aws:organizations::\d{12}:account\/o-/);
  });

  test('nodes link to their page of the AWS console, in the partition of their ARN', async () => {
    const account = await nodeAt('Root', 'Security', 'Audit');
    const security = await nodeAt('Root', 'Security');
    const root = await nodeAt('Root');
    const url = (node: ExplorerNode) => consoleUrl(node.consolePage!).toString(true);
    assert.equal(url(account), `https://console.aws.amazon.com/organizations/v2/home/accounts/${account.awsId}`);
    assert.equal(url(security), `https://console.aws.amazon.com/organizations/v2/home/organizational-units/${security.awsId}`);
    assert.equal(url(root), 'https://console.aws.amazon.com/organizations/v2/home/root');
    const scps = await child(await child(account, 'Service control policies'), 'FullAWSAccess');
    assert.equal(url(scps), 'https://console.aws.amazon.com/organizations/v2/home/policies/service-control-policy/p-FullAWSAccess');
    assert.equal(consoleUrl({ page: 'account', id: '123456789012', arn: 'arn:aws-cn:organizations::123456789012:account/o-abc/123456789012' }).toString(true),
      'https://console.amazonaws.cn/organizations/v2/home/accounts/123456789012');
  });

  test('dropping accounts onto an OU moves them there; drops that cannot move anything are refused', async () => {
    await vscode.workspace.getConfiguration('awsOrganizations').update('confirmDragAndDrop', false, vscode.ConfigurationTarget.Global);
    const sandbox = await nodeAt('Root', 'Sandbox');
    const dev = await nodeAt('Root', 'Workloads', 'Dev');
    const alice = await child(sandbox, 'Sandbox Alice');
    const bob = await child(sandbox, 'Sandbox Bob');
    const drop = async (dragged: ExplorerNode[], target: ExplorerNode) => {
      const dataTransfer = new vscode.DataTransfer();
      api.explorer.dragAndDrop.handleDrag(dragged, dataTransfer);
      assert.ok(dataTransfer.get(organizationMimeType), 'dragging puts the nodes under the view\'s MIME type');
      await api.explorer.dragAndDrop.handleDrop(target, dataTransfer, new vscode.CancellationTokenSource().token);
    };

    // Refused: an OU cannot move, an account is no drop target, and the current parent changes nothing.
    await drop([dev], sandbox);
    await drop([alice], bob);
    await drop([alice], sandbox);
    assert.equal(await parentIdOf(alice.awsId!), sandbox.awsId);
    assert.equal(await parentIdOf(bob.awsId!), sandbox.awsId);

    await drop([alice, bob], dev);
    assert.equal(await parentIdOf(alice.awsId!), dev.awsId);
    assert.equal(await parentIdOf(bob.awsId!), dev.awsId);
    // The tree follows the server's change notification: both parents reload, the moved account is revealed.
    await poll('the moved accounts under Dev in the tree', async () => {
      const names = await Promise.all((await children(await nodeAt('Root', 'Workloads', 'Dev'))).map(label));
      return names.some((name) => name.startsWith('Sandbox Alice (')) && names.some((name) => name.startsWith('Sandbox Bob (')) ? true : undefined;
    });
    const left = await Promise.all((await children(await nodeAt('Root', 'Sandbox'))).map(label));
    assert.ok(!left.some((name) => name.startsWith('Sandbox Alice (') || name.startsWith('Sandbox Bob (')), left.join(', '));
    await poll('a moved account to be selected', async () => ([alice.awsId, bob.awsId].includes(await selected()) ? true : undefined));
  });

  test('the welcome content shows when there is no organization; its button creates one, which the tree then shows', async () => {
    const welcome = (vscode.extensions.getExtension(extensionId)!.packageJSON.contributes.viewsWelcome as { view: string; when: string; contents: string }[])
      .find((entry) => entry.view === 'awsOrganizations.organization' && entry.when === 'awsOrganizations.connectionState == noOrganization');
    assert.ok(welcome, 'the Organization view has welcome content for an account without organization');
    assert.match(welcome.contents, /command:awsOrganizations\.createOrganization/);

    await reset('empty');
    await poll('the connection to have no organization', () => (api.explorer.connection?.state === 'noOrganization' ? true : undefined));
    // VS Code shows a view's welcome content exactly while its tree is empty.
    await poll('the Organization view to be empty', async () => ((await children()).length === 0 ? true : undefined));
    await tidyWorkbench();
    await screenshot('organization-welcome');

    // Its primary button creates an organization, and the tree shows it.
    const created = await vscode.commands.executeCommand<{ Id?: string; MasterAccountId?: string }>('awsOrganizations.createOrganization', { FeatureSet: 'ALL' });
    assert.match(created?.Id ?? '', /^o-[a-z0-9]{10,32}$/);
    await poll('the new organization\'s root and management account in the tree', async () => {
      const [root] = await children();
      if (!root || !(await label(root)).startsWith('Root (')) return undefined;
      const names = await Promise.all((await children(root)).map(label));
      return names.some((name) => name.endsWith(`(${created?.MasterAccountId})`)) ? true : undefined;
    });

    await reset('sample');
    await poll('the sample organization to come back', async () => {
      const top = await children();
      return top.length && (await label(top[0])).startsWith('Root (') ? true : undefined;
    });
  });

  test('a screenshot of the tree: an account\'s policies and where they come from', async () => {
    await tidyWorkbench();
    const account = await nodeAt('Root', 'Workloads', 'Prod', 'Payments Prod');
    await api.explorer.reveal(account.awsId!, { select: true, focus: true, expand: 2 });
    await view().treeView.reveal(await child(account, 'Service control policies'), { select: false, focus: false, expand: true });
    await screenshot('organization-tree');
  });
});
