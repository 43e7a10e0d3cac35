import { Migration } from '@mikro-orm/migrations';

/**
 * Rate-limit buckets live in PostgreSQL so any number of stateless server instances share them
 * (SPEC section 7): one row per key (e.g. "login:account:<email>"), a fixed window and a count.
 */
export class Migration20261128000200_access extends Migration {
  override up(): void {
    this.addSql(`create table "rate_limit_bucket" (
      "key" varchar(255) not null primary key,
      "window_started_at" timestamptz not null,
      "count" int not null check ("count" >= 0)
    );`);
    this.addSql(`alter table "api_key" add constraint "api_key_prefix_format" check ("prefix" ~ '^[a-z0-9]{8,16}$');`);
  }
}
