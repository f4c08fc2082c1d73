import { DEFAULT_TEMPLATES, MailSender, renderTemplate, templateProblems, TemplateValues } from './mail-templates';

const GOOD_BODY = '{{anrede}},\n\nhier: {{link}}\n\nbis {{frist}}\n\nAbmelden: {{abmelden}}';

describe('templateProblems', () => {
  it.each<[string, string, string, Array<{ path: 'subject' | 'body'; message: RegExp }>]>([
    ['a good template', 'Einladung', GOOD_BODY, []],
    ['placeholders in the subject', '{{anrede}}, bis {{frist}}', GOOD_BODY, []],
    ['an unknown placeholder', 'Hallo {{vorname}}', GOOD_BODY, [{ path: 'subject', message: /unknown placeholder \{\{vorname\}\}/ }]],
    ['a placeholder in capitals', 'Einladung', GOOD_BODY + ' {{Link}}', [{ path: 'body', message: /unknown placeholder \{\{Link\}\}/ }]],
    [
      'one closing brace missing',
      'Einladung',
      GOOD_BODY + ' {{link}',
      [{ path: 'body', message: /malformed placeholder near ".*\{\{link\}"/ }],
    ],
    ['a space between the braces', 'Einladung', GOOD_BODY + ' { {link}}', [{ path: 'body', message: /malformed placeholder/ }]],
    ['spaces inside the braces', 'Einladung', GOOD_BODY + ' {{ link }}', [{ path: 'body', message: /malformed placeholder/ }]],
    ['three braces', 'Einladung', GOOD_BODY + ' {{{link}}}', [{ path: 'body', message: /malformed placeholder/ }]],
    ['a lone brace', 'Einladung }', GOOD_BODY, [{ path: 'subject', message: /malformed placeholder/ }]],
    ['an empty subject', '  ', GOOD_BODY, [{ path: 'subject', message: /subject must not be empty/ }]],
    ['an empty body', 'Einladung', '\n\n', [{ path: 'body', message: /body must not be empty/ }]],
    ['a body without the link', 'Einladung', 'Abmelden: {{abmelden}}', [{ path: 'body', message: /must contain \{\{link\}\}/ }]],
    ['a body without the opt-out', 'Einladung', 'Link: {{link}}', [{ path: 'body', message: /must contain \{\{abmelden\}\}/ }]],
    ['a subject with a line break', 'Einladung\nBcc: x@example.org', GOOD_BODY, [{ path: 'subject', message: /single line/ }]],
    ['a subject with a carriage return', 'Einladung\r', GOOD_BODY, [{ path: 'subject', message: /single line/ }]],
    ['a subject that is too long', 'x'.repeat(201), GOOD_BODY, [{ path: 'subject', message: /at most 200/ }]],
    ['the link only in the subject', '{{link}}', 'Abmelden: {{abmelden}}', [{ path: 'body', message: /must contain \{\{link\}\}/ }]],
  ])('%s', (_case, subject, body, expected) => {
    const problems = templateProblems(subject, body);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((problem, index) => {
      expect(problems[index].path).toBe(problem.path);
      expect(problems[index].message).toMatch(problem.message);
    });
  });

  it('names an unknown placeholder once however often it appears', () => {
    expect(templateProblems('Einladung', GOOD_BODY + ' {{vorname}} {{vorname}}')).toEqual([
      { path: 'body', message: 'unknown placeholder {{vorname}}; allowed: {{anrede}}, {{name}}, {{link}}, {{frist}}, {{abmelden}}' },
    ]);
  });

  it.each(['invitation', 'reminder'] as const)('accepts the default %s template', (kind) => {
    expect(templateProblems(DEFAULT_TEMPLATES[kind].subject, DEFAULT_TEMPLATES[kind].body)).toEqual([]);
  });
});

const SENDER: MailSender = { organisation: 'Beispiel-Institut', contactName: 'Erika Muster', contactEmail: 'erika@example.org' };
const VALUES: TemplateValues = {
  anrede: 'Sehr geehrte Frau Dr. Beispiel',
  name: 'Dr. Eva Beispiel',
  link: 'https://umfrage.example.org/survey/tok123',
  frist: '27.07.2025, 23:59 Uhr',
  abmelden: 'https://umfrage.example.org/abmelden/tok123',
};

