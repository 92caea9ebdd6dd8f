/**
 * The extension's log: one `LogOutputChannel` with levels, shown on demand, never popped up by itself; and the
 * redaction every channel of the extension writes through, so that no secret reaches a log or a trace (the
 * `connect` request and the `initialize` options carry a custom endpoint's keys, and the verbose LSP trace
 * prints every message in full).
 */
import * as vscode from 'vscode';

/** What replaces a secret in the logs. */
export const redacted = '[redacted]';

/** JSON fields that hold secrets, in the casing of the protocol, the SDK and the SSO token cache. */
const secretFields = /("(?:secretAccessKey|SecretAccessKey|sessionToken|SessionToken|accessToken|refreshToken|clientSecret)"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/** Secret values the extension has held (read from SecretStorage or typed by the user), wherever they might show. */
const secretValues = new Set<string>();

/** Remembers a secret value, so that it is redacted from every log line from now on, in whatever shape it shows. */
export function keepSecret(value: string | undefined): void {
  // Very short values would redact ordinary words; real secret keys and tokens are long.
  if (value && value.length >= 8) secretValues.add(value);
}

/** The text with secret JSON fields and every remembered secret value replaced by `[redacted]`. */
export function redact(text: string): string {
  let result = text.replace(secretFields, `$1"${redacted}"`);
  for (const value of secretValues) result = result.split(value).join(redacted);
  return result;
}

/** One log argument as text: an error with its stack, an object as JSON. */
function textOf(value: unknown): string {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A log channel that redacts secrets from everything written to it, arguments included. */
class RedactingChannel implements vscode.LogOutputChannel {
  constructor(private readonly channel: vscode.LogOutputChannel) {}

  get name(): string {
    return this.channel.name;
  }

  get logLevel(): vscode.LogLevel {
    return this.channel.logLevel;
  }

  get onDidChangeLogLevel(): vscode.Event<vscode.LogLevel> {
    return this.channel.onDidChangeLogLevel;
  }

  trace(message: string, ...args: unknown[]): void {
    this.channel.trace(this.line(message, args));
  }

  debug(message: string, ...args: unknown[]): void {
    this.channel.debug(this.line(message, args));
  }

  info(message: string, ...args: unknown[]): void {
    this.channel.info(this.line(message, args));
  }

  warn(message: string, ...args: unknown[]): void {
    this.channel.warn(this.line(message, args));
  }

  error(error: string | Error, ...args: unknown[]): void {
    this.channel.error(this.line(error, args));
  }

  append(value: string): void {
    this.channel.append(redact(value));
  }

  appendLine(value: string): void {
    this.channel.appendLine(redact(value));
  }

  replace(value: string): void {
    this.channel.replace(redact(value));
  }

  clear(): void {
    this.channel.clear();
  }

  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) this.channel.show(columnOrPreserveFocus);
    else this.channel.show(columnOrPreserveFocus, preserveFocus);
  }

  hide(): void {
    this.channel.hide();
  }

  dispose(): void {
    this.channel.dispose();
  }

  private line(message: unknown, args: unknown[]): string {
    return redact([message, ...args].map(textOf).join(' '));
  }
}

/** A new log output channel of the extension, redacting secrets. */
export function createLogChannel(name: string): vscode.LogOutputChannel {
  return new RedactingChannel(vscode.window.createOutputChannel(name, { log: true }));
}

export const log = createLogChannel('AWS Organizations');
