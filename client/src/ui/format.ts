import { formatDate, formatEuro } from '@schoolmix/shared';

/** nl-BE formats everywhere (a Belgian product): € 51.000,00, 07/03/2025, 1.234. */
const integer = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('nl-BE', { style: 'percent', maximumFractionDigits: 0 });
const percent1 = new Intl.NumberFormat('nl-BE', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const index = new Intl.NumberFormat('nl-BE', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const dateTime = new Intl.DateTimeFormat('nl-BE', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Brussels' });

export const fmt = {
  euro: (euros: number | null | undefined) => (euros == null ? '—' : formatEuro(euros)),
  int: (n: number | null | undefined) => (n == null ? '—' : integer.format(n)),
  decimal: (n: number | null | undefined) => (n == null ? '—' : decimal.format(n)),
  percent: (share: number | null | undefined) => (share == null ? '—' : percent.format(share)),
  percent1: (share: number | null | undefined) => (share == null ? '—' : percent1.format(share)),
  index: (value: number | null | undefined) => (value == null ? '—' : index.format(value)),
  /** A LocalDate (YYYY-MM-DD) or an ISO date-time, as 07/03/2025. */
  date: (value: string | null | undefined) => (value ? formatDate(value.length === 10 ? `${value}T12:00:00Z` : value) : '—'),
  dateTime: (value: string | null | undefined) => (value ? dateTime.format(new Date(value)) : '—'),
};
