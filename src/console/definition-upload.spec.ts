import { germanProblem, lineAndColumn, parseDefinitionFile, shortHash } from './definition-upload';

describe('parseDefinitionFile', () => {
  it('reads a JSON object, with or without a byte order mark', () => {
    expect(parseDefinitionFile(Buffer.from('{"pages":[]}'))).toEqual({ ok: true, json: { pages: [] } });
    expect(parseDefinitionFile(Buffer.from('\uFEFF{"a":1}'))).toEqual({ ok: true, json: { a: 1 } });
  });

  it.each([
    [undefined, 'Bitte wählen Sie eine JSON-Datei aus.'],
    [Buffer.alloc(0), 'Die Datei ist leer.'],
    [Buffer.from(' \n\t'), 'Die Datei ist leer.'],
    [Buffer.from([0xff, 0xfe, 0x00]), 'Die Datei ist keine Textdatei in UTF-8. Bitte laden Sie die JSON-Datei des Fragebogens hoch.'],
    [Buffer.from('{\n  "a": 1\n  "b": 2}'), 'Die Datei ist kein gültiges JSON: Fehler in Zeile 3, Spalte 3.'],
    [Buffer.from('{"pages": ['), 'Die Datei ist kein gültiges JSON: Sie endet mittendrin (unvollständig).'],
    [Buffer.from('{\n  "pages": [\n    }\n'), 'Die Datei ist kein gültiges JSON.'],
    [Buffer.from('{"title": "a",}'), 'Die Datei ist kein gültiges JSON: Fehler in Zeile 1, Spalte 15.'],
  ])('refuses %j: %s', (content, message) => {
    expect(parseDefinitionFile(content)).toMatchObject({ ok: false, message });
  });

  it('refuses what cannot be stored, naming where', () => {
    expect(parseDefinitionFile(Buffer.from('{"pages":[{"__proto__":{}}]}'))).toEqual({
      ok: false,
      message: 'Die Datei enthält etwas, das nicht gespeichert werden kann.',
      problems: [{ path: 'pages.0', message: '"__proto__" is not allowed as a property name', lang: 'en' }],
    });
  });
});

describe('lineAndColumn', () => {
  it.each([
    ['abc', 0, 1, 1],
    ['abc', 2, 1, 3],
    ['a\nbc', 3, 2, 2],
    ['a\n\nb', 3, 3, 1],
  ])('%j at %d → line %d column %d', (text, position, line, column) => {
    expect(lineAndColumn(text, position)).toEqual({ line, column });
  });
});

describe('germanProblem', () => {
  it.each([
    ['pages[0].elements[1].title', 'The question needs a German title', 'Die Frage braucht einen deutschen Titel.'],
    [
      'pages[1].elements[0].name',
      'Duplicate question code "chancen" (also at pages[0].elements[0])',
      'Der Fragecode „chancen“ kommt doppelt vor (auch bei pages[0].elements[0]).',
    ],
    [
      'pages[0].elements[0].columns',
      'A scale needs exactly one "na" column ("keine Angabe"); found 0',
      'Eine Skala braucht genau eine Spalte „na“ („keine Angabe“); gefunden: 0.',
    ],
    [
      'pages[0].elements[0].rows[1].value',
      'Duplicate item code "beratung" (also at pages[0].elements[0].rows[0].value)',
      'Der Code „beratung“ der Aussage kommt doppelt vor (auch bei pages[0].elements[0].rows[0].value).',
    ],
    [
      'pages[0].elements[1].type',
      'Question type "checkbox" is not supported by the definition conventions (supported: matrix, radiogroup; panel and html for layout)',
      'Der Fragetyp „checkbox“ ist in den Konventionen nicht vorgesehen (möglich: matrix, radiogroup; panel und html für das Layout).',
    ],
    [
      'pages[0].elements[0].columns',
      'The levels must be the integers 1..k ascending (k ≥ 2), or 0, 1 for yes/no, plus one "na" column; found 1, 3',
      'Die Stufen müssen die ganzen Zahlen 1 bis k aufsteigend sein (k ≥ 2) oder 0, 1 für ja/nein, dazu eine Spalte „na“; gefunden: 1, 3.',
    ],
    ['pages[0].foo', 'Unknown SurveyJS property "foo"', 'Unbekannte SurveyJS-Eigenschaft „foo“.'],
    ['', 'A definition must be a JSON object (a SurveyJS survey)', 'Die Datei muss ein JSON-Objekt sein (ein SurveyJS-Fragebogen).'],
    ['surveyId', 'must match ^[a-z0-9][a-z0-9_-]{0,99}$', 'Kleinbuchstaben, Ziffern, - und _, am Anfang ein Buchstabe oder eine Ziffer.'],
  ])('%s: %s', (path, message, german) => {
    expect(germanProblem(path, message)).toEqual({ path, message: german, lang: 'de' });
  });

  it('keeps the service’s words, marked as English, when there is no German sentence', () => {
    expect(germanProblem('pages[0].elements[0].topBox', 'A yes/no matrix (columns 0, 1, "na") must set topBox to 1 ("ja")')).toEqual({
      path: 'pages[0].elements[0].topBox',
      message: 'A yes/no matrix (columns 0, 1, "na") must set topBox to 1 ("ja")',
      lang: 'en',
    });
  });
});

describe('shortHash', () => {
  it('shows the first 12 hex digits', () => {
    expect(shortHash('0123456789abcdef0123')).toBe('0123456789ab');
  });
});
