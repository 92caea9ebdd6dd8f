/**
 * Runs the organization contract twice: against the engine in process (the SDK's in-memory request
 * handler, as the embedded default runs) and against the endpoint over HTTP with the real SDK, through a
 * proxy that drops connections. Both with replication lag, throttling, 5xx and latency.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { createEndpointHandler } from '../../../server/src/endpoint/handler';
import { createInMemoryRequestHandler } from '../../../server/src/endpoint/inMemoryHandler';
import { startEndpointServer } from '../../../server/src/endpoint/server';
import { OrganizationsCalls } from '../../../server/src/organizations/calls';
import { OrganizationModel } from '../../../server/src/organizations/model';
import { PendingEdits } from '../../../server/src/organizations/pending';
import { organizationContract } from './contract';
import { seededRandom } from '../../support/random';
import { droppingProxy, faultyHandler, type FaultCounts, type FaultPlan } from './faults';

const lagMs = 150;
const plan: FaultPlan = { throttle: 0.1, serverError: 0.05, maxLatencyMs: 4 };
const credentials = { accessKeyId: '111111111111', secretAccessKey: 'embedded' };

function sampleEngine(): OrganizationsEngine {
  const engine = new OrganizationsEngine({ replicationLagMs: lagMs });
  engine.reset('sample');
  return engine;
}

function modelFor(client: OrganizationsClient): OrganizationModel {
  // Quick backoff keeps the suite fast; ten attempts make an unlucky run of injected faults vanishingly rare.
  const calls = new OrganizationsCalls(client, { policy: { baseDelayMs: 1, maxDelayMs: 20, maxAttempts: 10, timeoutMs: 10_000 }, random: seededRandom(7) });
  return new OrganizationModel(calls, new PendingEdits(60_000));
}

organizationContract('the organization model in process (in-memory request handler)', async () => {
  const counts: FaultCounts = { requests: 0, throttled: 0, serverErrors: 0, dropped: 0 };
  const handler = faultyHandler(createEndpointHandler(sampleEngine(), {}), plan, seededRandom(1), counts);
  const model = modelFor(new OrganizationsClient({ region: 'us-east-1', maxAttempts: 1, credentials, requestHandler: createInMemoryRequestHandler(handler) }));
  return { model, counts, lagMs, dropsConnections: false, close: async () => model.calls.cancel() };
});

organizationContract('the organization model over HTTP (endpoint, dropped connections)', async () => {
  const counts: FaultCounts = { requests: 0, throttled: 0, serverErrors: 0, dropped: 0 };
  const server = await startEndpointServer(faultyHandler(createEndpointHandler(sampleEngine(), {}), plan, seededRandom(2), counts));
  const proxy = await droppingProxy(server.port, 0.05, seededRandom(3), counts);
  const model = modelFor(new OrganizationsClient({ region: 'us-east-1', maxAttempts: 1, credentials, endpoint: proxy.url }));
  return {
    model, counts, lagMs, dropsConnections: true,
    async close() {
      model.calls.cancel();
      await proxy.close();
      await server.close();
    },
  };
});
