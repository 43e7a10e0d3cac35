import type { DocumentNode } from 'graphql';

/**
 * Answers that depend only on a parsed document, the operation it runs and its variables (a
 * query's cost, its input-rule problems), remembered per document object: Apollo's document store
 * (and query-limits.ts's own cache) hand the same object to every repeat of a query, so a client
 * repeating an operation is checked once. Only while the variables are small (a large import is
 * checked every time), and at most `perDocument` variable sets per document, oldest out first.
 */
export class OperationMemo<T> {
  private readonly caches = new WeakMap<DocumentNode, Map<string, T>>();

  constructor(
    private readonly perDocument = 50,
    private readonly maxVariablesLength = 2_000,
  ) {}

  get(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown> | undefined, compute: () => T): T {
    const variablesKey = JSON.stringify(variables ?? {});
    if (variablesKey.length > this.maxVariablesLength) return compute();
    let cache = this.caches.get(document);
    if (!cache) this.caches.set(document, (cache = new Map<string, T>()));
    const key = `${operationName ?? ''}\u0000${variablesKey}`;
    if (cache.has(key)) return cache.get(key)!;
    const value = compute();
    if (cache.size >= this.perDocument) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
    return value;
  }
}
