import type { Context } from '../../graphql/context.js';

/**
 * THE DATA DICTIONARY of the file exports: every column of every report with its type, unit and
 * suppression rule. Served as GET /export/schema.json (export.route.ts), written out in
 * docs/REPORTS.md; export-dictionary.test.ts keeps both equal to the reports' own column lists.
 *
 * Types: `string`, `integer`, `decimal` (CSV: decimal comma; NDJSON: a JSON number), `boolean`
 * (CSV: ja/nee), `date` (ISO 8601 calendar date, 2025-03-07), `datetime` (ISO 8601 with the
 * Europe/Brussels offset of that moment, 2025-03-07T19:30:00+01:00), `uuid`, `object` (NDJSON: an
 * object; CSV: "column: reason, …").
 */
/** One row of an export, as the CSV, NDJSON and Parquet writers take it. */
export type ExportRow = Record<string, string | number | boolean | null | Record<string, string>>;

/**
 * An export's request: the Context of `createContext`, as a GraphQL request has it (viewer,
 * request id, loaders), whose `em` reads a replica when there is one; with the moment of the
 * export and its URL parameters.
 */
export interface ExportContext extends Context {
  now: Date;
  query: URLSearchParams;
}

export interface ExportReport {
  columns: readonly string[];
  /** Batches of rows, so a report of any size streams without loading whole tables. */
  rows(ctx: ExportContext): AsyncGenerator<ExportRow[]>;
}

export type ColumnType = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'uuid' | 'object';

export interface ColumnSpec {
  type: ColumnType;
  /** EUR, households, pupils, share (0 … 1), … — absent for names and codes. */
  unit?: string;
  /** May the column be empty (null)? A suppressible count is. */
  nullable: boolean;
  description: string;
  /** How disclosure control may withhold this column (the reason is then named in `suppressed`). */
  suppression?: string;
}

/** Primary + complementary suppression of a published table (suppression.ts, docs/REPORTS.md). */
const DISCLOSURE = 'Withheld (empty) for analysts when it is below the disclosure threshold (5) or would reveal one (complementary suppression); the reason is in `suppressed`';
const SUPPRESSED: ColumnSpec = {
  type: 'object',
  nullable: false,
  description: 'The columns withheld in this row, each with its reason (PRIMARY, SECONDARY, …); empty when nothing is withheld',
};

const c = (type: ColumnType, description: string, more: Partial<Omit<ColumnSpec, 'type' | 'description'>> = {}): ColumnSpec => ({ type, nullable: false, description, ...more });

