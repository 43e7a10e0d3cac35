import { registerStrings } from '../../i18n';

const nl = {
  title: 'Aanmelden',
  intro: 'Volg op hoe gemeenten de sociale mix in scholen bevorderen: ouderavonden, schoolbezoeken en de gezinnen die ze bereiken.',
  email: 'E-mailadres',
  password: 'Wachtwoord',
  submit: 'Aanmelden',
  busy: 'Bezig…',
  INVALID_CREDENTIALS: 'Onbekend e-mailadres of verkeerd wachtwoord.',
  RATE_LIMITED: 'Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.',
  unreachable: 'De server is niet bereikbaar; probeer het opnieuw.',
  demoTitle: 'Demologins',
  demoIntro: 'De demodata zijn geladen. Kies een login om hem in te vullen (wachtwoord {{password}}).',
  demoUse: 'Vul {{email}} in ({{role}})',
  demoRole: 'Rol',
  demoEmail: 'E-mailadres',
  demoMunicipality: 'Gemeente',
};

const en: typeof nl = {
  title: 'Sign in',
  intro: 'Follow how municipalities promote the social mix in schools: parent evenings, school visits and the families they reach.',
  email: 'E-mail address',
  password: 'Password',
  submit: 'Sign in',
  busy: 'Working…',
  INVALID_CREDENTIALS: 'Unknown e-mail address or wrong password.',
  RATE_LIMITED: 'Too many failed attempts. Try again in a quarter of an hour.',
  unreachable: 'The server cannot be reached; try again.',
  demoTitle: 'Demo logins',
  demoIntro: 'The demo data set is loaded. Pick a login to fill it in (password {{password}}).',
  demoUse: 'Fill in {{email}} ({{role}})',
  demoRole: 'Role',
  demoEmail: 'E-mail address',
  demoMunicipality: 'Municipality',
};

export const strings = { nl, en };
registerStrings('login', strings);
