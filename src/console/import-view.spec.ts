import { ImportMapping } from '../imports/mapping';
import { CellError } from '../imports/row-answers';
import {
  committedMessage,
  errorRow,
  errorsCsv,
  fileSize,
  importState,
  mappingChoices,
  mappingNotes,
  mappingRows,
  parseMappingChoice,
  shortSha,
  undoneMessage,
  germanMappingProblem,
} from './import-view';

const LIME: ImportMapping = {
  externalId: 'id',
  status: { column: 'lastpage', completed: ['9'], partial: ['1'] },
  completedAt: 'submitdate',
  columns: { rolle: 'rolle', 'chancen[werbung]': 'chancen.werbung' },
  values: { '*': { 'k.A.': null }, rolle: { 'KI-Trainer': 'ki_trainer' } },
  ignore: ['ipaddr'],
  skipRows: [2, 3],
  sheet: 'Daten',
};

describe('mappingRows', () => {
  it.each<[string, ImportMapping, Array<[string, string]>]>([
    [
      'a foreign file with status, time and ignored columns',
      LIME,
      [
        ['id', 'Externe Kennung (jede Zeile einmal je Welle)'],
        ['lastpage', 'Status (abgeschlossen oder teilweise)'],
        ['submitdate', 'Zeitpunkt des Abschlusses'],
        ['rolle', 'Frage rolle'],
        ['chancen[werbung]', 'Frage chancen, Zeile werbung'],
        ['ipaddr', 'nicht importiert (bewusst ausgelassen)'],
      ],
    ],
    [
      'the bare minimum',
      { externalId: 'nr', columns: { q1: 'rolle' } },
      [
        ['nr', 'Externe Kennung (jede Zeile einmal je Welle)'],
        ['q1', 'Frage rolle'],
      ],
    ],
  ])('%s', (_case, mapping, expected) => {
    expect(mappingRows(mapping).map((row) => [row.column, row.target])).toEqual(expected);
  });
});

describe('mappingNotes', () => {
  it.each<[ImportMapping, string[]]>([
    [LIME, ['Tabellenblatt: Daten', 'Übersprungene Zeilen: 2, 3', 'Werte-Zuordnungen für: alle Fragen, rolle']],
    [{ externalId: 'id', columns: {} }, []],
    [{ externalId: 'id', columns: {}, skipRows: [] }, []],
  ])('%j → %j', (mapping, notes) => {
    expect(mappingNotes(mapping)).toEqual(notes);
  });
});

describe('errorRow', () => {
  it.each<[CellError, Record<string, string>]>([
    [
      { row: 1234, column: 'chancen_werbung', value: '7', code: 'VALUE_OUTSIDE_SCALE', message: '7 is outside the scale 1-5' },
      {
        row: '1.234',
        column: 'chancen_werbung',
        value: '7',
        german: 'Der Wert liegt außerhalb der Skala der Frage.',
        detail: '7 is outside the scale 1-5',
      },
    ],
    [
      { row: 3, column: null, value: null, code: 'EMPTY_ROW', message: 'empty row' },
      { row: '3', column: '(ganze Zeile)', value: '(leer)', german: 'Die Zeile ist leer.', detail: 'empty row' },
    ],
    [
      { row: 2, column: 'x', value: 'y', code: 'NOT_A_CODE' as CellError['code'], message: 'odd' },
      { row: '2', column: 'x', value: 'y', german: 'Die Zeile ist so nicht verwendbar.', detail: 'odd' },
    ],
  ])('%j', (error, expected) => {
    expect(errorRow(error)).toEqual(expected);
  });
});

