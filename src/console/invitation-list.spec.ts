import { countRows, decodeListFile, detectDelimiter, readInvitationList } from './invitation-list';

describe('decodeListFile', () => {
  it.each([
    ['UTF-8', Buffer.from('Jörg Müller;jm@example.org;Bäckerei Süß', 'utf8'), 'Jörg Müller;jm@example.org;Bäckerei Süß'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Ärger;a@example.org', 'utf8')]), 'Ärger;a@example.org'],
    ['Windows-1252', Buffer.from([0x4a, 0xf6, 0x72, 0x67, 0x3b, 0x80, 0x3b, 0xdf, 0x3b, 0x84, 0x93, 0x9f]), 'Jörg;€;ß;„“Ÿ'],
  ])('reads %s', (_, content, expected) => {
    expect(decodeListFile(content)).toBe(expected);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['Anna; a@example.org; Firma', ';'],
    ['Anna, a@example.org, Firma', ','],
    ['\n\n"Müller, Anna"; a@example.org', ';'],
    ['a@example.org', ','],
  ])('%j → %s', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

describe('readInvitationList', () => {
  const none = new Set<string>();

  it('reads name; e-mail; organisation and labels the row "Name, Organisation"', () => {
    const list = readInvitationList('Anna Beispiel; anna@example.org; Muster GmbH\nBernd; bernd@example.org;\n', none);
    expect(list.error).toBeNull();
    expect(list.header).toBe(false);
    expect(list.rows.map((row) => [row.line, row.label, row.email, row.state])).toEqual([
      [1, 'Anna Beispiel, Muster GmbH', 'anna@example.org', 'valid'],
      [2, 'Bernd', 'bernd@example.org', 'valid'],
    ]);
  });

  it('skips a header row and reads comma-separated lists with quoted names', () => {
    const list = readInvitationList('Name,E-Mail,Organisation\n"Müller, Anna",am@example.org,"A, B & C"\n', none);
    expect(list.header).toBe(true);
    expect(list.rows).toEqual([
      expect.objectContaining({ line: 2, name: 'Müller, Anna', organisation: 'A, B & C', label: 'Müller, Anna, A, B & C', state: 'valid' }),
    ]);
  });

  it('takes a line with only an address', () => {
    expect(readInvitationList('x@example.org', none).rows).toEqual([
      expect.objectContaining({ label: null, email: 'x@example.org', state: 'valid' }),
    ]);
  });

  it.each([
    ['Anna; keine-adresse; Firma', 'invalid', 'keine gültige E-Mail-Adresse'],
    ['Anna;;Firma', 'invalid', 'E-Mail-Adresse fehlt'],
    [';;', 'invalid', 'leer'],
    ['Anna; a@example.org; Firma; noch was', 'invalid', 'mehr als drei Spalten'],
    [`${'N'.repeat(150)}; a@example.org; ${'O'.repeat(60)}`, 'invalid', 'länger als 200 Zeichen'],
  ])('marks %j as %s', (line, state, problem) => {
    const [row] = readInvitationList(line, none).rows;
    expect(row.state).toBe(state);
    expect(row.problem).toContain(problem);
  });

  it('marks an address that is already in the list (any case) or already invited in the wave as a duplicate', () => {
    const list = readInvitationList('A; a@example.org\nB; b@example.org\nA2; A@Example.org\nC; c@example.org', new Set(['c@example.org']));
    expect(list.rows.map((row) => row.state)).toEqual(['valid', 'valid', 'duplicate', 'duplicate']);
    expect(list.rows[2].problem).toContain('Zeile 1');
    expect(list.rows[3].problem).toContain('schon eine Einladung');
    expect(countRows(list.rows)).toEqual({ valid: 2, invalid: 0, duplicate: 2 });
  });

  it('counts lines of the list, blank lines included', () => {
    expect(readInvitationList('\nA; a@example.org\n\nB; b@example.org', none).rows.map((row) => row.line)).toEqual([2, 4]);
  });

  it.each([
    ['', 'keine Zeile'],
    ['Name;E-Mail;Organisation\n', 'keine Zeile'],
    ['A;"a@example.org\n', 'Anführungszeichen'],
    [Array.from({ length: 1001 }, (_, i) => `P${i};p${i}@example.org`).join('\n'), 'höchstens 1000'],
  ])('refuses the whole list %#', (text, message) => {
    const list = readInvitationList(text, none);
    expect(list.rows).toEqual([]);
    expect(list.error).toContain(message);
  });
});
