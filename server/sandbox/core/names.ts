/**
 * Name pools for seeded guests: realistic international names with the diacritics,
 * apostrophes and spellings that break naive code (Dvořák, Ó Briain, O'Neil, Åsa, Jiménez),
 * plus a few deliberately hostile or very long names for escaping and layout tests.
 */

/** One origin: names and the codes Mews stores for a guest from there. */
export interface NamePool {
  nationality: string;
  language: string;
  phonePrefix: string;
  female: readonly string[];
  male: readonly string[];
  last: readonly string[];
}

export const POOLS: readonly NamePool[] = [
  {
    nationality: 'CZ', language: 'cs-CZ', phonePrefix: '+420',
    female: ['Tereza', 'Eliška', 'Anna', 'Kateřina', 'Lucie', 'Zuzana', 'Markéta', 'Božena'],
    male: ['Jiří', 'Tomáš', 'Petr', 'Jan', 'Ondřej', 'Lukáš', 'Vojtěch', 'Přemysl'],
    last: ['Novák', 'Dvořák', 'Svoboda', 'Černý', 'Procházka', 'Kučera', 'Veselý', 'Horák', 'Němec', 'Růžička'],
  },
  {
    nationality: 'HU', language: 'hu-HU', phonePrefix: '+36',
    female: ['Zsófia', 'Réka', 'Katalin', 'Erzsébet', 'Ildikó', 'Anikó'],
    male: ['László', 'Gábor', 'Zoltán', 'István', 'Ferenc', 'Gyula'],
    last: ['Nagy', 'Kovács', 'Tóth', 'Szabó', 'Horváth', 'Varga', 'Kiss', 'Molnár', 'Németh', 'Farkas'],
  },
  {
    nationality: 'DE', language: 'de-DE', phonePrefix: '+49',
    female: ['Ursula', 'Käthe', 'Sabine', 'Brigitte', 'Lena', 'Hannelore'],
    male: ['Jürgen', 'Klaus', 'Günther', 'Stefan', 'Matthias', 'Jörg'],
    last: ['Müller', 'Schmidt', 'Schröder', 'Weiß', 'Groß', 'Bäcker', 'Köhler', 'Fischer', 'Hoffmann'],
  },
  {
    nationality: 'SE', language: 'sv-SE', phonePrefix: '+46',
    female: ['Åsa', 'Linnéa', 'Ingrid', 'Maja', 'Märta', 'Sofia'],
    male: ['Björn', 'Anders', 'Göran', 'Lars', 'Örjan', 'Nils'],
    last: ['Andersson', 'Johansson', 'Lindqvist', 'Ångström', 'Sjöberg', 'Öberg', 'Nyström', 'Berglund'],
  },
  {
    nationality: 'NO', language: 'nb-NO', phonePrefix: '+47',
    female: ['Ingeborg', 'Solveig', 'Kari', 'Ragnhild', 'Sigrid'],
    male: ['Øystein', 'Håkon', 'Bjørn', 'Sindre', 'Ørjan'],
    last: ['Hansen', 'Johansen', 'Bråten', 'Sørensen', 'Løvås', 'Haugen', 'Dæhlie', 'Aasen'],
  },
  {
    nationality: 'IS', language: 'is-IS', phonePrefix: '+354',
    female: ['Guðrún', 'Sigríður', 'Þórdís', 'Ásdís'],
    male: ['Þórður', 'Guðmundur', 'Ólafur', 'Sigurður'],
    last: ['Jónsdóttir', 'Guðmundsson', 'Þórsson', 'Ólafsdóttir', 'Sigurðsson'],
  },
  {
    nationality: 'IE', language: 'en-IE', phonePrefix: '+353',
    female: ['Siobhán', 'Aoife', 'Niamh', 'Saoirse', 'Róisín', 'Caoimhe'],
    male: ['Seán', 'Pádraig', 'Ciarán', 'Oisín', 'Darragh', 'Eoin'],
    last: ['Ó Briain', "O'Neil", "O'Sullivan", 'Mac Cárthaigh', 'Ní Bhriain', 'Murphy', "D'Arcy", 'Ó Súilleabháin'],
  },
  {
    nationality: 'ES', language: 'es-ES', phonePrefix: '+34',
    female: ['María José', 'Lucía', 'Inés', 'Begoña', 'Núria', 'Ainhoa'],
    male: ['José Ángel', 'Íñigo', 'Jesús', 'Andrés', 'Joaquín', 'Álvaro'],
    last: ['García', 'Jiménez', 'Muñoz', 'Pérez', 'Fernández López', 'Ibáñez', 'Núñez', 'de la Peña'],
  },
  {
    nationality: 'JP', language: 'ja-JP', phonePrefix: '+81',
    female: ['Yūko', 'Haruka', 'Sakura', 'Aiko', 'Mayumi'],
    male: ['Tarō', 'Kenji', 'Shōta', 'Ryūnosuke', 'Hiroshi'],
    last: ['Satō', 'Suzuki', 'Takahashi', 'Itō', 'Watanabe', 'Kōno', 'Ōta'],
  },
  {
    nationality: 'PL', language: 'pl-PL', phonePrefix: '+48',
    female: ['Małgorzata', 'Agnieszka', 'Żaneta', 'Jadwiga'],
    male: ['Łukasz', 'Paweł', 'Krzysztof', 'Wojciech'],
    last: ['Wiśniewski', 'Łukasiewicz', 'Wójcik', 'Kowalczyk', 'Szczęsny', 'Żółkiewski'],
  },
  {
    nationality: 'FR', language: 'fr-FR', phonePrefix: '+33',
    female: ['Zoé', 'Hélène', 'Anaïs', 'Chloé', 'Béatrice'],
    male: ['François', 'Jérôme', 'Loïc', 'Gaëtan', 'Stéphane'],
    last: ['Lefèvre', 'Côté', 'Dubois', 'Bézier', 'Girard-Lemaître', "L'Hôpital"],
  },
  {
    nationality: 'GB', language: 'en-GB', phonePrefix: '+44',
    female: ['Olivia', 'Charlotte', 'Emily', 'Harriet'],
    male: ['Oliver', 'George', 'Harry', 'Alistair'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Smith-Wellington', 'Featherstonehaugh'],
  },
];

/**
 * Guests the seed always creates at fixed positions, for escaping, wrapping and "notable
 * guest" tests. `html` marks the ones whose names are markup and must never be parsed.
 */
export const SPECIAL_GUESTS: readonly { first: string | null; last: string; html?: boolean }[] = [
  { first: '<img src=x onerror=alert(1)>', last: 'Injection', html: true },
  { first: 'Script', last: '<script>alert(1)</script>', html: true },
  { first: 'Bobby', last: '"); DROP TABLE Customers;-- & <b>bold</b>', html: true },
  {
    first: 'Maximiliana Wilhelmina Theodora Alexandrina',
    last: 'von Hohenzollern-Sigmaringen-Wolfegg-Waldsee und Müller-Lüdenscheidt',
  },
  { first: 'Hubert Blaine', last: 'Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessenschafewarenwohlgepflegeundsorgfaltigkeitbeschutzenvonangreifendurchihrraubgierigfeinde' },
  { first: null, last: 'Prince' },
  { first: 'Zoë', last: "D'Aubigné-O'Connor" },
];

/** Lower-case ASCII fold of a name for email local parts (Dvořák → dvorak). */
export function asciiFold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæøåðþłđ]/gi, (ch) => ({ ß: 'ss', æ: 'ae', ø: 'o', å: 'a', ð: 'd', þ: 'th', ł: 'l', đ: 'd' })[ch.toLowerCase()] ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** Email domains for seeded guests (reserved example domains only: the demo must hold no real data). */
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.cz', 'posta.example.hu'];
