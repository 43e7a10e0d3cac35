# syntax=docker/dockerfile:1
# The Schoolmix server with the built SPA, as production runs it: the tsc-compiled server under
# node, production dependencies only, as the unprivileged `node` user. Used by docker-compose.yml.
# The Node.js version is the one in .nvmrc, pnpm's the packageManager in package.json
# (scripts/check-toolchain.mjs keeps them in step). server/src/deploy.test.ts checks this file and
# replays the runtime stage's COPY steps without Docker.

# ---- build: install everything, compile, then a production-only copy of the server ----
FROM node:24.21.0-bookworm-slim AS build
RUN npm install -g pnpm@12.4.2
WORKDIR /src
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm build \
 && pnpm --filter @schoolmix/server deploy --prod /prod/server

# ---- runtime: node, the compiled server, its production dependencies and the built SPA ----
FROM node:24.21.0-bookworm-slim AS runtime
# MALLOC_ARENA_MAX=1: cluster.ts's WORKER_MALLOC_ENV (glibc reads it when the process starts).
ENV NODE_ENV=production \
    PORT=4000 \
    SEED=none \
    DATA_DIR=/app/.data \
    MALLOC_ARENA_MAX=1
WORKDIR /app
COPY --from=build /prod/server/package.json server/package.json
COPY --from=build /prod/server/node_modules server/node_modules
# server/dist holds the compiled server and the reference data (src/db/seed/reference).
COPY --from=build /prod/server/dist server/dist
COPY --from=build /src/client/dist client/dist
# The embedded database's folder (used when DATABASE_URL is unset): the only writable place.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and receives SIGTERM itself (no shell, no pnpm in between). The heap flags are
# cluster.ts's WORKER_HEAP_FLAGS (workers of WEB_CONCURRENCY get them from the primary).
CMD ["node", "--max-semi-space-size=16", "--heap-growing-percent=50", "server/dist/main.js"]
