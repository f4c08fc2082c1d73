import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCodebook, Codebook } from '../definitions/codebook';
import { rawColumns, rawHeader } from '../exports/raw/raw-columns';
import { autoMapping, ImportMapping, mappingProblems, normalizeKey, parseMapping, unmappedColumns } from './mapping';

const ROOT = join(__dirname, '..', '..');
const codebookOf = (version: string): Codebook =>
  buildCodebook(JSON.parse(readFileSync(join(ROOT, 'survey-definitions', 'ki-mittelstand', `${version}.json`), 'utf8')));
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'imports', name), 'utf8'));

const codebook2023 = codebookOf('2023');
const header2023 = rawHeader(rawColumns([{ version: '2023', codebook: codebook2023 }]));

describe('parseMapping', () => {
  it('accepts the committed LimeSurvey and Qualtrics mappings, as JSON text and as parsed JSON', () => {
    for (const name of ['limesurvey-2023.mapping.json', 'qualtrics-2023.mapping.json']) {
      const parsed = fixture(name);
      expect(parseMapping(parsed)).toEqual({ mapping: parsed });
      expect(parseMapping(JSON.stringify(parsed))).toEqual({ mapping: parsed });
    }
  });

  it.each<[string, unknown, Array<{ path: string; message: RegExp }>]>([
    ['not JSON', '{"externalId": ', [{ path: '', message: /not valid JSON/ }]],
    ['a list', '[1, 2]', [{ path: '', message: /JSON object/ }]],
    ['null', null, [{ path: '', message: /JSON object/ }]],
    ['a number', 42, [{ path: '', message: /JSON object/ }]],
    [
      'no external id and no columns',
      {},
      [
        { path: 'externalId', message: /non-empty text/ },
        { path: 'columns', message: /Expected an object/ },
      ],
    ],
    [
      'an unknown field',
      { externalId: 'id', columns: { a: 'rolle' }, colums: {} },
      [{ path: 'colums', message: /Unknown field "colums"/ }],
    ],
    ['no columns at all', { externalId: 'id', columns: {} }, [{ path: 'columns', message: /at least one column/ }]],
    ['a target that is not text', { externalId: 'id', columns: { a: 3 } }, [{ path: 'columns.a', message: /non-empty text/ }]],
    [
      'skipRows with the header line and a fraction',
      { externalId: 'id', columns: { a: 'rolle' }, skipRows: [1, 2.5, 3] },
      [
        { path: 'skipRows.0', message: /from 2 on/ },
        { path: 'skipRows.1', message: /from 2 on/ },
      ],
    ],
    [
      'an unknown zone for completion times',
      { externalId: 'id', columns: { a: 'rolle' }, completedAtZone: 'CET' },
      [{ path: 'completedAtZone', message: /"UTC" or "Europe\/Berlin"/ }],
    ],
    ['skipRows not a list', { externalId: 'id', columns: { a: 'rolle' }, skipRows: '2,3' }, [{ path: 'skipRows', message: /list/ }]],
    [
      'status without completed values',
      { externalId: 'id', columns: { a: 'rolle' }, status: { column: 's', completed: [] } },
      [{ path: 'status.completed', message: /at least one/ }],
    ],
    [
      'status with an unknown field',
      { externalId: 'id', columns: { a: 'rolle' }, status: { column: 's', completed: ['1'], done: ['1'] } },
      [{ path: 'status.done', message: /Unknown field/ }],
    ],
    [
      'a value target that is an object',
      { externalId: 'id', columns: { a: 'rolle' }, values: { rolle: { x: { code: 1 } } } },
      [{ path: 'values.rolle.x', message: /Expected a code/ }],
    ],
    [
      'a value map that is a list',
      { externalId: 'id', columns: { a: 'rolle' }, values: { rolle: ['x'] } },
      [{ path: 'values.rolle', message: /Expected an object/ }],
    ],
    [
      'ignore with a number',
      { externalId: 'id', columns: { a: 'rolle' }, ignore: ['x', 3] },
      [{ path: 'ignore.1', message: /non-empty text/ }],
    ],
  ])('refuses %s with problems, without throwing', (_, input, expected) => {
    const result = parseMapping(input);
    expect(result).toEqual({ problems: expected.map(({ path, message }) => ({ path, message: expect.stringMatching(message) })) });
  });

  it('keeps keys named like Object.prototype members as plain keys', () => {
    const result = parseMapping(
      '{"externalId": "id", "columns": {"__proto__": "rolle", "toString": "zentrum"}, "values": {"rolle": {"constructor": "ki_trainer"}}}',
    );
    expect(result).toHaveProperty('mapping');
    const { mapping } = result as { mapping: ImportMapping };
    expect(Object.keys(mapping.columns)).toEqual(['__proto__', 'toString']);
    expect(Object.getPrototypeOf(mapping.columns)).toBe(Object.prototype);
    expect(mappingProblems(mapping, codebook2023, ['id', '__proto__', 'toString'])).toEqual([]);
  });
});

