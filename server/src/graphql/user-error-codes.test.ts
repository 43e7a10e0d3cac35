import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ERROR_CODES, USER_ERROR_CODES } from '@schoolmix/shared';
import { isEnumType, printSchema } from 'graphql';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { getSchema } from './schema.js';

/**
 * Every code the server can put in `userErrors[].code` is a value of the GraphQL enum
 * `UserErrorCode`, and every top-level `extensions.code` is one of ERROR_CODES; README "Errors"
 * lists them all. The scan reads the server's sources (tests excepted) with the TypeScript parser,
 * so a code typed as a plain string (a cast, a helper taking `string`) is found too.
 */
const SRC = join(import.meta.dirname, '..');
const README = join(SRC, '..', '..', 'README.md');
const CODE = /^[A-Z][A-Z0-9_]+$/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' || entry.name === 'bench' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

type Found = Map<string, string[]>;
function note(found: Found, code: string, where: string): void {
  found.set(code, [...(found.get(code) ?? []), where]);
}

/** String literals (through `a ? 'X' : 'Y'`) of an expression. */
function literals(node: ts.Node): string[] {
  if (ts.isStringLiteralLike(node)) return [node.text];
  if (ts.isConditionalExpression(node)) return [...literals(node.whenTrue), ...literals(node.whenFalse)];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return literals(node.expression);
  return [];
}

/** A parameter or declaration typed as a user-error code. */
const USER_CODE_TYPE = /UserErrorCode|UserError\['code'\]/;

