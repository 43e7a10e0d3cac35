/** Dutch names and words of the synthetic seed data (schools, titles, reasons, languages). */

export const SCHOOL_NAMES = [
  'De Regenboog', 'De Klimop', 'Het Zonnetje', 'De Vlinder', 'Sint-Jozef', 'Sint-Maarten', 'De Springplank',
  'De Wegwijzer', "'t Kompas", 'De Boomhut', 'De Kleine Wereld', 'Het Kleurenpalet', 'De Toverfluit', 'De Horizon',
  'Sint-Lodewijk', 'De Sleutel', 'Het Molenhuis', 'De Octopus', 'De Parel', 'Ter Beke', 'De Wereldbrug', 'Klavertje Vier',
  'De Knipoog', 'Sint-Vincentius', 'Het Anker', 'De Brug', 'Mozaïek', 'De Linde', 'De Sterrenkijker', 'Het Spoor',
  'De Kastanje', 'Sint-Pieter', 'De Tuimelaar', 'Het Vogelnest', 'De Zeppelin', 'Het Groene Eiland', 'De Puzzel',
  'Sint-Anna', 'De Wilg', 'Het Open Poortje', 'De Ark', 'De Waaier', 'Sint-Victor', 'De Bron', 'De Boomgaard',
  'Het Speelbos', 'De Vuurtoren', 'Sint-Jan', 'De Duizendpoot', 'Het Klaverblad', 'De Tandem', 'De Ontdekking',
];

export const CANCELLATION_REASONS = [
  'Te weinig inschrijvingen',
  'Spreker ziek',
  'Zaal niet beschikbaar',
  'Staking in het onderwijs',
  'Verplaatst wegens samenvallen met een schoolfeest',
];

export const TITLE_TEMPLATES = [
  'Ouders kennen hun buurtschool',
  'Samen naar de buurtschool',
  'Schoolpoorten open',
  'Elke ouder welkom op school',
  'Kies mee voor je buurtschool',
];

export const OTHER_LANGUAGES = ['fr', 'ar', 'tr', 'en'] as const;

export const HOME_LANGUAGES: readonly (readonly [string, number])[] = [
  ['nl', 3], ['fr', 2], ['ar', 3], ['tr', 3], ['en', 2], ['ro', 1], ['pl', 1], ['so', 1], ['bg', 1],
];
