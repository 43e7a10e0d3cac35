import { registerStrings } from '../../i18n';

const nl = {
  title: 'Meldingen',
  lead: 'Herinneringen over eindrapportages van uw projecten. Ze worden ook per e-mail verstuurd.',
  unreadOnly: 'Alleen ongelezen',
  empty: 'Geen meldingen.',
  emptyUnread: 'Geen ongelezen meldingen.',
  unread: 'Nieuw',
  markRead: 'Gelezen',
  markAllRead: 'Alles op deze pagina gelezen',
  marked: '{{count}} melding(en) als gelezen gemarkeerd.',
  open: 'Naar de eindrapportage',
  received: 'Ontvangen op {{when}}',
  dueOn: 'Termijn: {{date}}',
  kinds: { DUE_IN_30: 'Over 30 dagen', DUE_IN_7: 'Over 7 dagen', DUE_IN_1: 'Morgen', OVERDUE: 'Te laat' },
  failed: 'Niet gelukt: {{message}}',
};

const en: typeof nl = {
  title: 'Notifications',
  lead: 'Reminders about the final reports of your projects. They are also sent by e-mail.',
  unreadOnly: 'Unread only',
  empty: 'No notifications.',
  emptyUnread: 'No unread notifications.',
  unread: 'New',
  markRead: 'Read',
  markAllRead: 'Mark this page read',
  marked: '{{count}} notification(s) marked read.',
  open: 'Go to the final report',
  received: 'Received on {{when}}',
  dueOn: 'Deadline: {{date}}',
  kinds: { DUE_IN_30: 'In 30 days', DUE_IN_7: 'In 7 days', DUE_IN_1: 'Tomorrow', OVERDUE: 'Overdue' },
  failed: 'That did not work: {{message}}',
};

export const strings = { nl, en };
registerStrings('notifications', strings);
