import { registerStrings } from '../../i18n';

/** The door form (features/door): on the event page and on the attendance page. */
const nl = {
  record: {
    title: 'Eén gezin registreren',
    household: 'Gezinsreferentie',
    status: 'Registreren als',
    hint: 'Typ (een deel van) de gezinsreferentie en kies het gezin uit de lijst, of typ ze volledig; tik dan op de status. Enter registreert als aanwezig. Opnieuw registreren past alleen de status aan.',
    single: 'Eén gezin past: {{reference}}. Tik op de status om het te registreren.',
    many: 'Meer dan één gezin past bij "{{reference}}". Typ meer van de gezinsreferentie of kies uit de lijst.',
    current: 'Dit gezin staat al geregistreerd als {{status}} ({{date}}). Opnieuw registreren past de status aan.',
    required: 'Vul de gezinsreferentie in.',
    notFound: 'Geen gezin met gezinsreferentie "{{reference}}" in het project van deze activiteit.',
    saved: '{{reference}} geregistreerd: {{status}}.',
    now: {
      ATTENDED_one: 'Nu {{formatted}} gezin aanwezig.',
      ATTENDED_other: 'Nu {{formatted}} gezinnen aanwezig.',
      NO_SHOW_one: 'Nu {{formatted}} gezin niet gekomen.',
      NO_SHOW_other: 'Nu {{formatted}} gezinnen niet gekomen.',
      REGISTERED_one: 'Nu {{formatted}} gezin ingeschreven.',
      REGISTERED_other: 'Nu {{formatted}} gezinnen ingeschreven.',
    },
    failed: 'Niet geregistreerd: de server is niet bereikbaar. Probeer het opnieuw.',
    saving: 'Wordt opgeslagen…',
    suggestions: 'Passende gezinnen',
    optionCurrent: 'nu {{status}}',
    found_one: '{{formatted}} gezin past. Pijl omlaag en Enter kiest het.',
    found_other: '{{formatted}} gezinnen passen. Kies met pijl omhoog of omlaag en Enter.',
    foundSome: 'De eerste {{shown}} van {{total}} passende gezinnen. Kies met pijl omhoog of omlaag en Enter, of typ meer.',
    confirm: {
      title: '{{reference}} registreren als {{status}}?',
      text: '{{reference}} staat geregistreerd als aanwezig. Een andere status kan betekenen dat het gezin niet meer meetelt als bereikt.',
      go: 'Toch registreren',
      back: 'Niet registreren',
    },
    errors: {
      EVENT_CANCELLED: 'De activiteit is geannuleerd: ze aanvaardt geen aanwezigheden.',
      PERIOD_CLOSED: 'De cijfers van dit project liggen vast (project afgesloten of periode definitief): er kunnen geen aanwezigheden meer bij.',
      PROJECT_MISMATCH: 'Dit gezin hoort bij een ander project dan de activiteit.',
      NOT_FOUND: 'Gezin of activiteit niet gevonden.',
      FORBIDDEN: 'U kunt alleen aanwezigheden registreren bij de projecten van uw gemeente.',
    },
  },
};

const en: typeof nl = {
  record: {
    title: 'Record one family',
    household: 'Family reference',
    status: 'Record as',
    hint: 'Type (part of) the family reference and pick the family from the list, or type all of it; then tap the status. Enter records as attended. Recording again only changes the status.',
    single: 'One family matches: {{reference}}. Tap the status to record it.',
    many: 'More than one family matches "{{reference}}". Type more of the family reference or pick from the list.',
    current: 'This family is already recorded as {{status}} ({{date}}). Recording again changes the status.',
    required: 'Fill in the family reference.',
    notFound: 'No family with family reference "{{reference}}" in this activity’s project.',
    saved: '{{reference}} recorded: {{status}}.',
    now: {
      ATTENDED_one: 'Now {{formatted}} family attended.',
      ATTENDED_other: 'Now {{formatted}} families attended.',
      NO_SHOW_one: 'Now {{formatted}} family did not come.',
      NO_SHOW_other: 'Now {{formatted}} families did not come.',
      REGISTERED_one: 'Now {{formatted}} family registered.',
      REGISTERED_other: 'Now {{formatted}} families registered.',
    },
    failed: 'Not recorded: the server cannot be reached. Try again.',
    saving: 'Saving…',
    suggestions: 'Matching families',
    optionCurrent: 'now {{status}}',
    found_one: '{{formatted}} family matches. Down arrow and Enter picks it.',
    found_other: '{{formatted}} families match. Pick with the up or down arrow and Enter.',
    foundSome: 'The first {{shown}} of {{total}} matching families. Pick with the up or down arrow and Enter, or type more.',
    confirm: {
      title: 'Record {{reference}} as {{status}}?',
      text: '{{reference}} is recorded as present. Another status can mean the family no longer counts as reached.',
      go: 'Record anyway',
      back: 'Do not record',
    },
    errors: {
      EVENT_CANCELLED: 'The activity was cancelled: it accepts no attendance.',
      PERIOD_CLOSED: 'This project’s figures are final (project closed or period final): no more attendance can be recorded.',
      PROJECT_MISMATCH: 'This family belongs to another project than the activity.',
      NOT_FOUND: 'Family or activity not found.',
      FORBIDDEN: 'You can only record attendance at your municipality’s projects.',
    },
  },
};

export const strings = { nl, en };
registerStrings('door', strings);