export function scan(files: readonly { path: string; text: string }[]): { userCodes: Found; topLevelCodes: Found } {
  const userCodes: Found = new Map();
  const topLevelCodes: Found = new Map();
  const parsed = files.map((f) => ({ path: f.path, source: ts.createSourceFile(f.path, f.text, ts.ScriptTarget.Latest, true) }));

  // 1. Functions whose parameter is a user-error code (userError, Problems.add, refuse, …):
  //    name → parameter index. Helpers with a `code: string` parameter that answer HTTP errors
  //    (`refuse(res, status, code, …)`) give top-level codes.
  //    A call finds the function declared in its own file first (several files have a local
  //    `refuse`), else the one of that name declared anywhere (userError, Problems.add).
  const userParams = new Map<string, number>();
  const httpParams = new Map<string, number>();
  const declared = new Set<string>();
  for (const { path, source } of parsed) {
    const visit = (node: ts.Node): void => {
      const fn = ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) ? node : ts.isVariableDeclaration(node) && node.initializer && ts.isArrowFunction(node.initializer) ? node.initializer : null;
      const name = fn && (ts.isVariableDeclaration(node) ? node.name.getText(source) : (node as ts.FunctionDeclaration).name?.getText(source));
      if (fn && name) {
        // Methods are called as `x.name(…)`; functions by name, their own file's first.
        const keys = ts.isMethodDeclaration(node) ? [`.${name}`] : [`${path}#${name}`, name];
        declared.add(keys[0]!);
        fn.parameters.forEach((param, index) => {
          const type = param.type?.getText(source) ?? '';
          if (USER_CODE_TYPE.test(type)) for (const key of keys) userParams.set(key, index);
          else if (param.name.getText(source) === 'code' && fn.parameters[0]?.name.getText(source) === 'res') for (const key of keys) httpParams.set(key, index);
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }

  for (const { path, source } of parsed) {
    const where = (node: ts.Node) => `${relative(SRC, path)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
    const visit = (node: ts.Node): void => {
      // 2. Calls of those functions: the code argument.
      if (ts.isCallExpression(node)) {
        const expression = node.expression;
        const method = ts.isPropertyAccessExpression(expression);
        const callee = method ? `.${expression.name.text}` : expression.getText(source);
        const key = method ? callee : declared.has(`${path}#${callee}`) ? `${path}#${callee}` : callee;
        const userIndex = userParams.get(key);
        const httpIndex = httpParams.get(key);
        if (userIndex !== undefined && node.arguments[userIndex]) for (const code of literals(node.arguments[userIndex])) note(userCodes, code, where(node));
        if (httpIndex !== undefined && node.arguments[httpIndex]) for (const code of literals(node.arguments[httpIndex])) note(topLevelCodes, code, where(node));
      }
      // 3. Declarations typed with a user-error code (the constraint map, tuples of helpers):
      //    every code-like literal of their initializer or body.
      if ((ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node)) && node.type && USER_CODE_TYPE.test(node.type.getText(source))) {
        const body = ts.isVariableDeclaration(node) ? node.initializer : node.body;
        const inner = (n: ts.Node): void => {
          if (ts.isStringLiteralLike(n) && CODE.test(n.text)) note(userCodes, n.text, where(n));
          ts.forEachChild(n, inner);
        };
        if (body) inner(body);
      }
      // 4. `code: '…'` in an object literal: top-level inside `extensions`, a user error elsewhere
      //    when the object also has `field` (the UserError shape).
      if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'code') {
        const object = node.parent;
        const inExtensions = ts.isPropertyAssignment(object.parent) && object.parent.name.getText(source) === 'extensions';
        const isUserError = ts.isObjectLiteralExpression(object) && object.properties.some((p) => p.name?.getText(source) === 'field');
        for (const code of literals(node.initializer)) {
          if (inExtensions) note(topLevelCodes, code, where(node));
          else if (isUserError && CODE.test(code)) note(userCodes, code, where(node));
        }
      }
      // 5. ERROR_CODES.X anywhere.
      if (ts.isPropertyAccessExpression(node) && node.expression.getText(source) === 'ERROR_CODES') note(topLevelCodes, node.name.text, where(node));
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { userCodes, topLevelCodes };
}

function missing(found: Found, known: ReadonlySet<string>): string[] {
  return [...found].filter(([code]) => !known.has(code)).map(([code, places]) => `${code} (${places.join(', ')})`);
}

describe('error codes', () => {
  const files = sources(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  const { userCodes, topLevelCodes } = scan(files);

  it('the schema enum UserErrorCode is exactly the shared list, and UserError.code uses it', async () => {
    const schema = await getSchema();
    const type = schema.getType('UserErrorCode');
    expect(type && isEnumType(type)).toBe(true);
    if (!type || !isEnumType(type)) return;
    expect(type.getValues().map((v) => v.name).sort()).toEqual([...USER_ERROR_CODES].sort());
    expect(type.getValues().every((v) => (v.description ?? '').length > 10)).toBe(true);
    expect(printSchema(schema)).toMatch(/type UserError \{[^}]*code: UserErrorCode!/);
  });

  it('every user-error code the server uses is in the enum', () => {
    // The scan must find the codes we know are used, or it finds nothing at all.
    for (const code of ['REQUIRED', 'DUPLICATE', 'PERIOD_CLOSED', 'STALE_VERSION', 'INVALID_CREDENTIALS', 'OUTSIDE_APPLICATION_WINDOW', 'EXCEEDS_MAX_SUBSIDY']) expect(userCodes.has(code), code).toBe(true);
    expect(missing(userCodes, new Set(USER_ERROR_CODES))).toEqual([]);
  });

  it('every top-level extensions.code the server uses is in ERROR_CODES', () => {
    for (const code of ['UNAUTHENTICATED', 'RATE_LIMITED', 'QUERY_LIMIT_EXCEEDED', 'SERVICE_UNAVAILABLE', 'BAD_REQUEST']) expect(topLevelCodes.has(code), code).toBe(true);
    expect(missing(topLevelCodes, new Set(Object.values(ERROR_CODES)))).toEqual([]);
  });

  it('the scan fails on a code that is not in the enum', () => {
    const planted = scan([
      {
        path: join(SRC, 'planted.ts'),
        text: [
          "function refuse(field: string, code: UserErrorCode) { return { field, code }; }",
          "p.add('name', 'Taken', 'NAME_TAKEN');",
          "refuse('email', flag ? 'REQUIRED' : 'NOT_AN_EMAIL' as UserErrorCode);",
          "const u = { field: ['input'], message: 'x', code: 'MADE_UP' as string };",
          "throw new GraphQLError('no', { extensions: { code: 'TEAPOT' } });",
        ].join('\n'),
      },
      ...files.filter((f) => f.path.endsWith('user-errors.ts')),
    ]);
    expect(missing(planted.userCodes, new Set(USER_ERROR_CODES)).map((m) => m.split(' ')[0]).sort()).toEqual(['MADE_UP', 'NAME_TAKEN', 'NOT_AN_EMAIL']);
    expect(missing(planted.topLevelCodes, new Set(Object.values(ERROR_CODES))).map((m) => m.split(' ')[0])).toEqual(['TEAPOT']);
  });

  it('README "Errors" lists every user-error code and every top-level code', () => {
    const readme = readFileSync(README, 'utf8');
    const section = readme.slice(readme.indexOf('\n## Errors'), readme.indexOf('\n## ', readme.indexOf('\n## Errors') + 1));
    expect(section.length).toBeGreaterThan(100);
    const listed = new Set([...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
    expect([...USER_ERROR_CODES, ...Object.values(ERROR_CODES)].filter((code) => !listed.has(code))).toEqual([]);
  });
});
