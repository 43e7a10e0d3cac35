/**
 * The server's layers (docs/ARCHITECTURE.md, "Layers"), from the ground up. A file may import its
 * own layer and the layers below it, never one above; and there is no import circle anywhere in
 * src/. `pnpm check` runs it (`pnpm --filter @schoolmix/server deps`); a new upward import or
 * circle fails the check.
 *
 *   top         the front doors and commands: app.ts, main.ts, cluster.ts, jobs/, bench/, db/seed/, the ORM bootstrap
 *               (db/entities.ts, orm.ts, migrate.ts, recount.ts), the request front (graphql/context.ts, front-door.ts,
 *               access-guard.ts, field-guards.ts, idempotency.ts, introspection.ts, schema.ts), modules/report/ (report
 *               resolvers and exports), modules/node/, auth/admin-create.ts
 *   domain      the domain modules: auth, project, event, household, attendance, school, organization,
 *               funding-period, final-report, deadline, notification, audit, privacy
 *   kpi         modules/kpi/: reach, the KPI, progress, programme figures, neighbourhood choice
 *   reference   modules/municipality/: the municipalities and THE merger rule
 *   disclosure  modules/disclosure/: the disclosure model and which fields it applies to
 *   base        config, logging, metrics, db/ and graphql/ infrastructure
 *
 * A type-only import (erased when compiled) may name a type of a higher layer: every resolver names
 * the request's `Context`, whose factory stands on the top floor. Circles count type-only imports too.
 */
const LAYERS = [
  {
    name: 'base',
    path: '^src/(config|logger|request-id|metrics)\\.ts$|^src/db/(?!seed/|(entities|orm|migrate|recount|create-migration)\\.ts$)|^src/graphql/(?!(schema|emit-schema|context|front-door|access-guard|field-guards|idempotency|introspection)\\.ts$)',
  },
  { name: 'disclosure', path: '^src/modules/disclosure/' },
  { name: 'reference', path: '^src/modules/municipality/' },
  { name: 'kpi', path: '^src/modules/kpi/' },
  { name: 'domain', path: '^src/modules/(?!disclosure/|municipality/|kpi/|report/|node/|auth/admin-create\\.ts$)' },
  {
    name: 'top',
    path: '^src/(app|main|cluster)\\.ts$|^src/(jobs|bench|db/seed)/|^src/db/(entities|orm|migrate|recount|create-migration)\\.ts$|^src/graphql/(schema|emit-schema|context|front-door|access-guard|field-guards|idempotency|introspection)\\.ts$|^src/modules/(report|node)/|^src/modules/auth/admin-create\\.ts$',
  },
];

/** The two imports that cross a layer upwards on purpose, each to one file only. */
const EXCEPTIONS = [
  // `includeMerged` lists join a 2025 municipality's members with THE merger rule (SQL text only).
  { layer: 'base', from: '^src/graphql/connection\\.ts$', to: '^src/modules/municipality/roll-up\\.ts$' },
  // The sign-in page lists the demo logins when the demo data set is loaded.
  { layer: 'domain', from: '^src/modules/auth/auth\\.resolver\\.ts$', to: '^src/db/seed/demo\\.ts$' },
];

const TESTS = '\\.test\\.ts$';

const upward = LAYERS.flatMap((layer, i) =>
  LAYERS.slice(i + 1).flatMap((above) => [
    {
      name: `${layer.name}-not-to-${above.name}`,
      comment: `${layer.name} is below ${above.name}: it may not import it`,
      severity: 'error',
      from: { path: layer.path, pathNot: [TESTS, ...EXCEPTIONS.map((e) => e.from)] },
      to: { path: above.path, dependencyTypesNot: ['type-only'] },
    },
    ...EXCEPTIONS.filter((e) => e.layer === layer.name).map((e) => ({
      name: `${layer.name}-not-to-${above.name}`,
      comment: `${layer.name} is below ${above.name}: only the named exception crosses, to its one file`,
      severity: 'error',
      from: { path: e.from },
      to: { path: above.path, pathNot: e.to, dependencyTypesNot: ['type-only'] },
    })),
  ]),
);

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'No import circles in server/src', severity: 'error', from: { pathNot: TESTS }, to: { circular: true } },
    ...upward,
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: `${TESTS}|^src/test/` },
  },
};
