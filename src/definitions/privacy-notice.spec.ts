import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillPrivacyNotice, NoticeProblem, parsePrivacyNotice, PRIVACY_NOTICE_MAX_LENGTH, retentionPhrase } from './privacy-notice';

const HEADER = [
  '---',
  'sender: Beispiel GmbH',
  'address: Musterweg 1, 12345 Musterstadt',
  'contact: Studienteam',
  'email: studie@example.org',
  'full-notice: https://example.org/datenschutz',
  '---',
].join('\n');

const withBody = (body: string) => `${HEADER}\n${body}`;

function html(markdown: string): string {
  const parsed = parsePrivacyNotice(markdown);
  if (!parsed.ok) throw new Error(`unexpected problems: ${JSON.stringify(parsed.problems)}`);
  return parsed.notice.html;
}

function problems(markdown: string): NoticeProblem[] {
  const parsed = parsePrivacyNotice(markdown);
  if (parsed.ok) throw new Error(`expected problems, got ${parsed.notice.html}`);
  return parsed.problems;
}

describe('parsePrivacyNotice', () => {
  it('reads the header: sender, contact and the address of the full notice', () => {
    const parsed = parsePrivacyNotice(withBody('Text.'));
    expect(parsed).toEqual({
      ok: true,
      notice: {
        sender: { organisation: 'Beispiel GmbH', address: 'Musterweg 1, 12345 Musterstadt' },
        contact: { name: 'Studienteam', email: 'studie@example.org' },
        fullNoticeUrl: 'https://example.org/datenschutz',
        html: '<p>Text.</p>',
      },
    });
  });

  it.each([
    ['a paragraph of two lines', 'Eins\nzwei.', '<p>Eins zwei.</p>'],
    ['two paragraphs', 'Eins.\n\nZwei.', '<p>Eins.</p>\n<p>Zwei.</p>'],
    ['headings below the page’s h1 and the notice’s h2', '# A\n## B\n### C', '<h3>A</h3>\n<h4>B</h4>\n<h5>C</h5>'],
    [
      'a list with a continued item',
      '- eins\n  weiter\n- zwei\n\nDanach.',
      '<ul>\n<li>eins weiter</li>\n<li>zwei</li>\n</ul>\n<p>Danach.</p>',
    ],
    ['bold and italic', '**fett** und *kursiv*', '<p><strong>fett</strong> und <em>kursiv</em></p>'],
    ['italic inside bold', '**sehr *wichtig***', '<p><strong>sehr <em>wichtig</em></strong></p>'],
    ['an https link', '[Hinweise](https://example.org/a?b=1&c=2)', '<p><a href="https://example.org/a?b=1&amp;c=2">Hinweise</a></p>'],
    [
      'a mailto link with bold text',
      '[**Mail**](mailto:studie@example.org)',
      '<p><a href="mailto:studie@example.org"><strong>Mail</strong></a></p>',
    ],
    ['an unclosed mark stays text', 'a ** b * c', '<p>a ** b * c</p>'],
    ['escaped marks', '\\*kein kursiv\\*', '<p>*kein kursiv*</p>'],
    ['comparison signs and ampersands escaped', 'a < b & c > d "x" \'y\'', '<p>a &lt; b &amp; c &gt; d &quot;x&quot; &#39;y&#39;</p>'],
    ['an entity is shown as written', '&lt;script&gt;', '<p>&amp;lt;script&amp;gt;</p>'],
    ['a header after the body is text', 'Text\n\n---', '<p>Text</p>\n<p>---</p>'],
    ['Windows line ends and a BOM', '\uFEFF' + withBody('Eins\nzwei').replace(/\n/g, '\r\n'), '<p>Eins zwei</p>'],
  ])('renders %s', (_name, body, expected) => {
    expect(html(body.startsWith('\uFEFF') ? body : withBody(body))).toBe(expected);
  });

  it.each([
    ['a <script> element', 'Hallo <script>alert(1)</script>', 3 + 5, 'HTML ist nicht erlaubt'],
    ['a <b> element', '<b>fett</b>', 8, 'HTML ist nicht erlaubt'],
    ['an HTML comment', 'a <!-- b -->', 8, 'HTML ist nicht erlaubt'],
    ['a javascript: link', 'x\n[klick](javascript:alert(1))', 9, 'nicht erlaubt: nur Adressen mit https://'],
    ['an http link', '[alt](http://example.org)', 8, 'nicht erlaubt'],
    ['a data: link', '[d](data:text/html,hi)', 8, 'nicht erlaubt'],
    ['a relative link', '[r](/admin)', 8, 'nicht erlaubt'],
    ['a mailto without an address', '[m](mailto:niemand)', 8, 'nicht erlaubt'],
    ['an image', '![Bild](https://example.org/a.png)', 8, 'Bilder'],
    ['a fourth heading level', '#### Tief', 8, 'nur mit #, ## und ###'],
    ['a code block', '```\ncode\n```', 8, 'Code-Blöcke'],
    ['an empty body', '\n\n', 8, 'fehlt der Text'],
  ])('refuses %s, naming the line', (_name, body, line, message) => {
    const found = problems(withBody(body));
    expect(found[0]).toEqual({ line, message: expect.stringContaining(message) });
  });

  it.each([
    ['no header at all', 'Nur Text.', [{ line: 1, message: expect.stringContaining('mit einem Kopf beginnen') }]],
    ['an unclosed header', '---\nsender: A\n\nText', [{ line: 1, message: expect.stringContaining('nicht mit einer Zeile ---') }]],
    [
      'a missing key, an unknown key, a bad e-mail and an http address',
      '---\nsender: A\naddress: B\nemail: kein-mail\nfull-notice: http://example.org\nfax: 1\n---\nText',
      [
        { line: 1, message: 'Im Kopf fehlt contact (die Ansprechperson).' },
        { line: 4, message: '„kein-mail“ ist keine E-Mail-Adresse.' },
        { line: 5, message: '„http://example.org“ ist keine Adresse, die mit https:// beginnt.' },
        { line: 6, message: expect.stringContaining('Unbekannte Angabe „fax“') },
      ],
    ],
    [
      'a repeated key, an empty value and HTML in a value',
      HEADER.replace('contact: Studienteam', 'contact: <b>Team</b>\nsender: B\naddress:') + '\nText',
      [
        { line: 4, message: expect.stringContaining('enthält HTML') },
        { line: 5, message: 'Die Angabe „sender“ steht mehrmals im Kopf.' },
        { line: 6, message: 'Die Angabe „address“ steht mehrmals im Kopf.' },
      ],
    ],
    [
      'a javascript: full notice',
      HEADER.replace('https://example.org/datenschutz', 'javascript:alert(1)') + '\nText',
      [{ line: 6, message: expect.stringContaining('keine Adresse, die mit https://') }],
    ],
  ])('refuses %s', (_name, markdown, expected) => {
    expect(problems(markdown)).toEqual(expected);
  });

  it('refuses a text longer than the column allows, without reading it', () => {
    const huge = withBody('a'.repeat(PRIVACY_NOTICE_MAX_LENGTH));
    expect(problems(huge)).toEqual([{ line: 1, message: expect.stringContaining('zu lang') }]);
  });

  // Pathological inputs for the link and emphasis rules (their speed is measured in bench/, not asserted here).
  it.each(['[', '**a', '*[*', '[**', '[a]('])('renders 19,000 characters of %p as text', (unit) => {
    expect(parsePrivacyNotice(withBody(unit.repeat(Math.floor(19_000 / unit.length)))).ok).toBe(true);
  });

  it('renders a long text of many marks and brackets and escapes it all', () => {
    const hostile = '*[<'.repeat(5000).replace(/</g, '&');
    const rendered = html(withBody(hostile.slice(0, PRIVACY_NOTICE_MAX_LENGTH - HEADER.length - 10)));
    expect(rendered).not.toMatch(/<(?!\/?(p|em|strong)>)/);
  });

  it('never lets an attribute or an element through, whatever the link text holds', () => {
    const rendered = html(
      withBody('[a" onclick="x](https://example.org/"onmouseover="y) *"><img src=x>* fine'.replace('<img src=x>', 'img')),
    );
    expect(rendered).not.toContain('onclick="');
    expect(rendered).not.toContain('"onmouseover');
    expect(rendered).toContain('href="https://example.org/%22onmouseover=%22y"');
  });

  it('accepts the ki-mittelstand notice of the repository', () => {
    const file = readFileSync(join(__dirname, '..', '..', 'survey-definitions', 'ki-mittelstand', 'privacy.md'), 'utf8');
    const parsed = parsePrivacyNotice(file);
    expect(parsed.ok && parsed.notice.sender).toEqual({
      organisation: 'WIK-Consult GmbH',
      address: 'Rhöndorfer Straße 68, 53604 Bad Honnef',
    });
    expect(parsed.ok && parsed.notice.contact).toEqual({ name: 'Projektteam KI im Mittelstand', email: 'ki-studie@wik.org' });
    expect(parsed.ok && parsed.notice.html).toContain('Art. 6 Abs. 1 lit. a DSGVO');
    // The deletion period comes from the service's setting, never from a number typed into the text.
    expect(parsed.ok && fillPrivacyNotice(parsed.notice, { contactRetentionDays: 30 }).html).toContain(
      'Ihr persönlicher Link werden 30 Tage nach dem Ende der Befragungswelle gelöscht.',
    );
    expect(parsed.ok && parsed.notice.html).not.toMatch(/\d+ Tage/);
  });
});

