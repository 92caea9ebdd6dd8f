/**
 * The report view: one webview panel that every report reuses ("Show Effective Permissions", "Why Is This Denied?",
 * the list behind a hover's counts), read-only and rendered, never a document that asks to be saved. It asks the
 * server its question with the assumptions chosen on the page, asks again when another assumption is chosen or the
 * organization changes, and exports what it shows as Markdown, CSV or JSON to a file the user picks.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Report } from '../../../server/src/protocol';
import { reportFailure } from '../commands/failureReport';
import { describeFailure } from '../failures';
import type { ServerEvents } from '../serverEvents';
import { ExportFormat, exportFormats, reportFile, reportFileName } from './export';
import { renderFailure, renderLoading, renderReport } from './render';

/** A question for the view: what it asks (its heading until the answer comes) and how to ask the server. */
export interface ReportQuestion {
  title: string;
  ask(assumptions: readonly string[]): Promise<Report>;
}

export class ReportView implements vscode.Disposable {
  static readonly viewType = 'awsOrganizations.report';
  private static current?: ReportView;
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private question?: ReportQuestion;
  /** The assumptions chosen on the page; they stay chosen for the next question. */
  private assumptions: readonly string[] = [];
  private report?: Report;
  private generation = 0;

  /** Shows the answer to a question in the view (created once, then reused); answers the report once the page shows it. */
  static show(question: ReportQuestion, events: ServerEvents): Promise<Report> {
    const view = ReportView.current ?? (ReportView.current = new ReportView(events));
    view.question = question;
    view.report = undefined;
    view.panel.reveal(undefined, false);
    return view.update();
  }

  private constructor(events: ServerEvents) {
    this.panel = vscode.window.createWebviewPanel(ReportView.viewType, 'Report', { viewColumn: vscode.ViewColumn.Beside }, {
      enableScripts: true,
      enableFindWidget: true,
      // The page loads nothing: no local or remote resources.
      localResourceRoots: [],
    });
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((message: { type: string; format?: ExportFormat; assumptions?: string[] }) => {
        if (message.type === 'assume') {
          this.assumptions = message.assumptions ?? [];
          this.update().catch((error: unknown) => reportFailure(this.question?.title ?? 'Report', error));
        } else if (message.type === 'export' && message.format && message.format in exportFormats) {
          this.export(message.format).catch((error: unknown) => reportFailure(`Export ${exportFormats[message.format!].filter}`, error));
        }
      }),
      // An answer about the organization is only as good as the organization it saw.
      events.onDidChangeOrganization(() => void this.update().catch(() => undefined)),
    );
  }

  /** Asks the question again and shows the answer; a newer question's answer wins over an older one's. */
  private async update(): Promise<Report> {
    const question = this.question!;
    const generation = ++this.generation;
    const nonce = () => randomBytes(16).toString('base64');
    if (this.report) this.panel.webview.html = renderReport(this.report, { nonce: nonce(), busy: true });
    else {
      this.panel.title = question.title;
      this.panel.webview.html = renderLoading(question.title, nonce());
    }
    try {
      const report = await question.ask(this.assumptions);
      if (generation === this.generation) {
        this.report = report;
        this.panel.title = report.title;
        this.panel.webview.html = renderReport(report, { nonce: nonce() });
      }
      return report;
    } catch (error) {
      if (generation === this.generation) {
        this.report = undefined;
        this.panel.webview.html = renderFailure(question.title, describeFailure(error));
      }
      throw error;
    }
  }

  /** Saves the report shown as a file the user picks, beside the workspace's files by default. */
  private async export(format: ExportFormat): Promise<void> {
    const report = this.report;
    if (!report) return;
    const { extension, filter } = exportFormats[format];
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: `Export "${report.title}" as ${filter}`,
      saveLabel: 'Export',
      filters: { [filter]: [extension] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, reportFileName(report, format)) } : {}),
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(reportFile(report, format)));
    const choice = await vscode.window.showInformationMessage(`Exported "${report.title}" to ${target.scheme === 'file' ? target.fsPath : target.toString()}.`, 'Open');
    if (choice) await vscode.commands.executeCommand('vscode.open', target);
  }

  dispose(): void {
    if (ReportView.current === this) ReportView.current = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
  }
}
