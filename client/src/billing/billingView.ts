/**
 * The billing view: a webview (a chart needs one) of what the organization, an OU or an account costs per month,
 * opened by "Show Billing" from the palette, the Organization view's title or a node's context menu. It asks the
 * server for a report (Cost Explorer through the connection), renders it with `render.ts`, follows the
 * organization's changes, and reports what the page rendered (for the tests). Also the context key that hides policy features from the menus of a CONSOLIDATED_BILLING organization.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { billingReportRequest, connectionRequest, type BillingReport, type BillingStack, type ConnectionInfo } from '../../../server/src/protocol';
import { CommandContext, CommandFactory, registerCommands } from '../commands/commands';
import { inputOf, nodeId } from '../commands/prompts';
import { describeFailure } from '../failures';
import { log } from '../log';
import type { ServerEvents } from '../serverEvents';
import { billingCsv, renderBilling, renderBillingFailure, renderBillingLoading } from './render';

export const showBillingCommand = 'awsOrganizations.showBilling';

/** What the page reported after it rendered: its heading, chart bars and table rows. */
export interface RenderedBilling {
  heading: string;
  bars: number;
  tableRows: number;
}

/** The one billing panel: what it shows, and the page it last rendered. */
export class BillingPanel implements vscode.Disposable {
  private static current?: BillingPanel;
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly renderedEmitter = new vscode.EventEmitter<RenderedBilling>();
  /** Fires each time the page has rendered a report. */
  readonly onDidRender = this.renderedEmitter.event;
  /** The last report shown, and what the page said it rendered. */
  report?: BillingReport;
  rendered?: RenderedBilling;
  private nodeId?: string;
  private stackBy: BillingStack = 'account';
  /** The period chosen (`YYYY-MM`); until one is, the server's default: the twelve months up to the current one. */
  private start?: string;
  private end?: string;
  private generation = 0;

  /** Shows the panel (creating it once) for a node, the root when none is given. */
  static show(client: BaseLanguageClient, events: ServerEvents, options: { nodeId?: string; stackBy?: BillingStack; start?: string; end?: string }): BillingPanel {
    const billing = BillingPanel.current ?? (BillingPanel.current = new BillingPanel(client, events));
    billing.panel.reveal(undefined, false);
    billing.nodeId = options.nodeId ?? billing.nodeId;
    billing.stackBy = options.stackBy ?? billing.stackBy;
    billing.start = options.start ?? billing.start;
    billing.end = options.end ?? billing.end;
    void billing.update();
    return billing;
  }

  private constructor(private readonly client: BaseLanguageClient, events: ServerEvents) {
    this.panel = vscode.window.createWebviewPanel('awsOrganizations.billing', 'Billing', vscode.ViewColumn.Active, {
      enableScripts: true,
      // The page loads nothing: no local or remote resources.
      localResourceRoots: [],
    });
    this.panel.webview.html = renderBillingLoading();
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((message: { type: string; nodeId?: string; stackBy?: BillingStack; start?: string; end?: string } & Partial<RenderedBilling>) => {
        switch (message.type) {
          case 'show': this.nodeId = message.nodeId; break;
          case 'stackBy': this.stackBy = message.stackBy === 'service' ? 'service' : 'account'; break;
          case 'period': [this.start, this.end] = [message.start!, message.end!].sort(); break;
          case 'exportCsv':
            void this.exportCsv();
            return;
          case 'rendered':
            this.rendered = { heading: message.heading ?? '', bars: message.bars ?? 0, tableRows: message.tableRows ?? 0 };
            this.renderedEmitter.fire(this.rendered);
            return;
          default: return;
        }
        void this.update();
      }),
      events.onDidChangeOrganization(() => void this.update()),
      events.onDidChangeConnection(() => void this.update()),
    );
  }

  /** Asks the server for the report and renders it; a failure shows as the page's message. */
  async update(): Promise<void> {
    const generation = ++this.generation;
    const nonce = randomBytes(16).toString('base64');
    try {
      const report = await this.client.sendRequest(billingReportRequest, { nodeId: this.nodeId, stackBy: this.stackBy, start: this.start, end: this.end });
      // A newer request has been made meanwhile (the user clicked again): its answer wins.
      if (generation !== this.generation) return;
      this.report = report;
      this.nodeId = report.node.id || undefined;
      this.panel.title = `Billing: ${report.node.name}`;
      this.panel.webview.html = renderBilling(report, { nonce, cspSource: this.panel.webview.cspSource, stackBy: this.stackBy });
    } catch (error) {
      if (generation !== this.generation) return;
      log.error(`Billing failed: ${describeFailure(error)}`);
      this.panel.webview.html = renderBillingFailure(describeFailure(error));
    }
  }

  /** Saves the report's table as a CSV file where the user chooses. */
  private async exportCsv(): Promise<void> {
    const report = this.report;
    if (!report) return;
    const name = `billing-${report.node.name.replace(/[^\w.-]+/g, '-')}-${report.months[0]}-${report.months[report.months.length - 1]}.csv`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ title: 'Export the costs as CSV', filters: { CSV: ['csv'] }, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}) });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(billingCsv(report)));
      void vscode.window.showInformationMessage(`Saved the costs of ${report.node.name} as ${vscode.workspace.asRelativePath(target)}.`);
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not save ${target.fsPath}: ${describeFailure(error)}`);
    }
  }

  dispose(): void {
    if (BillingPanel.current === this) BillingPanel.current = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.renderedEmitter.dispose();
    this.panel.dispose();
  }
}

/**
 * Keeps the `awsOrganizations.featureSet` context key in step with the connection's organization: billing is all a
 * CONSOLIDATED_BILLING organization has, so the menus offer no policy features (attach, effective permissions) there.
 */
function trackFeatureSet(client: BaseLanguageClient, events: ServerEvents): vscode.Disposable {
  const set = (info: ConnectionInfo) => void vscode.commands.executeCommand('setContext', 'awsOrganizations.featureSet', info.organization?.FeatureSet ?? '');
  client.sendRequest(connectionRequest).then(set, (error) => log.warn(`Could not get the connection: ${describeFailure(error)}`));
  return events.onDidChangeConnection(set);
}

/** Registers "Show Billing": a tree node (root, OU or account), `{ nodeId, stackBy, start, end }`, or nothing (the root). */
export function registerBilling(commandContext: CommandContext, events: ServerEvents): vscode.Disposable[] {
  const commands: Record<string, CommandFactory> = {
    [showBillingCommand]: ({ client }) => (arg?: unknown) => {
      const given = inputOf<{ nodeId: string; stackBy: BillingStack; start: string; end: string }>(arg);
      return BillingPanel.show(client, events, { ...given, nodeId: nodeId(arg) ?? given.nodeId });
    },
  };
  return [...registerCommands(commandContext, commands), trackFeatureSet(commandContext.client, events)];
}