describe('errorsCsv', () => {
  it('writes a header, one line per error, and neutralises formula-looking cells', () => {
    const csv = errorsCsv([
      { row: 5, column: 'kommentar', value: '=HYPERLINK("x")', code: 'FORMULA_TEXT', message: 'looks like a formula' },
      { row: 6, column: null, value: null, code: 'EMPTY_ROW', message: 'empty' },
    ]);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toEqual([
      'Zeile;Spalte;Wert;Fehler;Detail (englisch)',
      `5;kommentar;"'=HYPERLINK(""x"")";Der Text sieht wie eine Tabellenformel aus (beginnt mit =, +, - oder @).;looks like a formula`,
      '6;;;Die Zeile ist leer.;empty',
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
  });
});

describe('messages', () => {
  it.each([
    [{ importId: 'i', created: 1, unchanged: 0, replaced: 0 }, '1 Antwort importiert, 0 unverändert.'],
    [{ importId: 'i', created: 1234, unchanged: 2, replaced: 0 }, '1.234 Antworten importiert, 2 unverändert.'],
    [{ importId: 'i', created: 0, unchanged: 5, replaced: 3 }, '0 Antworten importiert, 5 unverändert, 3 ersetzt.'],
    [
      { importId: null, created: 0, unchanged: 1200, replaced: 0 },
      'Nichts Neues: alle 1.200 Antworten der Datei gibt es in dieser Welle schon. Es wurde kein Import angelegt.',
    ],
    [
      { importId: null, created: 0, unchanged: 1, replaced: 0 },
      'Nichts Neues: die Antwort der Datei gibt es in dieser Welle schon. Es wurde kein Import angelegt.',
    ],
  ])('committedMessage(%j) → %s', (result, message) => {
    expect(committedMessage(result)).toBe(message);
  });

  it.each([
    [1, 'Der Import ist rückgängig gemacht: 1 Antwort gelöscht.'],
    [2500, 'Der Import ist rückgängig gemacht: 2.500 Antworten gelöscht.'],
  ])('undoneMessage(%d) → %s', (removed, message) => {
    expect(undoneMessage(removed)).toBe(message);
  });
});

describe('fileSize, shortSha, importState', () => {
  it.each([
    [0, '0 Byte'],
    [1023, '1.023 Byte'],
    [1536, '1,5 KB'],
    [50 * 1024 * 1024, '50,0 MB'],
  ])('fileSize(%d) → %s', (bytes, text) => {
    expect(fileSize(bytes)).toBe(text);
  });

  it.each([
    ['a'.repeat(64), `${'a'.repeat(12)}…`],
    ['abc', 'abc'],
  ])('shortSha(%s) → %s', (sha, short) => {
    expect(shortSha(sha)).toBe(short);
  });

  it.each([
    [{ undoneAt: null, undoneBy: null }, 'übernommen'],
    [
      { undoneAt: '2025-07-27T21:59:00.000Z', undoneBy: 'Anna Admin (admin)' },
      'rückgängig gemacht am 27.07.2025, 23:59 Uhr von Anna Admin (admin)',
    ],
    [{ undoneAt: '2025-01-10T08:00:00.000Z', undoneBy: null }, 'rückgängig gemacht am 10.01.2025, 09:00 Uhr'],
  ])('importState(%j) → %s', (summary, text) => {
    expect(importState(summary)).toBe(text);
  });
});

describe('mappingChoices and parseMappingChoice', () => {
  const mapping = (column: string): ImportMapping => ({ externalId: 'id', columns: { [column]: 'rolle' } });
  it('lists this wave first, newest first, each mapping once', () => {
    const choices = mappingChoices('w2021', [
      {
        waveCode: 'w2019',
        waveTitle: 'Welle 2019',
        id: 'i1',
        fileName: 'alt.csv',
        createdAt: '2025-01-01T10:00:00Z',
        mapping: mapping('a'),
      },
      { waveCode: 'w2021', waveTitle: '2021', id: 'i2', fileName: 'neu.csv', createdAt: '2025-02-01T10:00:00Z', mapping: mapping('b') },
      { waveCode: 'w2021', waveTitle: '2021', id: 'i3', fileName: 'neuer.csv', createdAt: '2025-03-01T10:00:00Z', mapping: mapping('b') },
      {
        waveCode: 'w2019',
        waveTitle: 'Welle 2019',
        id: 'i4',
        fileName: 'gleich.csv',
        createdAt: '2025-04-01T10:00:00Z',
        mapping: mapping('b'),
      },
    ]);
    expect(choices).toEqual([
      { value: 'w2021/i3', label: 'neuer.csv (diese Welle, 01.03.2025)' },
      { value: 'w2019/i1', label: 'alt.csv (Welle 2019, 01.01.2025)' },
    ]);
  });

  it.each<[unknown, ReturnType<typeof parseMappingChoice>]>([
    ['w2021/0b7e6f5a-1c2d-4e3f-8a9b-0c1d2e3f4a5b', { waveCode: 'w2021', importId: '0b7e6f5a-1c2d-4e3f-8a9b-0c1d2e3f4a5b' }],
    ['', undefined],
    [undefined, undefined],
    ['w2021', undefined],
    ['../x/0b7e6f5a-1c2d-4e3f-8a9b-0c1d2e3f4a5b', undefined],
    [['a'], undefined],
  ])('parseMappingChoice(%j)', (value, parsed) => {
    expect(parseMappingChoice(value)).toEqual(parsed);
  });
});

describe('germanMappingProblem', () => {
  it.each([
    ['The mapping is not valid JSON', 'Die Zuordnung ist kein gültiges JSON.'],
    ['Unknown field "colums"', 'Ein Feld „colums“ kennt die Zuordnung nicht.'],
    [`Column "Q9" is not in the file's header`, 'Eine Spalte „Q9“ gibt es in der Datei nicht.'],
    ['Unknown question "gibtsnicht"', 'Eine Frage „gibtsnicht“ gibt es im Fragebogen dieser Welle nicht.'],
    ['Unknown row "x" of chancen (rows: werbung, logistik)', 'Die Frage chancen hat keine Zeile „x“.'],
    ['5 is outside the scale of chancen (1, 2, 3, 4, "na")', 'Dieser Code liegt außerhalb der Skala der Frage chancen.'],
    ['columns of the file: Nummer, Frage 1', 'Spalten der Datei: Nummer, Frage 1'],
    ['something new the service says', 'Dieser Teil der Zuordnung passt nicht zur Datei oder zum Fragebogen.'],
  ])('%s → %s', (message, german) => {
    expect(germanMappingProblem(message)).toBe(german);
  });
});
