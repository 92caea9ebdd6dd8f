/**
 * The embedded organization: the engine in this process with its state file, reached by the SDK through the
 * in-memory request handler, and served on a local port for other processes (the AWS CLI in a terminal,
 * a second VS Code window). One process owns a state file; a second one finds the owner's endpoint in the
 * lock file and becomes its guest, talking to it over HTTP (reset, export and import included), unless the owner
 * is closing, when it waits to take the file over.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { OrganizationsEngine, type Commit, type EngineOptions, type ServiceName } from '../emulator/engine';
import { FileStore } from '../emulator/fileStore';
import { StateLockedError } from '../emulator/stateLock';
import { MemoryStore, type StateStore } from '../emulator/store';
import { createEndpointHandler, type EndpointHandler } from '../endpoint/handler';
import { createInMemoryRequestHandler, type InMemoryRequestHandler } from '../endpoint/inMemoryHandler';
import { startEndpointServer, type EndpointServer } from '../endpoint/server';

export interface EmbeddedOptions {
  /** The state file (the extension's global storage); absent: the organization lives in memory only. */
  statePath?: string;
  /** The seed of a state that does not exist yet. */
  initialSeed?: 'empty' | 'sample';
  /** For tests: replication lag, clock, quotas. */
  engine?: Omit<EngineOptions, 'store'>;
  /** How long a guest waits for an owner that holds the lock but has not published its endpoint yet. */
  ownerWaitMs?: number;
}

/**
 * A change someone made through the local endpoint (not through this process's own client): an AWS operation of
 * Organizations, or of an account's IAM or STS, with the account that called it.
 */
export interface EndpointChange {
  service: ServiceName;
  operation: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  callerAccountId: string;
}

/** What guests read from `changesPath`: the owner's revision and the changes after the one they asked for. */
interface ChangesAnswer {
  revision: number;
  changes: (EndpointChange | 'all')[];
}

/** The route through which guests follow the owner's changes (a long poll: it answers once something changed). */
const changesPath = '/_emulator/changes';
/** The route through which guests export (GET) and import (PUT) the owner's state. */
const statePath = '/_emulator/state';
/** How long an opener asks a locked state file's owner whether it still serves before it counts it as closing. */
const ownerProbeMs = 1_000;

/** What the embedded organization's commands do, in the window that owns it or through the owner from a guest. */
export interface EmbeddedControl {
  reset(seed: 'empty' | 'sample'): Promise<void>;
  exportState(): Promise<unknown>;
  importState(state: unknown): Promise<void>;
}
/** How long the owner holds a guest's poll when nothing changes. */
const pollHoldMs = 20_000;
/** How many changes the owner keeps for guests that poll late; one further behind redraws everything. */
const journalSize = 1_000;

/** This process holds the state: the engine runs here, and its journal of commits is served to guests. */
export class EmbeddedOwner implements EmbeddedControl {
  readonly kind = 'owner';
  private server?: EndpointServer;
  private readonly handler: EndpointHandler;
  private readonly listeners = new Set<(change: EndpointChange | 'all') => void>();
  private readonly unsubscribe: () => void;
  private revision = 0;
  private readonly journaled: { revision: number; change: EndpointChange | 'all' }[] = [];
  private readonly waiting = new Set<() => void>();
  /**
   * Set while a request of this process's own client runs: the engine commits synchronously within it, so its
   * commits are told apart from those of requests over HTTP.
   */
  private readonly ownRequest = new AsyncLocalStorage<true>();

  constructor(readonly engine: OrganizationsEngine, private readonly store: StateStore) {
    this.handler = createEndpointHandler(engine, {});
    this.unsubscribe = engine.onDidChange((commit) => this.journal(commit));
  }

  /** The SDK's request handler for this process's own client: no socket. Its changes are journaled for guests. */
  requestHandler(): InMemoryRequestHandler {
    return createInMemoryRequestHandler((request) => this.ownRequest.run(true, () => this.handler(request)));
  }

  get endpoint(): string | undefined {
    return this.server?.url;
  }

