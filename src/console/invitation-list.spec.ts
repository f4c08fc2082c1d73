import { countRows, decodeListFile, detectDelimiter, headerColumns, readInvitationList } from './invitation-list';

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

  it('reads name; e-mail; organisation; salutation into the contact fields (no label: names are contact data)', () => {
    const list = readInvitationList(
      'Anna Beispiel; anna@example.org; Muster GmbH; Sehr geehrte Frau Beispiel\nBernd; bernd@example.org;\n; carl@example.org; Carl AG\n',
      none,
    );
    expect(list.error).toBeNull();
    expect(list.header).toBe(false);
    expect(list.rows.map((row) => [row.line, row.name, row.email, row.organisation, row.salutation, row.state])).toEqual([
      [1, 'Anna Beispiel', 'anna@example.org', 'Muster GmbH', 'Sehr geehrte Frau Beispiel', 'valid'],
      [2, 'Bernd', 'bernd@example.org', '', '', 'valid'],
      [3, '', 'carl@example.org', 'Carl AG', '', 'valid'],
    ]);
    expect(list.rows.every((row) => !('label' in row))).toBe(true);
  });

  it('skips a header row and reads comma-separated lists with quoted names', () => {
    const list = readInvitationList('Name,E-Mail,Organisation\n"Müller, Anna",am@example.org,"A, B & C"\n', none);
    expect(list.header).toBe(true);
    expect(list.rows).toEqual([
      expect.objectContaining({
        line: 2,
        name: 'Müller, Anna',
        organisation: 'A, B & C',
        salutation: '',
        state: 'valid',
      }),
    ]);
  });

  it.each([
    ['Anrede; E-Mail; Organisation; Name', 'Sehr geehrter Herr Dr. Test; t@example.org; Test AG; Dr. Tom Test'],
    ['organisation;e-mail-adresse;NAME;anrede', 'Test AG; t@example.org; Dr. Tom Test; Sehr geehrter Herr Dr. Test'],
    ['Email;Name;Anrede;Organisation', 't@example.org; Dr. Tom Test; Sehr geehrter Herr Dr. Test; Test AG'],
  ])('reads the columns in the order of the header %j', (header, line) => {
    const list = readInvitationList(`${header}\n${line}`, none);
    expect(list.error).toBeNull();
    expect(list.rows).toEqual([
      expect.objectContaining({
        name: 'Dr. Tom Test',
        email: 't@example.org',
        organisation: 'Test AG',
        salutation: 'Sehr geehrter Herr Dr. Test',
        state: 'valid',
      }),
    ]);
  });

  it('takes a header with only some columns, and an e-mail-only header', () => {
    expect(readInvitationList('E-Mail; Anrede\nx@example.org; Hallo Xaver', none).rows).toEqual([
      expect.objectContaining({ name: '', email: 'x@example.org', salutation: 'Hallo Xaver', state: 'valid' }),
    ]);
    expect(readInvitationList('E-Mail\ny@example.org', none).rows).toEqual([
      expect.objectContaining({ email: 'y@example.org', state: 'valid' }),
    ]);
  });

  it.each([
    ['Name; E-Mail; Telefon', 'unbekannte Spalte „Telefon“'],
    ['Name; E-Mail; Name', 'Spalte „Name“ zweimal'],
    ['Mail; E-Mail-Adresse', 'Spalte „E-Mail“ zweimal'],
  ])('refuses the header %j for the whole list', (header, message) => {
    const list = readInvitationList(`${header}\nA; a@example.org; x`, none);
    expect(list.rows).toEqual([]);
    expect(list.error).toContain(message);
  });

  it('refuses a row with more cells than the header has columns', () => {
    const [row] = readInvitationList('E-Mail; Name\na@example.org; Anna; Firma', none).rows;
    expect(row.state).toBe('invalid');
    expect(row.problem).toContain('mehr Spalten als die Kopfzeile (2)');
  });

  it('lists the header columns it knows', () => {
    expect(headerColumns(['E-Mail', ' Name ', 'Firma', 'Anrede', ''])).toEqual({
      columns: ['email', 'name', 'organisation', 'salutation'],
      error: null,
    });
  });

  it('takes a line with only an address', () => {
    expect(readInvitationList('x@example.org', none).rows).toEqual([
      expect.objectContaining({ name: '', email: 'x@example.org', organisation: '', salutation: '', state: 'valid' }),
    ]);
  });

  it.each([
    ['a bad address', 'invalid', 'Anna; keine-adresse; Firma', 'keine gültige E-Mail-Adresse'],
    ['a missing address', 'invalid', 'Anna;;Firma', 'E-Mail-Adresse fehlt'],
    ['an empty row', 'invalid', ';;', 'leer'],
    ['five columns', 'invalid', 'Anna; a@example.org; Firma; Hallo Anna; noch was', 'mehr als vier Spalten'],
    ['a name of 201 characters', 'invalid', `${'N'.repeat(201)}; a@example.org`, 'Name ist länger als 200 Zeichen'],
    ['an organisation of 201 characters', 'invalid', `Anna; a@example.org; ${'O'.repeat(201)}`, 'Organisation ist länger als 200 Zeichen'],
    ['a salutation of 201 characters', 'invalid', `Anna; a@example.org; Firma; ${'A'.repeat(201)}`, 'Anrede ist länger als 200 Zeichen'],
    ['a salutation with a line break', 'invalid', 'Anna; a@example.org; Firma; "Hallo\nAnna"', 'Anrede enthält einen Zeilenumbruch'],
  ])('marks %s as %s', (_, state, line, problem) => {
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
