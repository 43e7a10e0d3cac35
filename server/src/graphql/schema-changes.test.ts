import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * scripts/check-schema.mjs (run by `pnpm check`): the contract against the released schema, a
 * breaking change only with its name in CHANGELOG.md's "Unreleased", deprecations with a date.
 * Run as the real CLI on temporary files.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'check-schema.mjs');
const released = readFileSync(join(ROOT, 'docs', 'schema', 'released.graphql'), 'utf8');
const current = readFileSync(join(ROOT, 'server', 'schema.graphql'), 'utf8');
const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'check-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function check(files: { released?: string; current?: string; changelog?: string }): Promise<{ code: number; output: string }> {
  n += 1;
  const paths = { released: join(dir, `released-${n}.graphql`), current: join(dir, `current-${n}.graphql`), changelog: join(dir, `CHANGELOG-${n}.md`) };
  writeFileSync(paths.released, files.released ?? released);
  writeFileSync(paths.current, files.current ?? current);
  writeFileSync(paths.changelog, files.changelog ?? changelog);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, '--released', paths.released, '--current', paths.current, '--changelog', paths.changelog], { cwd: ROOT });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const FIELD = '\n  municipality(id: ID!): Municipality\n';

/** The current schema without Query.municipality. */
function withoutMunicipality(schema: string): string {
  expect(schema.split(FIELD)).toHaveLength(2);
  return schema.replace(FIELD, '\n');
}

/** A changelog whose Unreleased section also says `line`. */
function unreleasedSays(line: string): string {
  return changelog.replace('## [Unreleased]\n', `## [Unreleased]\n\n${line}\n`);
}

describe('check-schema', () => {
  it('passes on the repository as committed (its breaking changes are named)', async () => {
    const { code, output } = await check({});
    // `UserError.code`, and the program rename: `ProgrammeSummary` and `Query.programmeSummary`.
    expect(output).toMatch(/3 breaking \(each named in CHANGELOG\.md\)/);
    expect(code).toBe(0);
  });

  it('fails when the program rename is not named', async () => {
    const { code, output } = await check({ changelog: changelog.replace('`Query.programmeSummary` is now', 'the summary is now') });
    expect(code).toBe(1);
    expect(output).toContain("Field 'programmeSummary' was removed from object type 'Query'");
    expect(output).toContain('1 problem');
  });

  it('fails on a breaking change the changelog does not name, and says which', async () => {
    const { code, output } = await check({ current: withoutMunicipality(current) });
    expect(code).toBe(1);
    expect(output).toContain("Field 'municipality' was removed from object type 'Query'");
    expect(output).toContain('`Query.municipality`');
    expect(output).toContain('1 problem');
  });

  it('fails when the UserError.code change is not named either', async () => {
    const { code, output } = await check({ changelog: changelog.replace('`UserError.code`', 'the user error code') });
    expect(code).toBe(1);
    expect(output).toContain("'UserError.code' changed type from 'String!' to 'UserErrorCode!'");
  });

  it('passes once Unreleased names it; a name under a released version does not count', async () => {
    const removed = withoutMunicipality(current);
    expect((await check({ current: removed, changelog: unreleasedSays('- **Breaking:** `Query.municipality` is gone; use `municipalityByNisCode`.') })).code).toBe(0);
    // Naming only the type does not cover the removal of one of its fields.
    expect((await check({ current: removed, changelog: unreleasedSays('- Changes to `Query`.') })).code).toBe(1);
    const underOld = changelog.replace('## [0.9.0] - 2026-12-03\n', '## [0.9.0] - 2026-12-03\n\n- `Query.municipality` removed.\n');
    expect((await check({ current: removed, changelog: underOld })).code).toBe(1);
  });

  it('an additive change needs no entry', async () => {
    const { code } = await check({ released: current, current: current.replace('type Query {\n', 'type Query {\n  """New"""\n  brandNew: Int\n\n'), changelog: '# Changelog\n\n## [Unreleased]\n' });
    expect(code).toBe(0);
  });

  it('a deprecation needs a date', async () => {
    const deprecate = (reason: string) => current.replace(FIELD, `\n  municipality(id: ID!): Municipality @deprecated(reason: "${reason}")\n`);
    expect(deprecate('x')).toContain('@deprecated(reason: "x")');
    const undated = await check({ current: deprecate('Use municipalities') });
    expect(undated.code).toBe(1);
    expect(undated.output).toContain('`Query.municipality` is deprecated without a date');
    expect((await check({ current: deprecate('Use municipalities; since 2026-12-03, removed in 0.11') })).code).toBe(0);
  });
});
