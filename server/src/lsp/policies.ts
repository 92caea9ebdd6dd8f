/**
 * The policy language features over LSP: parses each document version once, validates it when it is
 * opened, and after changes at most every `changeValidationDelayMs` (one validation per document at a
 * time; a newer version queued behind it replaces any older one, and results for a version that is no
 * longer current are dropped), and maps the pure features' offsets to LSP ranges for diagnostics,
 * hover, completion, quick fixes and symbols.
 */
import {
  CodeAction, CodeActionKind, CompletionItem, CompletionItemKind, Connection, InsertTextFormat, Diagnostic, DiagnosticSeverity, DidChangeConfigurationNotification, DocumentSymbol,
  Hover, InitializeParams, MarkupKind, Range, ServerCapabilities, SymbolKind, TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { policyCompletions, PolicyCompletion } from '../policies/completion';
import type { PolicyDiagnostic, Severity } from '../policies/diagnostics';
import { parsePolicyDocument, PolicyDocument } from '../policies/document';
import { policyHover } from '../policies/hover';
import { isPolicyKind, PolicyKind, PolicyKindGlobs } from '../policies/kinds';
import { policySymbols, PolicySymbol } from '../policies/symbols';
import type { ValidationOptions } from '../policies/rule';
import { validatePolicy } from '../policies/validate';
import { clientId, policyKindChangedNotification, PolicyKindInfoForDocument, policyKindRequest, setPolicyKindNotification } from '../protocol';

/** The `awsOrganizations.policies` settings. */
export interface PolicySettings {
  /** Globs per kind, e.g. `{ "SERVICE_CONTROL_POLICY": ["**\/scps/**\/*.json"] }`. */
  globs?: PolicyKindGlobs;
  /** Size quotas per kind that replace the documented ones. */
  sizeLimits?: ValidationOptions['sizeLimits'];
  /** The severity of unknown actions and partitions (`error`, `warning` or `information`). */
  unknownNameSeverity?: ValidationOptions['unknownNameSeverity'];
}

/** The `unknownNameSeverity` setting's values, as the findings' severities. */
const settingSeverities: Record<string, Severity> = { error: 'ERROR', warning: 'WARNING', information: 'SUGGESTION' };

export const settingsSection = `${clientId}.policies`;

/**
 * How long after a change its document is validated. Changes within that time are validated together,
 * as one version: an editor sends a change per keystroke, and a tool rewriting a file may send a
 * thousand a second, but only the latest version's diagnostics are worth computing.
 */
export const changeValidationDelayMs = 50;

const severities: Record<Severity, DiagnosticSeverity> = {
  ERROR: DiagnosticSeverity.Error,
  SECURITY_WARNING: DiagnosticSeverity.Warning,
  WARNING: DiagnosticSeverity.Warning,
  SUGGESTION: DiagnosticSeverity.Information,
};

const completionKinds: Record<PolicyCompletion['kind'], CompletionItemKind> = {
  element: CompletionItemKind.Property,
  service: CompletionItemKind.Module,
  action: CompletionItemKind.Function,
  operator: CompletionItemKind.Operator,
  conditionKey: CompletionItemKind.Variable,
  arn: CompletionItemKind.Reference,
  value: CompletionItemKind.Value,
  managementKey: CompletionItemKind.Property,
  example: CompletionItemKind.Snippet,
};

export const policyCapabilities: ServerCapabilities = {
  hoverProvider: true,
  completionProvider: { triggerCharacters: ['"', ':'] },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  documentSymbolProvider: true,
};

interface Validated {
  version: number;
  findings: PolicyDiagnostic[];
}

/** Markdown that another feature appends to a policy hover (effective permissions), from the same parsed document. */
export type HoverContribution = (document: PolicyDocument, offset: number, uri: string) => Promise<string | undefined>;

export class PolicyFeatures {
  /** Further hover sections, each shown below the documentation. */
  readonly hoverContributions: HoverContribution[] = [];
  private settings: PolicySettings = {};
  private configurationSupported = false;
  private configurationChangesRegistrable = false;
  private readonly knownKinds = new Map<string, PolicyKind>();
  private readonly parsedDocuments = new Map<string, { version: number; document: PolicyDocument }>();
  private readonly validated = new Map<string, Validated>();
  private readonly reportedKinds = new Map<string, string>();
  private readonly running = new Set<string>();
  private readonly queued = new Set<string>();
  private readonly changed = new Map<string, NodeJS.Timeout>();
  private disposed = false;

  constructor(private readonly connection: Connection, private readonly documents: TextDocuments<TextDocument>) {}

  /** Reads the settings given at start (`initializationOptions.policies`), for clients without `workspace/configuration`. */
  initialize(params: InitializeParams): void {
    this.settings = readSettings((params.initializationOptions as { policies?: unknown } | undefined)?.policies);
    this.configurationSupported = params.capabilities.workspace?.configuration === true;
    this.configurationChangesRegistrable = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  }

  /** Once initialized: reads the settings through `workspace/configuration` where the client supports it. */
  initialized(): void {
    // VS Code's client tells of setting changes only for sections a server registers for.
    if (this.configurationChangesRegistrable) void this.connection.client.register(DidChangeConfigurationNotification.type, { section: clientId });
    void this.refreshSettings();
  }

  /** Registers the handlers; call before the connection listens. */
  listen(): void {
    const { connection, documents } = this;
    connection.onDidChangeConfiguration((change) => void this.refreshSettings((change.settings as Record<string, { policies?: unknown }> | undefined)?.[clientId]?.policies));
    documents.onDidOpen(({ document }) => this.schedule(document.uri));
    // Opening a document is a change of content too: the first validation is the one onDidOpen started.
    documents.onDidChangeContent(({ document }) => this.scheduleAfterChange(document.uri));
    documents.onDidClose(({ document }) => {
      clearTimeout(this.changed.get(document.uri));
      for (const cache of [this.parsedDocuments, this.validated, this.reportedKinds, this.changed]) cache.delete(document.uri);
      void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    });
    connection.onHover(async ({ textDocument, position }) => this.hover(textDocument.uri, position));
    connection.onCompletion(async ({ textDocument, position }) => this.complete(textDocument.uri, position));
    connection.onCodeAction(async ({ textDocument, range }) => this.codeActions(textDocument.uri, range));
    connection.onDocumentSymbol(({ textDocument }) => this.symbols(textDocument.uri));
    connection.onNotification(setPolicyKindNotification, ({ uri, kind }) => {
      if (isPolicyKind(kind)) this.knownKinds.set(uri, kind);
      else this.knownKinds.delete(uri);
      this.parsedDocuments.delete(uri);
      this.validated.delete(uri);
      if (documents.get(uri)) this.schedule(uri);
    });
    connection.onRequest(policyKindRequest, ({ uri }) => this.kindOf(uri));
  }

  /** Stops the validations that changes have scheduled; the ones asked for from now on do not run. */
  dispose(): void {
    this.disposed = true;
    for (const timer of this.changed.values()) clearTimeout(timer);
    this.changed.clear();
  }

  private async refreshSettings(pushed?: unknown): Promise<void> {
    if (this.configurationSupported) this.settings = readSettings(await this.connection.workspace.getConfiguration(settingsSection));
    else if (pushed !== undefined) this.settings = readSettings(pushed);
    this.parsedDocuments.clear();
    this.validated.clear();
    for (const document of this.documents.all()) this.schedule(document.uri);
  }

  /** The parsed form of the document's current version, parsed at most once per version. */
  private validationOptions(): ValidationOptions {
    return { sizeLimits: this.settings.sizeLimits, unknownNameSeverity: this.settings.unknownNameSeverity };
  }

  private parsed(document: TextDocument): PolicyDocument {
    const cached = this.parsedDocuments.get(document.uri);
    if (cached?.version === document.version) return cached.document;
    const parsed = parsePolicyDocument(document.getText(), { path: pathOfUri(document.uri), knownKind: this.knownKinds.get(document.uri), globs: this.settings.globs });
    this.parsedDocuments.set(document.uri, { version: document.version, document: parsed });
    return parsed;
  }

  private kindOf(uri: string): PolicyKindInfoForDocument {
    const document = this.documents.get(uri);
    const parsed = document && this.parsed(document);
    return { uri, kind: parsed?.kind ?? null, source: parsed?.kindSource ?? null };
  }

  /** Validates the document once `changeValidationDelayMs` have passed since the first change not yet validated. */
  private scheduleAfterChange(uri: string): void {
    if (this.disposed || this.changed.has(uri)) return;
    this.changed.set(uri, setTimeout(() => {
      this.changed.delete(uri);
      if (this.validated.get(uri)?.version !== this.documents.get(uri)?.version) this.schedule(uri);
    }, changeValidationDelayMs));
  }

  /** Validates now, or once the running validation of this document ends. */
  private schedule(uri: string): void {
    if (this.disposed) return;
    if (this.running.has(uri)) this.queued.add(uri);
    else void this.validate(uri);
  }

  private async validate(uri: string): Promise<void> {
    this.running.add(uri);
    try {
      do {
        this.queued.delete(uri);
        const document = this.documents.get(uri);
        if (!document) break;
        const version = document.version;
        // Already published (a change and its document's opening, say, both asked for it).
        if (this.validated.get(uri)?.version === version) continue;
        const parsed = this.parsed(document);
        const findings = await validatePolicy(parsed, this.validationOptions());
        if (this.documents.get(uri)?.version !== version) continue;
        this.validated.set(uri, { version, findings });
        await this.connection.sendDiagnostics({ uri, version, diagnostics: findings.map((finding) => toDiagnostic(document, finding)) });
        this.reportKind(uri);
      } while (this.queued.has(uri));
    } catch (error) {
      this.connection.console.error(`Validating ${uri} failed: ${error instanceof Error ? error.stack : error}`);
    } finally {
      this.running.delete(uri);
    }
  }

  private reportKind(uri: string): void {
    const info = this.kindOf(uri);
    const key = `${info.kind}/${info.source}`;
    if (this.reportedKinds.get(uri) === key) return;
    this.reportedKinds.set(uri, key);
    void this.connection.sendNotification(policyKindChangedNotification, info);
  }

  /** The findings of the current version: from the last validation, or validated now. */
  private async findings(document: TextDocument): Promise<PolicyDiagnostic[]> {
    const cached = this.validated.get(document.uri);
    if (cached?.version === document.version) return cached.findings;
    return validatePolicy(this.parsed(document), this.validationOptions());
  }

  /** The parsed form of an open document's current version. */
  parsedDocument(uri: string): PolicyDocument | undefined {
    const document = this.documents.get(uri);
    return document && this.parsed(document);
  }

  private async hover(uri: string, position: { line: number; character: number }): Promise<Hover | null> {
    const document = this.documents.get(uri);
    if (!document) return null;
    const parsed = this.parsed(document);
    const offset = document.offsetAt(position);
    const [hover, ...contributed] = await Promise.all([policyHover(parsed, offset), ...this.hoverContributions.map((contribute) => contribute(parsed, offset, uri))]);
    // A contribution answers a question about the organization (effective permissions): it comes first, above the fold,
    // and the element's documentation follows.
    const markdown = [...contributed, hover?.markdown].filter((part): part is string => !!part);
    if (!markdown.length) return null;
    return { contents: { kind: MarkupKind.Markdown, value: markdown.join('\n\n---\n\n') }, ...(hover ? { range: rangeOf(document, hover) } : {}) };
  }

  private async complete(uri: string, position: { line: number; character: number }): Promise<CompletionItem[]> {
    const document = this.documents.get(uri);
    if (!document) return [];
    const items = await policyCompletions(this.parsed(document), document.offsetAt(position));
    return items.map((item, index) => ({
      label: item.label,
      kind: completionKinds[item.kind],
      ...(item.detail ? { detail: item.detail } : {}),
      ...(item.documentation ? { documentation: { kind: MarkupKind.Markdown, value: item.documentation } } : {}),
      textEdit: { range: rangeOf(document, item.edit), newText: item.edit.newText },
      filterText: item.snippet ? item.label : item.edit.newText,
      sortText: String(index).padStart(5, '0'),
      ...(item.snippet ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
      ...(item.retrigger ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
    }));
  }

  private async codeActions(uri: string, range: Range): Promise<CodeAction[]> {
    const document = this.documents.get(uri);
    if (!document) return [];
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    const touching = (await this.findings(document)).filter((finding) => finding.offset <= end && finding.offset + finding.length >= start);
    return touching.flatMap((finding) => finding.fixes.map((fix) => ({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toDiagnostic(document, finding)],
      isPreferred: fix.preferred === true,
      edit: { changes: { [uri]: fix.edits.map((edit) => ({ range: rangeOf(document, edit), newText: edit.newText })) } },
    })));
  }

  private symbols(uri: string): DocumentSymbol[] {
    const document = this.documents.get(uri);
    if (!document) return [];
    const toSymbol = (symbol: PolicySymbol): DocumentSymbol => ({
      name: symbol.name,
      ...(symbol.detail ? { detail: symbol.detail } : {}),
      kind: symbol.kind === 'statement' ? SymbolKind.Object : SymbolKind.Property,
      range: rangeOf(document, symbol),
      selectionRange: rangeOf(document, symbol.selection),
      children: symbol.children.map(toSymbol),
    });
    return policySymbols(this.parsed(document)).map(toSymbol);
  }
}

function rangeOf(document: TextDocument, span: { offset: number; length: number }): Range {
  return { start: document.positionAt(span.offset), end: document.positionAt(span.offset + span.length) };
}

function toDiagnostic(document: TextDocument, finding: PolicyDiagnostic): Diagnostic {
  const prefix = finding.severity === 'SECURITY_WARNING' ? 'Security warning: ' : '';
  return {
    range: rangeOf(document, finding),
    severity: severities[finding.severity],
    code: finding.code,
    source: 'AWS Organizations',
    message: `${prefix}${finding.message}\n${finding.hint}`,
    data: { severity: finding.severity },
  };
}

/** The path of a URI, for file name conventions and globs (`untitled:` URIs keep their name). */
export function pathOfUri(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

/** Keeps only well-formed settings: globs of known kinds, numeric size limits. */
function readSettings(raw: unknown): PolicySettings {
  const value = (raw ?? {}) as { globs?: unknown; sizeLimits?: unknown; unknownNameSeverity?: unknown };
  const settings: PolicySettings = {};
  if (value.globs && typeof value.globs === 'object') {
    settings.globs = Object.fromEntries(Object.entries(value.globs).filter(([kind, globs]) => isPolicyKind(kind) && Array.isArray(globs))
      .map(([kind, globs]) => [kind, (globs as unknown[]).filter((glob) => typeof glob === 'string')]));
  }
  if (value.sizeLimits && typeof value.sizeLimits === 'object') {
    settings.sizeLimits = Object.fromEntries(Object.entries(value.sizeLimits).filter(([kind, limit]) => isPolicyKind(kind) && typeof limit === 'number'));
  }
  if (typeof value.unknownNameSeverity === 'string' && Object.hasOwn(settingSeverities, value.unknownNameSeverity)) {
    settings.unknownNameSeverity = settingSeverities[value.unknownNameSeverity];
  }
  return settings;
}
