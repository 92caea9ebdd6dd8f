/** The extension's log: one `LogOutputChannel` with levels, shown on demand, never popped up by itself. */
import * as vscode from 'vscode';

export const log = vscode.window.createOutputChannel('AWS Organizations', { log: true });