describe('placeholders of a notice', () => {
  const fill = (markdown: string, contactRetentionDays: number) => {
    const parsed = parsePrivacyNotice(withBody(markdown));
    if (!parsed.ok) throw new Error(`unexpected problems: ${JSON.stringify(parsed.problems)}`);
    return fillPrivacyNotice(parsed.notice, { contactRetentionDays }).html;
  };

  it('keeps {{loeschfrist}} in the parsed HTML and fills in CONTACT_RETENTION_DAYS for readers', () => {
    expect(html(withBody('Gelöscht {{loeschfrist}} nach dem Ende.'))).toBe('<p>Gelöscht {{loeschfrist}} nach dem Ende.</p>');
    expect(fill('Gelöscht {{loeschfrist}} nach dem Ende.', 90)).toBe('<p>Gelöscht 90 Tage nach dem Ende.</p>');
  });

  it('fills it wherever the text allows marks: in bold, a list item, a link text, more than once, with spaces inside the braces', () => {
    expect(fill('- **{{ loeschfrist }}**, [{{loeschfrist}}](https://example.org/frist)', 14)).toBe(
      '<ul>\n<li><strong>14 Tage</strong>, <a href="https://example.org/frist">14 Tage</a></li>\n</ul>',
    );
  });

  it.each([
    [0, 'unmittelbar'],
    [1, '1 Tag'],
    [2, '2 Tage'],
    [90, '90 Tage'],
    [3650, '3.650 Tage'],
  ])('says %p days as „%s“', (days, phrase) => {
    expect(retentionPhrase(days)).toBe(phrase);
  });

  it.each([
    ['an unknown name', 'Frist: {{frist}}.', 'Unbekannter Platzhalter „{{frist}}“; möglich ist: {{loeschfrist}}.'],
    [
      'braces that are never closed',
      'Frist: {{loeschfrist',
      'Der Platzhalter „{{loeschfrist“ wird nicht mit }} geschlossen (spätestens 40 Zeichen nach {{).',
    ],
    [
      'a placeholder in a link’s address',
      '[Frist](https://example.org/?tage={{loeschfrist}})',
      'Platzhalter gibt es nicht in der Adresse eines Links („https://example.org/?tage={{loeschfrist}}“), nur in seinem Text.',
    ],
  ])('refuses %s with its line', (_name, body, message) => {
    expect(problems(withBody(`Erste Zeile.\n\n${body}`))).toEqual([{ line: 10, message }]);
  });

  it('refuses a placeholder in the header, which is shown as it stands', () => {
    expect(problems(HEADER.replace('contact: Studienteam', 'contact: Team ({{loeschfrist}})') + '\nText.')).toEqual([
      { line: 4, message: 'Platzhalter wie {{loeschfrist}} gibt es nur im Text, nicht im Kopf („contact“).' },
    ]);
  });

  // Like the link and emphasis rules: a text of nothing but opening braces is read once (its speed is measured, not asserted).
  it('refuses 19,000 characters of {{ with }} only at the end: unclosed, until the }} is within reach', () => {
    const opened = problems(withBody('{{'.repeat(9_500) + '}}'));
    // 9,480 openings more than 40 characters before the end, then one that reaches it and names no placeholder.
    expect(opened.filter((problem) => problem.message.includes('nicht mit }} geschlossen'))).toHaveLength(9_480);
    expect(opened.slice(9_480)).toEqual([{ line: 8, message: expect.stringMatching(/^Unbekannter Platzhalter „\{\{+\}\}“/) }]);
  });

  it('leaves single braces as text', () => {
    expect(fill('Mengen wie {a, b} bleiben Text.', 90)).toBe('<p>Mengen wie {a, b} bleiben Text.</p>');
  });
});