  /**
   * Serves the organization on a local port (0: any free port) and records the URL in the lock file, so
   * that other windows connect here. Serving again on another port moves the endpoint.
   */
  async serve(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.server && (port === 0 || this.server.port === port) && this.server.host === host) return this.server.url;
    const previous = this.server;
    this.server = undefined;
    await previous?.close();
    this.server = await startEndpointServer((request) => this.handleFromElsewhere(request), { port, host });
    if (this.store instanceof FileStore) this.store.setEndpoint(this.server.url);
    return this.server.url;
  }

  async reset(seed: 'empty' | 'sample'): Promise<void> {
    this.engine.reset(seed);
  }

  async exportState(): Promise<unknown> {
    return this.engine.exportState();
  }

  async importState(state: unknown): Promise<void> {
    this.engine.importState(state);
  }

  /** Listens to changes made through the local endpoint; 'all' when anything may have changed. */
  onChange(listener: (change: EndpointChange | 'all') => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    for (const wake of this.waiting) wake();
    await this.server?.close();
    this.server = undefined;
    this.store.close();
  }

  /** Serves one request that came over HTTP: the guests' change feed, or AWS's API. */
  private async handleFromElsewhere(request: Parameters<EndpointHandler>[0]): Promise<Awaited<ReturnType<EndpointHandler>>> {
    const [route, query = ''] = request.path.split('?');
    if (route === changesPath && request.method === 'GET') return this.changesSince(new URLSearchParams(query).get('after'));
    if (route === statePath && request.method === 'GET') return json(200, this.engine.exportState());
    if (route === statePath && request.method === 'PUT') {
      try {
        this.engine.importState(JSON.parse(new TextDecoder().decode(request.body)));
        return json(200, {});
      } catch (error) {
        return json(400, { message: (error as Error).message });
      }
    }
    return this.handler(request);
  }

  /** Journals one of the engine's commits for guests, and tells this process's listeners of those it did not make. */
  private journal({ operation, service, call }: Commit): void {
    if (call) {
      const change: EndpointChange = {
        service: service ?? 'organizations', operation, input: call.input, output: (call.output ?? {}) as Record<string, unknown>, callerAccountId: call.callerAccountId,
      };
      this.record(change, this.ownRequest.getStore() ? 'self' : 'elsewhere');
    } else if (!OrganizationsEngine.operations.includes(operation)) {
      // Resets, imports and ledger writes come from no AWS operation: they change what anyone may have cached.
      // Work of an operation that fell due (an account created, an invitation expired) is seen by whoever reads it, as on AWS.
      this.record('all', 'elsewhere');
    }
  }

  /** Journals a change for guests; changes not made by this process's own client are reported to its listeners. */
  private record(change: EndpointChange | 'all', source: 'self' | 'elsewhere'): void {
    this.journaled.push({ revision: ++this.revision, change });
    if (this.journaled.length > journalSize) this.journaled.shift();
    for (const wake of [...this.waiting]) wake();
    if (source === 'elsewhere') this.emit(change);
  }

  /** A guest's poll: the changes after revision `after` as soon as there are any (or none after a while). */
  private async changesSince(after: string | null): Promise<Awaited<ReturnType<EndpointHandler>>> {
    const since = after === null ? this.revision : Number(after);
    if (since >= this.revision && after !== null) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiting.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, pollHoldMs);
        this.waiting.add(wake);
      });
    }
    const first = this.journaled[0]?.revision ?? this.revision + 1;
    const answer: ChangesAnswer = {
      revision: this.revision,
      changes: since + 1 < first && since < this.revision ? ['all'] : this.journaled.filter((entry) => entry.revision > since).map((entry) => entry.change),
    };
    return json(200, answer);
  }

  private emit(change: EndpointChange | 'all'): void {
    for (const listener of this.listeners) listener(change);
  }
}

/** Another process holds the state; this one talks to it at `endpoint` and follows its changes. */
export class EmbeddedGuest implements EmbeddedControl {
  readonly kind = 'guest';
  private readonly stop = new AbortController();

  constructor(readonly endpoint: string) {}

