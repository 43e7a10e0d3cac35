import { Migration } from '@mikro-orm/migrations';

/**
 * Idempotency keys (graphql/idempotency.ts): one row per (caller, key) with the hash of the
 * request it was first used for and the first answer, kept 24 hours. The row is inserted at the
 * start of the mutation's own transaction and completed with the answer before that transaction
 * commits, so a committed row always carries its answer (status and body are null only inside
 * the owning, uncommitted transaction) and a concurrent request with the same key waits on the
 * primary key until the first commits. The key itself is not stored, only its SHA-256, and the
 * body is encrypted under a key derived from the Idempotency-Key: answers such as createApiKey's
 * secret or login's token cannot be read back from the database.
 */
export class Migration20261202000100_idempotency extends Migration {
  override up(): void {
    this.addSql(`create table "idempotency_key" (
      "caller" varchar(100) not null,
      "key_hash" bytea not null check (octet_length("key_hash") = 32),
      "operation" varchar(255) not null,
      "request_hash" bytea not null check (octet_length("request_hash") = 32),
      "created_at" timestamptz not null,
      "status" smallint null check ("status" between 100 and 599),
      "content_type" varchar(100) null,
      "body" bytea null,
      constraint "idempotency_key_pkey" primary key ("caller", "key_hash"),
      constraint "idempotency_key_answer_complete" check (("status" is null) = ("body" is null))
    );`);
    this.addSql(`create index "idempotency_key_created_at_index" on "idempotency_key" ("created_at");`);
  }

  /** Stored answers are forgotten: a retry after the rollback runs the mutation again. */
  override down(): void {
    this.addSql(`drop table "idempotency_key";`);
  }
}
