/**
 * The console's page for a wave's mail templates ("Vorlage: Einladung / Erinnerung"): the German URL
 * segments, reading the posted form, the German words for the placeholders, and German messages for
 * what the service refuses (templateProblems writes English for the API). Pure.
 */
import { AppException, pathDetails } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';
import type { TestSendResultDto } from '../mail/dto/mail-template.dto';
import { MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH, PLACEHOLDERS, type Placeholder } from '../mail/mail-templates';
import { formatCount } from '../exports/german-format';

/** What each placeholder becomes in a mail, for the list beside the form. */
export const PLACEHOLDER_HELP: Record<Placeholder, { text: string; required: boolean }> = {
  anrede: {
    text: 'Anrede der Person, z. B. „Sehr geehrte Frau Dr. Beispiel“ – ohne hinterlegte Anrede „Guten Tag“.',
    required: false,
  },
  name: { text: 'Name der Person, wie er in der Kontaktliste steht (leer, wenn keiner hinterlegt ist).', required: false },
  link: { text: 'Persönlicher Link zum Fragebogen. Gilt nur für diese Person.', required: true },
  frist: { text: 'Ende der Welle, z. B. „27.07.2025, 23:59 Uhr“ – ohne Ende „zum Ende der Befragung“.', required: false },
  abmelden: { text: 'Abmelde-Link: Wer ihn öffnet, kann weitere E-Mails zu dieser Befragung abbestellen.', required: true },
};

export const PLACEHOLDER_LIST = PLACEHOLDERS.map((name) => ({ name, token: `{{${name}}}`, ...PLACEHOLDER_HELP[name] }));

/** The form as posted (kept when the page is shown again). */
export interface TemplateFormValues {
  subject: string;
  body: string;
  /** The invitation the preview is for; '' for the first with an address. */
  invitationId: string;
}

export type TemplateFormErrors = Partial<Record<'subject' | 'body' | 'invitationId', string[]>>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The posted fields. A textarea always sends its line breaks as CRLF: they are stored as LF, as an API
 * client writes them. The subject is trimmed (a trailing space is never meant).
 */
export function readTemplateForm(body: Record<string, unknown> | undefined): TemplateFormValues {
  return {
    subject: text(body?.subject).trim(),
    body: text(body?.body).replace(/\r\n?/g, '\n'),
    invitationId: text(body?.invitationId).trim(),
  };
}

const ALLOWED = 'Erlaubt sind {{anrede}}, {{name}}, {{link}}, {{frist}} und {{abmelden}}.';

/** Each English message of templateProblems (mail-templates.ts) and its German sentence for a person at the field. */
const MESSAGES: Array<{ pattern: RegExp; german: (match: RegExpExecArray) => string }> = [
  { pattern: /^subject must not be empty$/, german: () => 'Bitte geben Sie einen Betreff ein.' },
  { pattern: /^body must not be empty$/, german: () => 'Bitte geben Sie einen Text ein.' },
  {
    pattern: /^unknown placeholder (\{\{[^}]*\}\});/,
    german: (match) => `Den Platzhalter ${match[1]} gibt es nicht. ${ALLOWED}`,
  },
  {
    pattern: /^malformed placeholder near "([\s\S]*)":/,
    german: (match) =>
      `Unvollständiger Platzhalter bei „${match[1].trim()}“: Schreiben Sie Platzhalter mit je zwei geschweiften Klammern, z. B. {{name}}.`,
  },
  { pattern: /^subject must be a single line$/, german: () => 'Der Betreff muss in eine Zeile passen.' },
  {
    pattern: /^subject must be at most \d+ characters$/,
    german: () => `Der Betreff darf höchstens ${formatCount(MAX_SUBJECT_LENGTH)} Zeichen lang sein.`,
  },
  {
    pattern: /^body must be at most \d+ characters$/,
    german: () => `Der Text darf höchstens ${formatCount(MAX_BODY_LENGTH)} Zeichen lang sein.`,
  },
  {
    pattern: /^body must contain \{\{link\}\}/,
    german: () => 'Der Text muss {{link}} enthalten: Ohne den persönlichen Link kann niemand teilnehmen.',
  },
  {
    pattern: /^body must contain \{\{abmelden\}\}/,
    german: () => 'Der Text muss {{abmelden}} enthalten: Jede E-Mail braucht einen Abmelde-Link.',
  },
];

