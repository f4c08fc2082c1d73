import { ErrorCode } from '../common/error-code';
import { MailException } from '../mail/mail.exception';
import { DEFAULT_TEMPLATES, templateProblems } from '../mail/mail-templates';
import {
  germanTemplateProblem,
  isNoOwnAddress,
  previewChoiceLabel,
  previewChoiceName,
  readTemplateForm,
  templateFormErrorsOf,
  testSendOutcome,
  UNKNOWN_PROBLEM,
} from './mail-template-form';

const BODY = DEFAULT_TEMPLATES.invitation.body;
const SUBJECT = DEFAULT_TEMPLATES.invitation.subject;

describe('readTemplateForm', () => {
  it('keeps the posted text, stores CRLF line breaks of a textarea as LF, trims the subject, ignores non-strings', () => {
    expect(readTemplateForm({ subject: '  Hallo {{name}} ', body: 'a\r\n\r\nb\rc\n', invitationId: ['x'], extra: 1 })).toEqual({
      subject: 'Hallo {{name}}',
      body: 'a\n\nb\nc\n',
      invitationId: '',
    });
    expect(readTemplateForm(undefined)).toEqual({ subject: '', body: '', invitationId: '' });
  });
});

/** Every kind of problem templateProblems reports, from real input, and the German sentence a person reads. */
describe('germanTemplateProblem: every message of templateProblems in German', () => {
  it.each<[string, string, string, 'subject' | 'body', string]>([
    ['empty subject', '   ', BODY, 'subject', 'Bitte geben Sie einen Betreff ein.'],
    ['empty body', SUBJECT, ' \n ', 'body', 'Bitte geben Sie einen Text ein.'],
    [
      'unknown placeholder',
      'Hallo {{vorname}}',
      BODY,
      'subject',
      'Den Platzhalter {{vorname}} gibt es nicht. Erlaubt sind {{anrede}}, {{name}}, {{link}}, {{frist}} und {{abmelden}}.',
    ],
    [
      'malformed placeholder',
      SUBJECT,
      '{{link}} {{abmelden}} Bis {{frist}',
      'body',
      'Unvollständiger Platzhalter bei „Bis {{frist}“: Schreiben Sie Platzhalter mit je zwei geschweiften Klammern, z. B. {{name}}.',
    ],
    ['subject on two lines', 'Zeile\nzwei', BODY, 'subject', 'Der Betreff muss in eine Zeile passen.'],
    ['subject too long', 'x'.repeat(201), BODY, 'subject', 'Der Betreff darf höchstens 200 Zeichen lang sein.'],
    ['body too long', SUBJECT, `${BODY}${'x'.repeat(10_000)}`, 'body', 'Der Text darf höchstens 10.000 Zeichen lang sein.'],
    [
      'no {{link}}',
      SUBJECT,
      '{{anrede}}, abmelden: {{abmelden}}',
      'body',
      'Der Text muss {{link}} enthalten: Ohne den persönlichen Link kann niemand teilnehmen.',
    ],
    [
      'no {{abmelden}}',
      SUBJECT,
      '{{anrede}}, hier: {{link}}',
      'body',
      'Der Text muss {{abmelden}} enthalten: Jede E-Mail braucht einen Abmelde-Link.',
    ],
  ])('%s', (_case, subject, body, path, german) => {
    const problems = templateProblems(subject, body);
    expect(problems.map((problem) => ({ path: problem.path, german: germanTemplateProblem(problem.message) }))).toContainEqual({
      path,
      german,
    });
  });

  it('never passes an English message through', () => {
    expect(germanTemplateProblem('subject must rhyme')).toBe(UNKNOWN_PROBLEM);
  });
});

describe('templateFormErrorsOf', () => {
  it('puts the German messages of an invalid template at their fields, each once', () => {
    const problems = templateProblems('Hallo {{vorname}} {{vorname}}', '{{anrede}} {{link}}');
    const error = new MailException(ErrorCode.MAIL_TEMPLATE_INVALID, 'invalid', problems);
    expect(templateFormErrorsOf(error)).toEqual({
      subject: [expect.stringContaining('{{vorname}} gibt es nicht')],
      body: ['Der Text muss {{abmelden}} enthalten: Jede E-Mail braucht einen Abmelde-Link.'],
    });
  });

  it('says so at the choice when the invitation cannot be previewed', () => {
    const error = new MailException(ErrorCode.VALIDATION_FAILED, 'x', [{ path: 'invitationId', message: 'no address' }]);
    expect(templateFormErrorsOf(error)).toEqual({ invitationId: [expect.stringMatching(/keine E-Mail-Adresse/)] });
  });

  it.each([
    ['another code', new MailException(ErrorCode.MAIL_KIND_UNKNOWN, 'x')],
    ['a plain error', new Error('x')],
    ['no address of the staff member', new MailException(ErrorCode.VALIDATION_FAILED, 'x', [{ path: '(account)', message: 'x' }])],
  ])('leaves %s to the error page', (_case, error) => {
    expect(templateFormErrorsOf(error)).toBeUndefined();
  });

  it('recognises the missing address of the staff member', () => {
    expect(isNoOwnAddress(new MailException(ErrorCode.VALIDATION_FAILED, 'x', [{ path: '(account)', message: 'x' }]))).toBe(true);
    expect(isNoOwnAddress(new MailException(ErrorCode.VALIDATION_FAILED, 'x', [{ path: 'invitationId', message: 'x' }]))).toBe(false);
  });
});

describe('testSendOutcome', () => {
  it.each([
    [{ to: 'anna@example.org', sent: true, held: false }, 'ok', 'Die Test-E-Mail an anna@example.org wurde vom Mailserver angenommen.'],
    [
      { to: 'anna@example.org', sent: false, held: true },
      'held',
      'Die Test-E-Mail an anna@example.org wurde nicht versandt, sondern gespeichert (kein Mailserver eingerichtet).',
    ],
  ])('%j', (result, kind, message) => {
    expect(testSendOutcome(result)).toEqual({ kind, message });
  });

  it('quotes the relay’s refusal verbatim', () => {
    const outcome = testSendOutcome({ to: 'anna@example.org', sent: false, held: false, error: '550 5.1.1 Mailbox unavailable' });
    expect(outcome).toMatchObject({ kind: 'refused', reply: '550 5.1.1 Mailbox unavailable' });
    expect(outcome.message).toMatch(/^Die Test-E-Mail an anna@example\.org wurde nicht versandt/);
  });
});

describe('previewChoiceLabel', () => {
  it.each([
    ['0a1b2c3d-0000-4000-8000-000000000000', { email: 'e@x.org', name: 'Erika Beispiel' }, 'Erika Beispiel – e@x.org'],
    ['0a1b2c3d-0000-4000-8000-000000000000', { email: 'e@x.org', name: null }, 'Einladung 0a1b2c3d – e@x.org'],
    ['0a1b2c3d-0000-4000-8000-000000000000', { email: 'e@x.org', name: '  ' }, 'Einladung 0a1b2c3d – e@x.org'],
  ])('%s %j → %s', (id, contact, label) => {
    expect(previewChoiceLabel(id, contact)).toBe(label);
    expect(previewChoiceName(id, contact)).toBe(label.split(' – ')[0]);
  });
});