  /**
   * Follows the owner's changes (made by its window, the AWS CLI, or other guests) until closed; `onOwnerLost`
   * is called once the owner no longer answers (its window closed or crashed), so that this process can take over.
   */
  follow(onChange: (change: EndpointChange | 'all') => void, onOwnerLost: () => void): void {
    void (async () => {
      let after: number | undefined;
      for (let failures = 0; !this.stop.signal.aborted;) {
        try {
          const response = await fetch(`${this.endpoint}${changesPath}${after === undefined ? '' : `?after=${after}`}`, { signal: this.stop.signal });
          const answer = (await response.json()) as ChangesAnswer;
          if (after !== undefined) for (const change of answer.changes) onChange(change);
          after = answer.revision;
          failures = 0;
        } catch {
          if (this.stop.signal.aborted) return;
          // A refused connection means the owner is gone; give a restarting network stack a moment first.
          if (++failures >= 3) return onOwnerLost();
          await new Promise((resolve) => setTimeout(resolve, 100 * failures));
        }
      }
    })();
  }

  async reset(seed: 'empty' | 'sample'): Promise<void> {
    await this.call('/_emulator/reset', 'POST', { seed });
  }

  async exportState(): Promise<unknown> {
    return this.call(statePath, 'GET');
  }

  async importState(state: unknown): Promise<void> {
    await this.call(statePath, 'PUT', state);
  }

  close(): void {
    this.stop.abort();
  }

  /** One request to the owner's emulator routes; its refusal becomes an error with the owner's message. */
  private async call(path: string, method: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.endpoint}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    const answer = (await response.json().catch(() => ({}))) as { message?: string };
    if (!response.ok) throw new Error(answer.message ?? `The window that holds the embedded organization answered ${response.status}.`);
    return answer;
  }
}

/** A JSON answer of the owner's own routes. */
function json(statusCode: number, value: unknown): Awaited<ReturnType<EndpointHandler>> {
  const body = new TextEncoder().encode(JSON.stringify(value));
  return { statusCode, headers: { 'content-type': 'application/json', 'content-length': String(body.byteLength) }, body };
}

/** Whether the owner still serves at its endpoint; an owner that is closing (a reloaded window) refuses connections. */
async function serves(endpoint: string): Promise<boolean> {
  try {
    await fetch(`${endpoint}/_emulator/health`, { signal: AbortSignal.timeout(ownerProbeMs) });
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the embedded organization: takes the state file (becoming its owner, serving it on a free local
 * port), or, when a live process holds it, returns that owner's endpoint. A stale lock (its owner died)
 * is taken over, so the next window to connect after the owner's death becomes the owner.
 */
export async function openEmbedded(options: EmbeddedOptions): Promise<EmbeddedOwner | EmbeddedGuest> {
  if (!options.statePath) return newOwner(new MemoryStore(), options);
  const deadline = Date.now() + (options.ownerWaitMs ?? 5_000);
  for (;;) {
    let store: FileStore;
    try {
      store = FileStore.open(options.statePath);
    } catch (error) {
      if (!(error instanceof StateLockedError)) throw error;
      // An owner that no longer serves is closing (its window was reloaded or closed): wait for it to let go of the
      // file and take it over, rather than become the guest of a window that is gone. Past the deadline, be its guest:
      // a guest takes over as soon as the owner stops answering.
      if (error.endpoint && (Date.now() > deadline || (await serves(error.endpoint)))) return new EmbeddedGuest(error.endpoint);
      // The owner has the lock but has not published its endpoint yet: it does so right after opening.
      if (!error.endpoint && Date.now() > deadline) throw new Error(`${error.message} It did not publish an endpoint within ${options.ownerWaitMs ?? 5_000} ms.`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    const owner = newOwner(store, options);
    try {
      await owner.serve();
    } catch (error) {
      await owner.close();
      throw error;
    }
    return owner;
  }
}

function newOwner(store: StateStore, options: EmbeddedOptions): EmbeddedOwner {
  const isNew = store.load() === undefined;
  const engine = new OrganizationsEngine({ ...options.engine, store });
  if (isNew && options.initialSeed && options.initialSeed !== 'empty') engine.reset(options.initialSeed);
  return new EmbeddedOwner(engine, store);
}
