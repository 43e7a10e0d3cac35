import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { OperationMemo } from './operation-memo.js';

describe('OperationMemo (a query checked once per document, operation and variables)', () => {
  const document = parse('query A($n: Int) { a(n: $n) } query B { b }');

  it('computes once per operation and variables, and again for other ones', () => {
    const memo = new OperationMemo<number>();
    let runs = 0;
    const get = (op: string, vars?: Record<string, unknown>) => memo.get(document, op, vars, () => ++runs);
    expect(get('A', { n: 1 })).toBe(1);
    expect(get('A', { n: 1 })).toBe(1);
    expect(get('A', { n: 2 })).toBe(2);
    expect(get('B')).toBe(3);
    expect(memo.get(parse('query A($n: Int) { a(n: $n) }'), 'A', { n: 1 }, () => ++runs)).toBe(4); // another document object
    expect(runs).toBe(4);
  });

  it('does not keep large variables, and keeps at most perDocument sets per document', () => {
    const memo = new OperationMemo<number>(2, 20);
    let runs = 0;
    const big = { rows: 'x'.repeat(50) };
    memo.get(document, 'A', big, () => ++runs);
    memo.get(document, 'A', big, () => ++runs);
    expect(runs).toBe(2);
    for (const n of [1, 2, 3]) memo.get(document, 'A', { n }, () => ++runs);
    expect(runs).toBe(5);
    memo.get(document, 'A', { n: 3 }, () => ++runs); // still held
    memo.get(document, 'A', { n: 1 }, () => ++runs); // the oldest, gone
    expect(runs).toBe(6);
  });
});