describe('renderTemplate', () => {
  it('fills every placeholder in subject and text and adds the footer', () => {
    const mail = renderTemplate({ subject: 'Für {{name}}: bis {{frist}}', body: GOOD_BODY }, VALUES, SENDER);
    expect(mail.subject).toBe('Für Dr. Eva Beispiel: bis 27.07.2025, 23:59 Uhr');
    expect(mail.text).toBe(
      'Sehr geehrte Frau Dr. Beispiel,\n\nhier: https://umfrage.example.org/survey/tok123\n\nbis 27.07.2025, 23:59 Uhr\n\n' +
        'Abmelden: https://umfrage.example.org/abmelden/tok123\n\n' +
        '-- \nDiese E-Mail kommt von Beispiel-Institut.\nAnsprechperson bei Fragen: Erika Muster, erika@example.org\n',
    );
  });

  it.each<[string, Partial<TemplateValues>, string]>([
    ['no salutation → "Guten Tag"', { anrede: null }, 'Guten Tag, Frau X'],
    ['a blank salutation → "Guten Tag"', { anrede: '   ' }, 'Guten Tag, Frau X'],
    ['no name → empty', { name: undefined }, 'Sehr geehrte Frau Dr. Beispiel, Frau'],
    [
      'a name with a line break stays on one line',
      { name: 'Eva\r\nBcc: x@example.org' },
      'Sehr geehrte Frau Dr. Beispiel, Frau Eva Bcc: x@example.org',
    ],
  ])('%s', (_case, changed, subject) => {
    const values = { ...VALUES, name: 'X', ...changed };
    expect(renderTemplate({ subject: '{{anrede}}, Frau {{name}}', body: GOOD_BODY }, values, SENDER).subject).toBe(subject);
  });

  it.each<[string | null, string]>([
    ['27.07.2025, 23:59 Uhr', 'bis 27.07.2025, 23:59 Uhr'],
    [null, 'bis zum Ende der Befragung'],
  ])('frist %p → "%s"', (frist, expected) => {
    expect(renderTemplate({ subject: 'bis {{frist}}', body: GOOD_BODY }, { ...VALUES, frist }, SENDER).subject).toBe(expected);
  });

  it('escapes template text and values in the HTML, and links only the two URLs', () => {
    const template = { subject: 'A & B', body: '<b>{{anrede}}</b>\n\n<a href="x">{{link}}</a> & {{abmelden}}' };
    const mail = renderTemplate(template, { ...VALUES, anrede: '<script>alert(1)</script>' }, { ...SENDER, organisation: 'A <b>&</b> B' });
    expect(mail.html).toContain('<title>A &amp; B</title>');
    expect(mail.html).toContain('<p>&lt;b&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/b&gt;</p>');
    expect(mail.html).toContain(
      '<p>&lt;a href=&quot;x&quot;&gt;<a href="https://umfrage.example.org/survey/tok123">https://umfrage.example.org/survey/tok123</a>&lt;/a&gt; &amp; ' +
        '<a href="https://umfrage.example.org/abmelden/tok123">https://umfrage.example.org/abmelden/tok123</a></p>',
    );
    expect(mail.html).toContain('Diese E-Mail kommt von A &lt;b&gt;&amp;&lt;/b&gt; B.');
    expect(mail.html).not.toMatch(/<script|<b>/);
    expect(mail.html.match(/<a /g)).toHaveLength(3); // link, opt-out, mailto of the contact
  });

  it('makes paragraphs from blank lines and line breaks from single ones', () => {
    const mail = renderTemplate({ subject: 'S', body: 'Eins\nzwei\n\n\n  \nDrei {{link}}\r\n\r\n{{abmelden}}' }, VALUES, SENDER);
    expect(mail.html).toMatch(/<body>\n<p>Eins<br>\nzwei<\/p>\n<p>Drei <a [^>]+>[^<]+<\/a><\/p>\n<p><a [^>]+>[^<]+<\/a><\/p>\n<hr>/);
  });

  it('leaves out the contact line when there is no contact', () => {
    const mail = renderTemplate({ subject: 'S', body: GOOD_BODY }, VALUES, { organisation: 'Institut', contactName: '', contactEmail: '' });
    expect(mail.text.endsWith('-- \nDiese E-Mail kommt von Institut.\n')).toBe(true);
    expect(mail.html).not.toContain('mailto:');
  });

  it('names the survey team when no organisation is configured', () => {
    const mail = renderTemplate({ subject: 'S', body: GOOD_BODY }, VALUES, { organisation: '', contactName: '', contactEmail: '' });
    expect(mail.text.endsWith('-- \nDiese E-Mail kommt vom Team der Befragung.\n')).toBe(true);
    expect(mail.html).toContain('<p>Diese E-Mail kommt vom Team der Befragung.</p>');
  });

  it.each<[keyof TemplateValues, string]>([
    ['link', 'javascript:alert(1)'],
    ['link', '/survey/relative'],
    ['abmelden', 'https://example.org/a b'],
    ['abmelden', 'https://example.org/"><script>'],
  ])('refuses %s = %p (not an absolute http(s) URL)', (key, value) => {
    expect(() => renderTemplate({ subject: 'S', body: GOOD_BODY }, { ...VALUES, [key]: value }, SENDER)).toThrow(
      /must be an absolute http\(s\) URL/,
    );
  });

  it.each(['invitation', 'reminder'] as const)('renders the default %s in German with link, deadline, opt-out and sender', (kind) => {
    const mail = renderTemplate(DEFAULT_TEMPLATES[kind], { ...VALUES, anrede: null, name: null }, SENDER);
    expect(mail.text).toMatch(/^Guten Tag,\n\n/);
    for (const part of [VALUES.link, 'bis 27.07.2025, 23:59 Uhr', VALUES.abmelden, 'Beispiel-Institut', 'erika@example.org']) {
      expect(mail.text).toContain(part);
      expect(mail.html).toContain(part);
    }
    expect(mail.text).not.toMatch(/\{|\}/);
  });
});
