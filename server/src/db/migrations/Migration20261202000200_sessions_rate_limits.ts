import { Migration } from '@mikro-orm/migrations';

/**
 * Server-side logout and fair sign-in protection (issue 11).
 *
 * - `revoked_session`: the sessions ended by `logout`, by the id (`jti`) their token carries,
 *   kept until the token would have expired anyway and then purged. In PostgreSQL, so a token
 *   logged out on one instance is refused by every instance.
 * - `rate_limit_bucket` gets `blocked_until` (the progressive delay of failed logins) and
 *   `expires_at` (when the row can be purged; also the end of a request-budget window).
 *   The old per-account login counters are dropped: an account is no longer locked as a whole.
 */
export class Migration20261202000200_sessions_rate_limits extends Migration {
  override up(): void {
    this.addSql(`create table "revoked_session" (
      "id" uuid not null primary key,
      "user_id" uuid not null constraint "revoked_session_user_id_foreign" references "app_user" ("id") on update cascade on delete cascade,
      "expires_at" timestamptz not null
    );`);
    this.addSql(`create index "revoked_session_expires_at_index" on "revoked_session" ("expires_at");`);

    this.addSql(`delete from "rate_limit_bucket" where "key" like 'login:%';`);
    this.addSql(`alter table "rate_limit_bucket" add column "blocked_until" timestamptz null, add column "expires_at" timestamptz null;`);
    this.addSql(`update "rate_limit_bucket" set "expires_at" = "window_started_at" + interval '15 minutes';`);
    this.addSql(`alter table "rate_limit_bucket" alter column "expires_at" set not null;`);
    this.addSql(`create index "rate_limit_bucket_expires_at_index" on "rate_limit_bucket" ("expires_at");`);
  }

  /** Back to per-window buckets (the deleted login counters were transient and stay gone); ended sessions are forgotten. */
  override down(): void {
    this.addSql(`drop index "rate_limit_bucket_expires_at_index";`);
    this.addSql(`alter table "rate_limit_bucket" drop column "blocked_until", drop column "expires_at";`);
    this.addSql(`drop table "revoked_session";`);
  }
}
