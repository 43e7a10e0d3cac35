import type { GraphQLRequestContext, GraphQLRequestListener } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import { type RequestHooks, requestPlugin } from './request-hooks.js';

type Ctx = { viewer: string };
const rc = {} as GraphQLRequestContext<Ctx>;

/** A concern that records its steps in `log` under `name`, and refuses at didResolveOperation when told to. */
function concern(name: string, log: string[], refuse?: Error): RequestHooks<Ctx> {
  return {
    requestDidStart() {
      log.push(`${name}:start`);
      return {
        didResolveOperation() {
          log.push(`${name}:resolved`);
          if (refuse) throw refuse;
        },
        willSendResponse() {
          log.push(`${name}:send`);
        },
      };
    },
  };
}

async function listenerOf(parts: RequestHooks<Ctx>[]): Promise<GraphQLRequestListener<Ctx>> {
  const listener = await requestPlugin(parts).requestDidStart!(rc);
  return listener!;
}

/**
 * The Apollo concerns run as one plugin (request-hooks.ts): in their order, every one of them even
 * after a refusal, and the first refusal in that order is the answer, as when Apollo awaited
 * seven plugins together.
 */
describe('requestPlugin', () => {
  it("runs every concern's steps in order, each step once per request", async () => {
    const log: string[] = [];
    const listener = await listenerOf([concern('metrics', log), { requestDidStart: () => undefined }, concern('gate', log)]);
    await listener.didResolveOperation!(rc as never);
    await listener.willSendResponse!(rc as never);
    expect(log).toEqual(['metrics:start', 'gate:start', 'metrics:resolved', 'gate:resolved', 'metrics:send', 'gate:send']);
    // A step no concern has is not offered to Apollo.
    expect('executionDidStart' in listener).toBe(false);
  });

  it('answers with the first refusal in order, after the later concerns ran too', async () => {
    const log: string[] = [];
    const cost = new Error('too costly');
    const forbidden = new Error('forbidden');
    const listener = await listenerOf([concern('metrics', log), concern('cost', log, cost), concern('gate', log, forbidden)]);
    await expect(listener.didResolveOperation!(rc as never)).rejects.toBe(cost);
    expect(log).toEqual(['metrics:start', 'cost:start', 'gate:start', 'metrics:resolved', 'cost:resolved', 'gate:resolved']);
  });

  it('starts every concern of a request even after one failed to start, and fails with the first failure', async () => {
    const log: string[] = [];
    const broken = new Error('broken');
    const plugin = requestPlugin<Ctx>([
      {
        requestDidStart() {
          throw broken;
        },
      },
      concern('gate', log),
      {
        requestDidStart() {
          throw new Error('later');
        },
      },
    ]);
    await expect(plugin.requestDidStart!(rc)).rejects.toBe(broken);
    expect(log).toEqual(['gate:start']);
  });

  it('sends through every concern even when one throws while the answer is sent', async () => {
    const log: string[] = [];
    const failed = new Error('metrics failed');
    const listener = await listenerOf([
      {
        requestDidStart: () => ({
          willSendResponse() {
            throw failed;
          },
        }),
      },
      concern('availability', log),
    ]);
    await expect(listener.willSendResponse!(rc as never)).rejects.toBe(failed);
    expect(log).toEqual(['availability:start', 'availability:send']);
  });

  it('tells every concern that the context could not be made', async () => {
    const told: string[] = [];
    const plugin = requestPlugin<Ctx>([{ contextCreationDidFail: ({ error }) => void told.push(`a:${error.message}`) }, {}, { contextCreationDidFail: ({ error }) => void told.push(`b:${error.message}`) }]);
    await plugin.contextCreationDidFail!({ error: new Error('no database') });
    expect(told).toEqual(['a:no database', 'b:no database']);
  });
});
