/**
 * Billing inside a real VS Code, over the embedded organization's sample: "Show Billing" opens the webview with
 * the organization's monthly cost as a chart and a table (saved as the screenshot test-results/screenshots/billing.png),
 * an OU by service, the cost of this month in an OU's tooltip, and a CONSOLIDATED_BILLING organization with billing
 * but no policy types.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BillingPanel } from '../../../client/src/billing/billingView';
import type { ExtensionApi } from '../../../client/src/extension';
import type { Root } from '@aws-sdk/client-organizations';
import {
  BillingReport, PolicyTypeInfo, billingReportRequest, childrenRequest, ChildrenPage, mutationRequest, policyTypesRequest, resetEmbeddedRequest, rootsRequest,
} from '../../../server/src/protocol';
import { poll } from '../../support/poll';
import { activateExtension, request, screenshot } from './support';


suite('Billing', () => {
  let api: ExtensionApi;

  /** Runs Show Billing and waits until the page has rendered the node named `heading`. */
  async function showBilling(arg: unknown, heading: string): Promise<BillingPanel> {
    const panel = await vscode.commands.executeCommand<BillingPanel>('awsOrganizations.showBilling', arg);
    assert.ok(panel, 'Show Billing answers its panel');
    await poll(`the billing page of ${heading}`, () => (panel.rendered?.heading.startsWith(heading) && panel.report?.node.name === heading ? true : undefined));
    return panel;
  }

  async function sampleOu(name: string): Promise<string> {
    const [root] = await request<Root[]>(api, rootsRequest);
    const page = await request<ChildrenPage>(api, childrenRequest, { parentId: root.Id, pageSize: 100 });
    const node = page.children.find((child) => child.kind === 'organizationalUnit' && child.organizationalUnit.Name === name);
    assert.ok(node?.kind === 'organizationalUnit', `the sample has the OU ${name}`);
    return node.organizationalUnit.Id!;
  }

  suiteSetup(async () => {
    api = await activateExtension();
    await request(api, resetEmbeddedRequest, { seed: 'sample' });
    await poll('the sample organization', async () => ((await request<Root[]>(api, rootsRequest)).length ? true : undefined));
  });

  suiteTeardown(async () => {
    await request(api, resetEmbeddedRequest, { seed: 'sample' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Show Billing charts the organization\'s monthly cost, stacked by account, with the same data as a table', async () => {
    for (const command of ['workbench.action.closeAllEditors', 'workbench.action.closePanel', 'notifications.clearAll', 'awsOrganizations.organization.focus']) {
      await vscode.commands.executeCommand(command);
    }
    const panel = await showBilling(undefined, 'Root');
    const report = panel.report!;
    assert.equal(report.node.kind, 'root');
    assert.equal(report.scope, 'organization');
    assert.deepEqual(report.payer && { name: report.payer.name, id: report.payer.id }, { name: 'Management', id: '111111111111' });
    assert.equal(report.months.length, 12);
    assert.equal(panel.rendered!.tableRows, report.series.length);
    assert.ok(panel.rendered!.bars >= report.series.length * 11, `${panel.rendered!.bars} bars`);
    // The OUs' totals roll up to the root's.
    const children = report.children.reduce((sum, child) => sum.map((cents, month) => cents + child.cents[month]), report.months.map(() => 0));
    assert.deepEqual(children, report.node.cents);
    await screenshot('billing');
  });

  test('an OU stacked by service, chosen as the command\'s input', async () => {
    const workloads = await sampleOu('Workloads');
    const panel = await showBilling({ nodeId: workloads, stackBy: 'service' }, 'Workloads');
    const report = panel.report!;
    assert.deepEqual(report.path.map((step) => step.name), ['Root']);
    assert.ok(report.series.some((series) => series.label === 'Amazon Elastic Compute Cloud - Compute'));
    assert.deepEqual(report.children.filter((child) => child.kind === 'organizationalUnit').map((child) => child.name).sort(), ['Dev', 'Prod']);
    await showBilling({ stackBy: 'account' }, 'Workloads');
  });

  test('an OU\'s tooltip in the Organization view shows its cost this month', async () => {
    const security = await sampleOu('Security');
    const [root] = await api.explorer.organization.provider.getChildren(undefined) ?? [];
    const nodes = await api.explorer.organization.provider.getChildren(root) ?? [];
    // The extension's bundle has its own copy of the node classes: find the node by its ID, not its class.
    const node = nodes.find((candidate) => candidate.awsId === security);
    assert.ok(node?.resolveTooltip, 'the Security OU is in the view');
    const tooltip = (await node.resolveTooltip())!;
    // The tooltip is Markdown: its punctuation is escaped.
    assert.match(tooltip.value.replace(/\\/g, ''), /Cost: \$[\d,]+\.\d\d in [A-Z][a-z]{2} \d{4} \(estimated\)/);
  });

  test('a CONSOLIDATED_BILLING organization shows billing and no policy types', async () => {
    await request(api, resetEmbeddedRequest, { seed: 'empty' });
    await request(api, mutationRequest('CreateOrganization'), { FeatureSet: 'CONSOLIDATED_BILLING' });
    const types = await request<PolicyTypeInfo[]>(api, policyTypesRequest);
    assert.ok(types.every((type) => type.status === 'UNAVAILABLE'));
    const report = await poll('a report of the new organization', async () => {
      const answer = await request<BillingReport>(api, billingReportRequest, { stackBy: 'account' });
      return answer.node.kind === 'root' ? answer : undefined;
    });
    assert.equal(report.scope, 'organization');
    assert.equal(report.payer?.id, '111111111111');
    await showBilling(undefined, 'Root');
  });
});
