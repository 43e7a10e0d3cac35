import { registerStrings } from '../i18n';

/**
 * THE progress vocabulary (issue 18): every screen that shows a project, KPI, municipality or
 * event of a period says its state and its progress with these words, through app/progress.ts.
 * During a period: "op schema" / "achter op schema" against "verwacht tegen nu"; after it: "doel
 * gehaald" / "doel niet gehaald", never a forecast.
 */
const nl = {
  phase: {
    upcoming: 'nog niet begonnen',
    running: 'lopend',
    ended: 'afgelopen',
    final: 'afgesloten',
  },
  phaseLong: {
    upcoming: 'Deze projectperiode begint op {{startsOn}}.',
    running: 'Deze projectperiode loopt tot en met {{endsOn}}.',
    ended: 'Deze projectperiode is afgelopen op {{endsOn}}; de eindrapportage is nog niet afgesloten. De cijfers tonen het resultaat, geen verwachting meer.',
    final: 'Deze projectperiode is afgelopen op {{endsOn}} en afgesloten: de cijfers zijn definitief.',
  },
  verdict: {
    onTrack: 'op schema',
    behind: 'achter op schema',
    targetMet: 'doel gehaald',
    targetMissed: 'doel niet gehaald',
    notApplicable: 'n.v.t.',
  },
  /** The caption under a verdict: what it is measured against (never the verdict itself). */
  verdictCaption: {
    forecast: 'Tegenover verwacht tegen nu',
    result: 'Resultaat tegenover het doel',
  },
  expectedByNow: 'verwacht tegen nu',
  legend: {
    reached: 'bereikt',
    behind: 'bereikt, achter op schema',
    short: 'bereikt, doel niet gehaald',
    expected: 'verwacht tegen nu',
    target: 'doel',
  },
  consequence: {
    title: 'Wat verandert er?',
    loading: 'De gevolgen voor de cijfers worden berekend…',
    failed: 'De gevolgen konden niet berekend worden. U kunt toch doorgaan.',
    refused: 'Deze wijziging zou geweigerd worden: {{reason}}',
    none: 'Geen gezin houdt op mee te tellen; het bereik verandert niet.',
    lost_one: '{{count}} gezin telt niet meer mee als bereikt.',
    lost_other: '{{count}} gezinnen tellen niet meer mee als bereikt.',
    gained_one: '{{count}} gezin telt voortaan mee als bereikt.',
    gained_other: '{{count}} gezinnen tellen voortaan mee als bereikt.',
    project: '{{title}}: bereik {{before}} → {{after}} van {{target}} ({{progressBefore}} → {{progressAfter}}).',
    earned: 'Verdiende subsidie {{before}} → {{after}}.',
  },
  lateApproval: {
    title: 'Goedkeuren na het einde van de periode?',
    text: '{{period}} is afgelopen op {{endsOn}}. Een project dat nu wordt goedgekeurd, kan geen activiteiten meer houden die meetellen: alleen activiteiten binnen de periode tellen voor de KPI. Dat is ongebruikelijk; keur alleen goed als dat zo bedoeld is (bijvoorbeeld een laattijdige beslissing over een project dat al liep).',
    confirm: 'Toch goedkeuren',
    back: 'Niet goedkeuren',
  },
  rejectConfirm: {
    title: 'Project afwijzen?',
    text: 'Het gevraagde bedrag van {{requested}} wordt niet toegekend, en het project telt niet mee in de cijfers van het programma (budget, doel, bereik). De gemeente ziet uw nota.',
    confirm: 'Ja, afwijzen',
    back: 'Niet afwijzen',
  },
};

const en: typeof nl = {
  phase: {
    upcoming: 'not started',
    running: 'running',
    ended: 'ended',
    final: 'closed',
  },
  phaseLong: {
    upcoming: 'This funding period starts on {{startsOn}}.',
    running: 'This funding period runs until {{endsOn}} inclusive.',
    ended: 'This funding period ended on {{endsOn}}; its final report is not closed yet. The figures show the result, no longer an expectation.',
    final: 'This funding period ended on {{endsOn}} and is closed: the figures are final.',
  },
  verdict: {
    onTrack: 'on track',
    behind: 'behind schedule',
    targetMet: 'target met',
    targetMissed: 'target not met',
    notApplicable: 'n/a',
  },
  verdictCaption: {
    forecast: 'Against expected by now',
    result: 'Result against the target',
  },
  expectedByNow: 'expected by now',
  legend: {
    reached: 'reached',
    behind: 'reached, behind schedule',
    short: 'reached, target not met',
    expected: 'expected by now',
    target: 'target',
  },
  consequence: {
    title: 'What changes?',
    loading: 'Working out what this does to the figures…',
    failed: 'The consequences could not be worked out. You can still go ahead.',
    refused: 'This change would be refused: {{reason}}',
    none: 'No family stops counting; the reach does not change.',
    lost_one: '{{count}} family no longer counts as reached.',
    lost_other: '{{count}} families no longer count as reached.',
    gained_one: '{{count}} family will count as reached.',
    gained_other: '{{count}} families will count as reached.',
    project: '{{title}}: reach {{before}} → {{after}} of {{target}} ({{progressBefore}} → {{progressAfter}}).',
    earned: 'Earned subsidy {{before}} → {{after}}.',
  },
  lateApproval: {
    title: 'Approve after the end of the period?',
    text: '{{period}} ended on {{endsOn}}. A project approved now cannot hold activities that count any more: only activities inside the period count for the KPI. This is unusual; approve only if that is intended (for example a late decision on a project that was already running).',
    confirm: 'Approve anyway',
    back: 'Do not approve',
  },
  rejectConfirm: {
    title: 'Reject the project?',
    text: 'The requested {{requested}} is not granted, and the project does not count in the programme figures (budget, target, reach). The municipality sees your note.',
    confirm: 'Yes, reject',
    back: 'Do not reject',
  },
};

export const strings = { nl, en };
registerStrings('progress', strings);
