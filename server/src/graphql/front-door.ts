import { type ApolloServer, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import type express from 'express';
import { identified } from '../modules/auth/request-limit.js';
import type { Context } from './context.js';

/**
 * Apollo Server at /graphql as Express middleware: what `@as-integrations/express5` does (the
 * request's method, headers, query string and parsed body to Apollo, its answer back), and the
 * one rule of a session checked by the request's read (modules/auth/session-check.ts): nothing is
 * sent before that session was checked. When the read did not check it (an operation refused
 * before it ran, say), it is read alone here; when it no longer reads as the process saw it, the
 * answer is dropped, the request limiter counts the request again as if it had just arrived
 * (`again`: the session read and checked first; false when it answered 429), and Apollo runs the
 * request again with the viewer the session has now — or answers 401 for a session that stands no
 * more, as it always did.
 */
export function graphqlHandler(
  apollo: ApolloServer<Context>,
  options: {
    context: (req: express.Request, res: express.Response) => Promise<Context>;
    again: (req: express.Request, res: express.Response) => Promise<boolean>;
  },
): express.RequestHandler {
  apollo.assertStarted('graphqlHandler()');
  const run = (req: express.Request, res: express.Response): Promise<HTTPGraphQLResponse> => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    // The query string as it came ("?…" or nothing): Apollo reads a GET operation from it.
    const at = req.url.indexOf('?');
    const search = at < 0 ? '' : req.url.slice(at);
    return apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search, body: req.body },
      context: () => options.context(req, res),
    });
  };
  return async (req, res) => {
    if (!('body' in req)) throw new Error('req.body is not set: express.json() must come before the GraphQL handler');
    let response = await run(req, res);
    const check = identified(res).check;
    if (check && !(await check.stands())) {
      if (!(await options.again(req, res))) return;
      response = await run(req, res);
    }
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') return void res.send(response.body.string);
    for await (const chunk of response.body.asyncIterator) {
      res.write(chunk);
      (res as { flush?: () => void }).flush?.();
    }
    res.end();
  };
}