export const EXPORT_DICTIONARY: Readonly<Record<string, Readonly<Record<string, ColumnSpec>>>> = {
  'program-report': {
    period: c('integer', 'Funding period number (1, 2, 3, …)'),
    label: c('string', 'Funding period label'),
    starts_on: c('date', 'First day of the funding period'),
    ends_on: c('date', 'Last day of the funding period'),
    budget_eur: c('decimal', 'Σ granted subsidy of the approved and closed projects', { unit: 'EUR' }),
    represented_local_governments: c('integer', 'Distinct lead and partner municipalities of those projects', { unit: 'municipalities' }),
    represented_local_governments_2025: c('integer', 'The same, pre-2025 municipalities counted as the 2025 municipality they merged into', { unit: 'municipalities' }),
    committed_households: c('integer', 'Σ target households of the approved and closed projects', { unit: 'households' }),
    realised_households: c('integer', 'Σ reached households; empty while the period’s final report is open', { unit: 'households', nullable: true, suppression: DISCLOSURE }),
    pending: c('boolean', 'The period’s final report is not yet done'),
    suppressed: SUPPRESSED,
  },
  'project-kpis': {
    project_id: c('uuid', 'The project’s id (as `id` in the API)'),
    title: c('string', 'Project title'),
    status: c('string', 'DRAFT, SUBMITTED, APPROVED, REJECTED, CLOSED, …'),
    period: c('integer', 'Funding period number'),
    lead_nis_code: c('string', 'NIS code of the lead municipality', { nullable: true }),
    lead_name: c('string', 'Name of the lead municipality', { nullable: true }),
    target: c('integer', 'Target households', { unit: 'households' }),
    reached: c('integer', 'Distinct reached households', { unit: 'households', nullable: true, suppression: DISCLOSURE }),
    progress: c('decimal', 'reached / target (may exceed 1), 4 decimals', { unit: 'share', nullable: true, suppression: 'Empty when `reached` is withheld' }),
    expected_by_now: c('decimal', 'target × elapsed fraction of the funding period, 2 decimals', { unit: 'households' }),
    on_track: c('boolean', 'reached ≥ expected_by_now', { nullable: true, suppression: 'Empty when `reached` is withheld' }),
    earned_subsidy_eur: c('decimal', 'min(reached, target) × the period’s rate per household', { unit: 'EUR', nullable: true, suppression: 'Empty when `reached` is withheld' }),
    subsidy_granted_eur: c('decimal', 'Granted subsidy', { unit: 'EUR', nullable: true }),
    parent_evening: c('integer', 'Households reached at a parent evening', { unit: 'households', nullable: true, suppression: DISCLOSURE }),
    school_visit: c('integer', 'Households reached at a school visit', { unit: 'households', nullable: true, suppression: DISCLOSURE }),
    with_indicator: c('integer', 'Reached households with at least one indicator', { unit: 'households', nullable: true, suppression: DISCLOSURE }),
    without_indicator: c('integer', 'Reached households with no indicator', { unit: 'households', nullable: true, suppression: DISCLOSURE }),
    indicator_unknown: c('integer', 'Reached households whose indicators are unknown (no consent)', { unit: 'households', nullable: true, suppression: DISCLOSURE }),
    with_special_needs: c('integer', 'Reached households with a child with special needs', { unit: 'households', nullable: true, suppression: DISCLOSURE }),
    suppressed: SUPPRESSED,
  },
  events: {
    event_id: c('uuid', 'The event’s id (as `id` in the API)'),
    project_id: c('uuid', 'The project’s id'),
    type: c('string', 'PARENT_EVENING or SCHOOL_VISIT'),
    starts_at: c('datetime', 'Start, Europe/Brussels local time with its offset (+01:00 in winter, +02:00 in summer)'),
    venue: c('string', 'Where it takes place'),
    organizer: c('string', 'Name of the organising organisation', { nullable: true }),
    cancelled: c('boolean', 'The event was cancelled'),
    attended: c('integer', 'Households that attended', { unit: 'households', nullable: true, suppression: DISCLOSURE }),
    registered: c('integer', 'Households registered but not (yet) marked attended', { unit: 'households', nullable: true, suppression: DISCLOSURE }),
    no_show: c('integer', 'Registered households that did not come', { unit: 'households', nullable: true, suppression: DISCLOSURE }),
    suppressed: SUPPRESSED,
  },
  'school-compositions': {
    institution_number: c('string', 'The school’s institution number'),
    school_name: c('string', 'School name'),
    municipality_nis_code: c('string', 'NIS code of the school’s municipality'),
    school_year: c('string', 'School year, e.g. 2023-2024'),
    pupils: c('integer', 'Pupils', { unit: 'pupils', nullable: true, suppression: DISCLOSURE }),
    indicator_pupils: c('integer', 'Pupils with at least one indicator', { unit: 'pupils', nullable: true, suppression: DISCLOSURE }),
    indicator_share: c('decimal', 's = indicator pupils / pupils, 4 decimals', { unit: 'share', nullable: true, suppression: 'Empty (SECONDARY) when a count behind it is withheld' }),
    area_share: c('decimal', 'a = the neighbourhood’s indicator share, 4 decimals', { unit: 'share', nullable: true, suppression: 'As indicator_share' }),
    gap: c('decimal', 'gap = s − a, 4 decimals', { unit: 'share', nullable: true, suppression: 'As indicator_share' }),
    mirrors: c('boolean', '|gap| ≤ tolerance (0.1)', { nullable: true, suppression: 'Empty when gap is' }),
    low_educated_mother: c('integer', 'Pupils whose mother is low educated', { unit: 'pupils', nullable: true, suppression: DISCLOSURE }),
    school_allowance: c('integer', 'Pupils with a school allowance', { unit: 'pupils', nullable: true, suppression: DISCLOSURE }),
    home_language_not_dutch: c('integer', 'Pupils whose home language is not Dutch', { unit: 'pupils', nullable: true, suppression: DISCLOSURE }),
    pupils_with_special_needs: c('integer', 'Pupils with special needs', { unit: 'pupils', nullable: true, suppression: DISCLOSURE }),
    suppressed: SUPPRESSED,
  },
  'social-mix': {
    nis_code: c('string', 'NIS code of the 2025 municipality'),
    name: c('string', 'Municipality name'),
    school_year: c('string', 'School year, e.g. 2023-2024'),
    schools: c('integer', 'Schools with a composition that year', { unit: 'schools' }),
    pupils: c('integer', 'Pupils in those schools', { unit: 'pupils', nullable: true, suppression: 'Empty with the indices (see `suppressed.indices`)' }),
    indicator_share: c('decimal', 'Share of indicator pupils', { unit: 'share', nullable: true, suppression: 'Empty with the indices' }),
    dissimilarity: c('decimal', 'Dissimilarity index D, 0 … 1', { unit: 'index', nullable: true, suppression: 'NO_SCHOOLS, BELOW_THRESHOLD or ONE_GROUP_EMPTY' }),
    isolation: c('decimal', 'Isolation index xPx', { unit: 'index', nullable: true, suppression: 'As dissimilarity' }),
    exposure: c('decimal', 'Exposure index xPy', { unit: 'index', nullable: true, suppression: 'As dissimilarity' }),
    mutual_information: c('decimal', 'Mutual information M (natural log)', { unit: 'nats', nullable: true, suppression: 'As dissimilarity' }),
    theil_h: c('decimal', 'Theil’s H = M / E, 0 … 1', { unit: 'index', nullable: true, suppression: 'As dissimilarity' }),
    suppressed: SUPPRESSED,
  },
  audit: {
    occurred_at: c('datetime', 'When the write happened, Europe/Brussels local time with its offset'),
    actor_kind: c('string', 'USER, API_KEY or SYSTEM'),
    actor_id: c('uuid', 'The user or API key (empty for SYSTEM)', { nullable: true }),
    actor_label: c('string', 'E-mail address, API key name, or the database role for SYSTEM'),
    request_id: c('string', 'X-Request-Id of the request that wrote it', { nullable: true }),
    operation: c('string', 'The GraphQL mutation (empty outside a request)', { nullable: true }),
    entity: c('string', 'What was written: PROJECT, EVENT, HOUSEHOLD, …'),
    entity_id: c('uuid', 'The id of the row written'),
    action: c('string', 'INSERT, UPDATE or DELETE'),
    municipality_id: c('uuid', 'The municipality the row belongs to', { nullable: true }),
    funding_period_id: c('uuid', 'The funding period the row belongs to', { nullable: true }),
    changes: c('string', 'The fields changed: "field: before → after; …", withheld values as (withheld)'),
  },
  settlement: {
    period: c('integer', 'Funding period number'),
    project_id: c('uuid', 'The project’s id (as `id` in the API)'),
    title: c('string', 'Project title'),
    status: c('string', 'APPROVED or CLOSED (funded projects only)'),
    lead_nis_code: c('string', 'NIS code of the lead municipality', { nullable: true }),
    lead_name: c('string', 'Name of the lead municipality', { nullable: true }),
    target: c('integer', 'Target households', { unit: 'households' }),
    reached: c('integer', 'Distinct reached households (live)', { unit: 'households', nullable: true, suppression: DISCLOSURE }),
    rate_eur: c('decimal', 'The period’s rate per household', { unit: 'EUR' }),
    advance_share_percent: c('integer', 'The period’s advance share', { unit: 'percent' }),
    granted_eur: c('decimal', 'Granted subsidy', { unit: 'EUR' }),
    advance_eur: c('decimal', 'Advance paid at approval: advance share × granted, rounded half up to the cent', { unit: 'EUR' }),
    earned_eur: c('decimal', 'min(reached, target) × rate, capped at granted', { unit: 'EUR', nullable: true, suppression: 'Empty when `reached` is withheld' }),
    to_pay_eur: c('decimal', 'earned − advance when positive, else 0', { unit: 'EUR', nullable: true, suppression: 'Empty when `reached` is withheld' }),
    to_recover_eur: c('decimal', 'advance − earned when positive, else 0', { unit: 'EUR', nullable: true, suppression: 'Empty when `reached` is withheld' }),
    suppressed: SUPPRESSED,
  },
};