describe('mappingProblems', () => {
  const header = ['id', 'fertig', 'datum', 'zentrum', 'rolle', 'c1', 'c2', 'c3', 'c1', 'ip'];
  const base: ImportMapping = {
    externalId: 'id',
    status: { column: 'fertig', completed: ['ja'], partial: ['nein'] },
    columns: { zentrum: 'zentrum', rolle: 'rolle', c2: 'chancen.werbung' },
    ignore: ['ip'],
  };

  it('finds nothing wrong with a fitting mapping, nor with the committed fixtures against their headers', () => {
    expect(mappingProblems(base, codebook2023, header)).toEqual([]);
    const lime = fixture('limesurvey-2023.mapping.json') as ImportMapping;
    const limeHeader = ['id', 'submitdate', 'lastpage', 'startlanguage', 'seed', ...Object.keys(lime.columns), 'ipaddr'];
    expect(mappingProblems(lime, codebook2023, limeHeader)).toEqual([]);
  });

  it.each<[string, Partial<ImportMapping>, Array<{ path: string; message: RegExp }>]>([
    ['an unknown question', { columns: { c2: 'chance.werbung' } }, [{ path: 'columns.c2', message: /Unknown question "chance"/ }]],
    ['an unknown item', { columns: { c2: 'chancen.werbng' } }, [{ path: 'columns.c2', message: /Unknown row "werbng" of chancen/ }]],
    [
      'a matrix without its row',
      { columns: { c2: 'chancen' } },
      [{ path: 'columns.c2', message: /matrix: name its row as "chancen.<row>"/ }],
    ],
    ['a single question with a row', { columns: { c2: 'rolle.rolle' } }, [{ path: 'columns.c2', message: /rolle has no rows/ }]],
    [
      'a column not in the header',
      { columns: { c9: 'chancen.werbung' } },
      [{ path: 'columns.c9', message: /"c9" is not in the file's header/ }],
    ],
    ['a column twice in the header', { columns: { c1: 'chancen.werbung' } }, [{ path: 'columns.c1', message: /appears 2 times/ }]],
    [
      'a duplicate target',
      { columns: { c2: 'chancen.werbung', c3: 'chancen.werbung' } },
      [{ path: 'columns.c3', message: /chancen.werbung is already mapped from column "c2"/ }],
    ],
    [
      'the external id column not in the header',
      { externalId: 'ResponseId' },
      [{ path: 'externalId', message: /not in the file's header/ }],
    ],
    [
      'the external id column also mapped',
      { columns: { id: 'zentrum' } },
      [{ path: 'columns.id', message: /already used as the external id/ }],
    ],
    [
      'a status column not in the header',
      { status: { column: 'Finished', completed: ['1'], partial: [] } },
      [{ path: 'status.column', message: /not in/ }],
    ],
    [
      'a status value meaning both',
      { status: { column: 'fertig', completed: ['Ja'], partial: [' ja '] } },
      [{ path: 'status.partial.0', message: /both completed and partial/ }],
    ],
    ['a completion column not in the header', { completedAt: 'EndDate' }, [{ path: 'completedAt', message: /not in/ }]],
    [
      'a column mapped and ignored',
      { ignore: ['c2'] },
      [{ path: 'ignore.0', message: /ignored and used as the answer to chancen.werbung/ }],
    ],
    [
      'a value map to a level outside the scale',
      { values: { chancen: { 'trifft voll zu': 5 } } },
      [{ path: 'values.chancen.trifft voll zu', message: /5 is outside the scale of chancen \(1, 2, 3, 4, "na"\)/ }],
    ],
    [
      'a value map with a code in quotes for a scale',
      { values: { chancen: { hoch: '4' } } },
      [{ path: 'values.chancen.hoch', message: /outside the scale/ }],
    ],
    [
      'a value map to an unknown choice',
      { values: { rolle: { Trainer: 'trainer' } } },
      [{ path: 'values.rolle.Trainer', message: /not a choice of rolle/ }],
    ],
    [
      'a value map for an unknown question',
      { values: { rollen: { x: 'ki_trainer' } } },
      [{ path: 'values.rollen', message: /Unknown question "rollen"/ }],
    ],
    ['a value map for a text question', { values: { zentrum: { x: null } } }, [{ path: 'values.zentrum', message: /text question/ }]],
    [
      'a value map for all questions giving a level',
      { values: { '*': { hoch: 4 } } },
      [{ path: 'values.*.hoch', message: /may only give "na" or null/ }],
    ],
    [
      'keys differing only in case with different codes',
      { values: { rolle: { Trainer: 'ki_trainer', trainer: 'ki_experte' } } },
      [{ path: 'values.rolle.trainer', message: /differ only in case or spaces/ }],
    ],
  ])('reports %s', (_, change, expected) => {
    expect(mappingProblems({ ...base, ...change }, codebook2023, header)).toEqual(
      expected.map(({ path, message }) => ({ path, message: expect.stringMatching(message) })),
    );
  });

  it('lets "na" and null through wherever the question has "keine Angabe"', () => {
    const mapping = { ...base, values: { '*': { 'k.A.': null, 'w.n.': 'na' }, chancen: { 'keine Angabe': 'na', '': 'na' } } };
    expect(mappingProblems(mapping, codebook2023, header)).toEqual([]);
  });
});

describe('unmappedColumns', () => {
  it('lists every column neither mapped, ignored nor used, in header order, blank names by position', () => {
    const mapping: ImportMapping = {
      externalId: 'id',
      columns: { a: 'rolle' },
      ignore: ['ip'],
      status: { column: 's', completed: ['1'], partial: [] },
    };
    expect(unmappedColumns(mapping, ['id', 'x', 's', 'a', 'ip', '', ' y '])).toEqual(['x', '(column 6)', 'y']);
  });
});

describe('normalizeKey', () => {
  it.each([
    ['  Trifft   voll zu ', 'trifft voll zu'],
    ['TRIFFT\u00a0ZU', 'trifft zu'],
    ['Übungsphase', 'übungsphase'],
    ['k.A.', 'k.a.'],
  ])('%j → %j', (given, expected) => expect(normalizeKey(given)).toBe(expected));
});

describe('autoMapping', () => {
  it('maps the raw export of a 2023 wave without a mapping: response_id, status, completed_at, every item column', () => {
    const mapping = autoMapping(header2023, codebook2023);
    expect(mapping).not.toBeNull();
    const { columns, ...rest } = mapping as ImportMapping;
    expect(rest).toEqual({
      externalId: 'response_id',
      status: { column: 'status', completed: ['completed'], partial: ['partial'] },
      completedAt: 'completed_at',
      ignore: ['wave', 'source'],
    });
    expect(Object.keys(columns)).toEqual(header2023.slice(5));
    expect(columns).toMatchObject({
      zentrum: 'zentrum',
      rolle: 'rolle',
      chancen_prozesseffizienz: 'chancen.prozesseffizienz',
      make_buy_make_2jahre: 'make_buy.make_2jahre',
      transfer_sonstiges: 'transfer_sonstiges',
    });
    expect(mappingProblems(mapping as ImportMapping, codebook2023, header2023)).toEqual([]);
    expect(unmappedColumns(mapping as ImportMapping, header2023)).toEqual([]);
  });

  it.each(['2019', '2021'])('maps the raw export of a %s wave against its own codebook', (version) => {
    const codebook = codebookOf(version);
    const header = rawHeader(rawColumns([{ version, codebook }]));
    const mapping = autoMapping(header, codebook) as ImportMapping;
    expect(Object.keys(mapping.columns)).toEqual(header.slice(5));
    expect(mappingProblems(mapping, codebook, header)).toEqual([]);
  });

  it('ignores a source column (imported responses in a later export) and tolerates a column order of its own', () => {
    const header = ['status', 'response_id', 'wave', 'source', 'completed_at', 'rolle', 'chancen_werbung'];
    expect(autoMapping(header, codebook2023)).toEqual({
      externalId: 'response_id',
      status: { column: 'status', completed: ['completed'], partial: ['partial'] },
      completedAt: 'completed_at',
      columns: { rolle: 'rolle', chancen_werbung: 'chancen.werbung' },
      ignore: ['wave', 'source'],
    });
  });

  it.each<[string, string[]]>([
    ['a LimeSurvey header', ['id', 'submitdate', 'lastpage', 'zentrum', 'chancen[prozesseffizienz]']],
    ['a fixed column missing', header2023.filter((name) => name !== 'completed_at')],
    ['an unknown column', [...header2023, 'IPAddress']],
    ['a column twice', [...header2023, 'rolle']],
    ['only the fixed columns', ['response_id', 'wave', 'status', 'completed_at', 'source']],
    [
      'the survey-wide export with a column of another version',
      rawHeader(
        rawColumns([
          { version: '2023', codebook: codebook2023 },
          { version: '2019', codebook: codebookOf('2019') },
        ]),
      ),
    ],
  ])('gives null (a mapping is required) for %s', (_, header) => {
    expect(autoMapping(header, codebook2023)).toBeNull();
  });
});
