import { registerStrings } from '../../i18n';

const nl = {
  title: 'Dossier {{title}}',
  subtitle: 'Actie 20 · {{municipality}} · {{period}}',
  printedOn: 'Afgedrukt op {{date}}',
  print: 'Afdrukken / PDF',
  back: 'Terug naar het project',
  application: {
    title: 'Aanvraag',
    partners: 'Partners',
    schools: 'Scholen',
    none: 'Geen',
  },
  events: {
    title: 'Activiteiten',
    caption: 'Activiteiten van het project',
    when: 'Wanneer',
    type: 'Soort',
    venue: 'Locatie',
    organizer: 'Organisator',
    attended: 'Aanwezig',
    cancelled: 'Geannuleerd',
    empty: 'Nog geen activiteiten.',
    more: 'De eerste {{shown}} van {{total}} activiteiten.',
  },
  finalReport: {
    title: 'Eindrapportage',
    none: 'Er is nog geen eindrapport voor dit project.',
    status: 'Status',
    decision: 'Beslissing',
  },
  history: {
    title: 'Geschiedenis',
    more: 'De laatste {{shown}} van {{total}} wijzigingen.',
  },
};

const en: typeof nl = {
  title: 'Dossier {{title}}',
  subtitle: 'Action 20 · {{municipality}} · {{period}}',
  printedOn: 'Printed on {{date}}',
  print: 'Print / PDF',
  back: 'Back to the project',
  application: {
    title: 'Application',
    partners: 'Partners',
    schools: 'Schools',
    none: 'None',
  },
  events: {
    title: 'Events',
    caption: 'Events of the project',
    when: 'When',
    type: 'Type',
    venue: 'Venue',
    organizer: 'Organiser',
    attended: 'Attended',
    cancelled: 'Cancelled',
    empty: 'No events yet.',
    more: 'The first {{shown}} of {{total}} events.',
  },
  finalReport: {
    title: 'Final report',
    none: 'This project has no final report yet.',
    status: 'Status',
    decision: 'Decision',
  },
  history: {
    title: 'History',
    more: 'The latest {{shown}} of {{total}} changes.',
  },
};

export const strings = { nl, en };
registerStrings('dossier', strings);