/** When a message is not in the table (a rule added later): still German, never the English text. */
export const UNKNOWN_PROBLEM = 'Diese Angabe kann so nicht verwendet werden.';

/** The German sentence for one message of templateProblems. */
export function germanTemplateProblem(message: string): string {
  for (const { pattern, german } of MESSAGES) {
    const match = pattern.exec(message);
    if (match) return german(match);
  }
  return UNKNOWN_PROBLEM;
}

/**
 * The German messages at the fields for a refusal of MailTemplatesService (an invalid template, an
 * invitation that cannot be previewed); undefined for anything else (an error page).
 */
export function templateFormErrorsOf(error: unknown): TemplateFormErrors | undefined {
  if (!(error instanceof AppException)) return undefined;
  const details = pathDetails(error);
  if (error.code === ErrorCode.MAIL_TEMPLATE_INVALID) {
    const errors: TemplateFormErrors = {};
    for (const detail of details) {
      const field = detail.path === 'subject' ? 'subject' : 'body';
      const german = germanTemplateProblem(detail.message);
      errors[field] = [...(errors[field] ?? []), german].filter((message, index, all) => all.indexOf(message) === index);
    }
    return Object.keys(errors).length > 0 ? errors : { body: [UNKNOWN_PROBLEM] };
  }
  if (error.code === ErrorCode.VALIDATION_FAILED && details.some((detail) => detail.path === 'invitationId')) {
    return { invitationId: ['Für diese Einladung gibt es keine Vorschau: Sie gehört nicht zur Welle oder hat keine E-Mail-Adresse.'] };
  }
  return undefined;
}

/** Whether the service refused a test mail because the staff member's account has no e-mail address. */
export function isNoOwnAddress(error: unknown): boolean {
  return (
    error instanceof AppException &&
    error.code === ErrorCode.VALIDATION_FAILED &&
    pathDetails(error).some((detail) => detail.path === '(account)')
  );
}

export interface TestSendOutcome {
  /** 'ok': accepted; 'held': kept as a file; 'refused': the relay said no (or could not be reached). */
  kind: 'ok' | 'held' | 'refused';
  message: string;
  /** The relay's reply, verbatim (only when refused). */
  reply?: string;
}

/** What became of a test mail, in German. */
export function testSendOutcome(result: TestSendResultDto): TestSendOutcome {
  if (result.sent) return { kind: 'ok', message: `Die Test-E-Mail an ${result.to} wurde vom Mailserver angenommen.` };
  if (result.held) {
    return {
      kind: 'held',
      message: `Die Test-E-Mail an ${result.to} wurde nicht versandt, sondern gespeichert (kein Mailserver eingerichtet).`,
    };
  }
  return {
    kind: 'refused',
    message: `Die Test-E-Mail an ${result.to} wurde nicht versandt: Der Mailserver hat sie abgelehnt oder war nicht erreichbar. Seine Antwort:`,
    reply: result.error ?? 'keine Antwort',
  };
}

/** How an invitation is named in the preview: the contact's name, else "Einladung" and the start of its id. */
export function previewChoiceName(id: string, contact: { name: string | null }): string {
  return contact.name?.trim() ? contact.name.trim() : `Einladung ${id.slice(0, 8)}`;
}

/** An invitation in the preview's choice: its name and its address. */
export function previewChoiceLabel(id: string, contact: { email: string; name: string | null }): string {
  return `${previewChoiceName(id, contact)} – ${contact.email}`;
}
