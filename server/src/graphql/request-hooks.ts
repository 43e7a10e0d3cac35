import type {
  ApolloServerPlugin,
  BaseContext,
  GraphQLRequestContext,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestContextExecutionDidStart,
  GraphQLRequestContextWillSendResponse,
  GraphQLRequestListener,
} from '@apollo/server';

/** What one concern does at a step of a request (`RequestHooks`): at once, refusing by throwing. */
export interface RequestSteps<C extends BaseContext> {
  didResolveOperation?(this: void, requestContext: GraphQLRequestContextDidResolveOperation<C>): void;
  executionDidStart?(this: void, requestContext: GraphQLRequestContextExecutionDidStart<C>): void;
  willSendResponse?(this: void, requestContext: GraphQLRequestContextWillSendResponse<C>): void;
}

/**
 * One concern's part in Apollo's request pipeline (the metrics, the query cost, the operation and
 * introspection gates, the input rules, the deadline's and the database's answers), written as
 * plain functions; `requestPlugin` runs them all as one Apollo plugin.
 */
export interface RequestHooks<C extends BaseContext> {
  /** This concern's steps for one request, or nothing when it has none for it. */
  requestDidStart?(this: void, requestContext: GraphQLRequestContext<C>): RequestSteps<C> | void;
  contextCreationDidFail?(this: void, failure: { error: Error }): void;
}

/**
 * The concerns in `parts`, in their order, as one Apollo plugin. Apollo awaits every plugin's
 * `requestDidStart` and each of its hooks, and asks each plugin in turn, awaiting it, whether it
 * answers the operation itself: seven plugins (and the inline-trace plugin Apollo adds for
 * federated subgraphs) made some forty promises a request, as many for a one-row answer as for a
 * report. Here a step calls every concern's function at once, in order, and answers with one
 * promise. Each still runs when an earlier one refused, and the first refusal in `parts`' order is
 * the answer, as when Apollo awaited them together.
 */
export function requestPlugin<C extends BaseContext>(parts: readonly RequestHooks<C>[]): ApolloServerPlugin<C> {
  const starting = parts.filter((part) => part.requestDidStart);
  const failing = parts.filter((part) => part.contextCreationDidFail);
  return {
    contextCreationDidFail(failure) {
      return runEach(failing, (part) => part.contextCreationDidFail?.(failure));
    },
    requestDidStart(requestContext) {
      const steps: RequestSteps<C>[] = [];
      const failure = failureOf(starting, (part) => {
        const own = part.requestDidStart?.(requestContext);
        if (own) steps.push(own);
      });
      if (failure) return Promise.reject(failure.error);
      const listener: GraphQLRequestListener<C> = {};
      const resolved = steps.filter((s) => s.didResolveOperation);
      if (resolved.length > 0) listener.didResolveOperation = (rc) => runEach(resolved, (s) => s.didResolveOperation?.(rc));
      const executing = steps.filter((s) => s.executionDidStart);
      if (executing.length > 0) listener.executionDidStart = (rc) => runEach(executing, (s) => s.executionDidStart?.(rc));
      const sending = steps.filter((s) => s.willSendResponse);
      if (sending.length > 0) listener.willSendResponse = (rc) => runEach(sending, (s) => s.willSendResponse?.(rc));
      return Promise.resolve(listener);
    },
  };
}

/** Calls `call` with every item; rejects with the first call's error, after all ran. */
function runEach<T>(items: readonly T[], call: (item: T) => void): Promise<void> {
  const failure = failureOf(items, call);
  return failure ? Promise.reject(failure.error) : Promise.resolve();
}

/** Calls `call` with every item, and gives the first call's error (handed on as it is: Apollo makes it the answer's GraphQLError). */
function failureOf<T>(items: readonly T[], call: (item: T) => void): { error: Error } | null {
  let failure: { error: Error } | null = null;
  for (const item of items) {
    try {
      call(item);
    } catch (error) {
      failure ??= { error: error as Error };
    }
  }
  return failure;
}
