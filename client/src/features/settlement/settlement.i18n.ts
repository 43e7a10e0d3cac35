import { registerStrings } from '../../i18n';

const nl = {
  section: {
    title: 'Afrekening',
    lead: 'Verdiend = min(bereikt, doel) × het bedrag per gezin, begrensd op de toegekende subsidie. Het saldo is verdiend min het voorschot.',
    notFunded: 'Er is pas een afrekening wanneer het project goedgekeurd is.',
    withheld: 'Het aantal bereikte gezinnen is afgeschermd (kleine aantallen); daarom zijn ook verdiend en saldo afgeschermd.',
    table: 'Afrekening van het project',
    balance: 'Saldo',
    balancePay: 'Uit te betalen: {{amount}}',
    balanceRecover: 'Terug te vorderen: {{amount}}',
    balanceNone: 'Geen saldo',
  },
  granted: 'Toegekend',
  advance: 'Voorschot ({{share}} %)',
  advanceColumn: 'Voorschot',
  earned: 'Verdiend',
  toPay: 'Uit te betalen',
  toRecover: 'Terug te vorderen',
  reached: 'Bereikt',
  target: 'Doel',
  project: 'Project',
  municipality: 'Gemeente',
  page: {
    title: 'Afrekening {{period}}',
    lead: 'Per goedgekeurd project: toegekend, voorschot bij goedkeuring ({{share}} %), verdiend volgens het aantal bereikte gezinnen en het saldo.',
    caption: 'Afrekening per project, {{period}}',
    totals: 'Totaal ({{count}} projecten)',
    empty: 'Nog geen goedgekeurde projecten in deze periode.',
    csv: 'CSV downloaden',
    csvFailed: 'De CSV kon niet geladen worden.',
    back: 'Projectperiodes',
    withheldNote: 'Een afgeschermd bedrag (—) volgt uit een afgeschermd aantal bereikte gezinnen; de totalen die het zouden verraden zijn dan ook afgeschermd.',
  },
};

const en: typeof nl = {
  section: {
    title: 'Settlement',
    lead: 'Earned = min(reached, target) × the rate per household, capped at the granted subsidy. The balance is earned minus the advance.',
    notFunded: 'A project is settled only once it is approved.',
    withheld: 'The reached count is withheld (small numbers); earned and balance are withheld with it.',
    table: 'Settlement of the project',
    balance: 'Balance',
    balancePay: 'To pay: {{amount}}',
    balanceRecover: 'To recover: {{amount}}',
    balanceNone: 'No balance',
  },
  granted: 'Granted',
  advance: 'Advance ({{share}}%)',
  advanceColumn: 'Advance',
  earned: 'Earned',
  toPay: 'To pay',
  toRecover: 'To recover',
  reached: 'Reached',
  target: 'Target',
  project: 'Project',
  municipality: 'Municipality',
  page: {
    title: 'Settlement {{period}}',
    lead: 'Per approved project: granted, advance at approval ({{share}}%), earned from the reached households, and the balance.',
    caption: 'Settlement per project, {{period}}',
    totals: 'Total ({{count}} projects)',
    empty: 'No approved projects in this period yet.',
    csv: 'Download CSV',
    csvFailed: 'The CSV could not be loaded.',
    back: 'Funding periods',
    withheldNote: 'A withheld amount (—) follows from a withheld reached count; the totals that would reveal it are withheld too.',
  },
};

export const strings = { nl, en };
registerStrings('settlement', strings);
