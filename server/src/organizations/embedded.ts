/**
 * The embedded organization: the engine in this process with its state file, reached by the SDK through the
 * in-memory request handler, and served on a local port for other processes (the AWS CLI in a terminal,
 * a second VS Code window). One process owns a state file; a second one finds the owner's endpoint in the
 * lock file and becomes its guest, talking to it over HTTP.
 */
import { OrganizationsEngine, type EngineOptions } from '../emulator/engine';
import { FileStore } from '../emulator/fileStore';
import { StateLockedError } from '../emulator/stateLock';
import { MemoryStore, type StateStore } from '../emulator/store';
import { createEndpointHandler, targetPrefix, type EndpointHandler } from '../endpoint/handler';
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

/** A change someone made through the local endpoint (not through this process's own client). */
export interface EndpointChange {
  operation: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
}

/** This process holds the state: the engine runs here. */
export class EmbeddedOwner {
  readonly kind = 'owner';
  private server?: EndpointServer;
  private readonly handler: EndpointHandler;
  private readonly listeners = new Set<(change: EndpointChange | 'all') => void>();
  private readonly unsubscribe: () => void;

  constructor(readonly engine: OrganizationsEngine, private readonly store: StateStore) {
    this.handler = createEndpointHandler(engine, {});
    // Resets, imports and clock-driven progress (an account creation that completed, an expired invitation)
    // come from no request: they change what anyone may have cached.
    this.unsubscribe = engine.onDidChange((operation) => {
      if (!OrganizationsEngine.operations.includes(operation)) this.emit('all');
    });
  }

  /** The SDK's request handler for this process's own client: no socket. */
  requestHandler(): InMemoryRequestHandler {
    return createInMemoryRequestHandler(this.handler);
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

  /** Listens to changes made through the local endpoint; 'all' when anything may have changed. */
  onChange(listener: (change: EndpointChange | 'all') => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.server?.close();
    this.server = undefined;
    this.store.close();
  }

  /** Serves one request that came over HTTP and reports what a successful mutation changed. */
  private async handleFromElsewhere(request: Parameters<EndpointHandler>[0]): Promise<Awaited<ReturnType<EndpointHandler>>> {
    const response = await this.handler(request);
    if (response.statusCode !== 200) return response;
    if (request.path.split('?')[0] === '/_emulator/reset') {
      this.emit('all');
      return response;
    }
    const target = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1] ?? '';
    const operation = target.startsWith(targetPrefix) ? target.slice(targetPrefix.length) : '';
    if (operation && !/^(Describe|List)/.test(operation)) {
      this.emit({ operation, input: parseJson(request.body), output: parseJson(response.body) });
    }
    return response;
  }

  private emit(change: EndpointChange | 'all'): void {
    for (const listener of this.listeners) listener(change);
  }
}

/** Another process holds the state; this one talks to it at `endpoint`. */
export interface EmbeddedGuest {
  kind: 'guest';
  endpoint: string;
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
      if (error.endpoint) return { kind: 'guest', endpoint: error.endpoint };
      // The owner has the lock but has not published its endpoint yet: it does so right after opening.
      if (Date.now() > deadline) throw new Error(`${error.message} It did not publish an endpoint within ${options.ownerWaitMs ?? 5_000} ms.`);
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

function parseJson(body: Uint8Array): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(body).toString('utf8') || '{}');
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