/** Europe/Brussels wall-clock time of a moment, ISO 8601 with its offset: 2025-02-10T19:00:00+01:00. */
const BRUSSELS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

export function brusselsDateTime(moment: Date): string {
  const part = Object.fromEntries(BRUSSELS.formatToParts(moment).map((p) => [p.type, p.value]));
  // longOffset is "GMT+01:00" (or "GMT" at offset zero, which Brussels never has, but say it right).
  const offset = part.timeZoneName === 'GMT' ? '+00:00' : part.timeZoneName!.replace('GMT', '');
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}${offset}`;
}

/** The dictionary as the Markdown tables of docs/REPORTS.md (export-dictionary.test.ts keeps them equal). */
export function dictionaryMarkdown(columnsOf: (report: string) => readonly string[]): string {
  const cell = (text: string | undefined) => (text ?? '').replaceAll('|', '\\|');
  return Object.entries(EXPORT_DICTIONARY)
    .map(([report, spec]) =>
      [
        `#### \`${report}\``,
        '',
        '| column | type | unit | description | suppression |',
        '|---|---|---|---|---|',
        ...columnsOf(report).map((column) => {
          const s = spec[column]!;
          return `| \`${column}\` | ${s.type}${s.nullable ? ' (or empty)' : ''} | ${cell(s.unit)} | ${cell(s.description)} | ${cell(s.suppression)} |`;
        }),
      ].join('\n'),
    )
    .join('\n\n');
}
