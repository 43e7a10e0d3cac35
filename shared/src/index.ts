export * from './constants/enums.js';
export * from './constants/errors.js';
export * from './constants/idempotency.js';
export * from './constants/limits.js';
export * from './constants/query-limits.js';
export * from './format/money.js';
export * from './format/date.js';
export * from './paging/cursor.js';
