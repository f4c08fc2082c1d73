/**
 * Mail templates: the placeholders, the checks a stored template must pass,
 * and rendering to plain text plus a simple HTML alternative. Pure: no Nest,
 * no database. API messages stay English; the texts a person reads are German.
 */

/** The placeholders a template may use, without braces. */
export const PLACEHOLDERS = ['anrede', 'name', 'link', 'frist', 'abmelden'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const MAIL_KINDS = ['invitation', 'reminder'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export interface MailTemplate {
  subject: string;
  body: string;
}

export interface TemplateProblem {
  path: 'subject' | 'body';
  message: string;
}

/** Who is asking and whom to contact; from configuration, rendered in every mail's footer. */
export interface MailSender {
  organisation: string;
  contactName: string;
  contactEmail: string;
}

/**
 * The values of one mail. `frist` is already formatted by the caller as German
 * Berlin time ("27.07.2025, 23:59 Uhr"); `link` and `abmelden` are absolute
 * http(s) URLs.
 */
export interface TemplateValues {
  anrede?: string | null;
  name?: string | null;
  link: string;
  frist?: string | null;
  abmelden: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export const MAX_SUBJECT_LENGTH = 200;
export const MAX_BODY_LENGTH = 10_000;

/** When a contact has no salutation. */
export const DEFAULT_ANREDE = 'Guten Tag';
/** When the wave has no closing time ("… bis zum Ende der Befragung."). */
export const DEFAULT_FRIST = 'zum Ende der Befragung';

/** `{{word}}`: a well-formed placeholder, known or not. */
const TOKEN = /\{\{([A-Za-z0-9_äöüÄÖÜß-]+)\}\}/g;

const list = PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ');

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

function fieldProblems(path: 'subject' | 'body', text: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (text.trim() === '') return [{ path, message: `${path} must not be empty` }];
  const unknown = new Set<string>();
  for (const match of text.matchAll(TOKEN)) if (!isPlaceholder(match[1])) unknown.add(match[1]);
  for (const name of unknown) problems.push({ path, message: `unknown placeholder {{${name}}}; allowed: ${list}` });
  const rest = text.replace(TOKEN, '');
  const brace = rest.search(/[{}]/);
  if (brace >= 0) {
    const near = rest.slice(Math.max(0, brace - 10), brace + 10).replace(/\s+/g, ' ');
    problems.push({ path, message: `malformed placeholder near "${near}": write placeholders as {{name}} (${list})` });
  }
  return problems;
}

/** Everything wrong with a template, as `{path, message}`; empty when it may be stored. */
export function templateProblems(subject: string, body: string): TemplateProblem[] {
  const problems = [...fieldProblems('subject', subject), ...fieldProblems('body', body)];
  if (/[\r\n]/.test(subject)) problems.push({ path: 'subject', message: 'subject must be a single line' });
  if (subject.length > MAX_SUBJECT_LENGTH)
    problems.push({ path: 'subject', message: `subject must be at most ${MAX_SUBJECT_LENGTH} characters` });
  if (body.length > MAX_BODY_LENGTH) problems.push({ path: 'body', message: `body must be at most ${MAX_BODY_LENGTH} characters` });
  if (body.trim() !== '') {
    if (!body.includes('{{link}}')) problems.push({ path: 'body', message: 'body must contain {{link}} (the personal link)' });
    if (!body.includes('{{abmelden}}')) problems.push({ path: 'body', message: 'body must contain {{abmelden}} (the opt-out link)' });
  }
  return problems;
}

/** One line, no control characters: a contact's name can never break a header or a paragraph. */
function oneLine(value: string | null | undefined): string {
  return (
    (value ?? '')
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

function url(value: string, placeholder: 'link' | 'abmelden'): string {
  const text = oneLine(value);
  if (!/^https?:\/\/[^\s<>"]+$/i.test(text)) throw new Error(`{{${placeholder}}} must be an absolute http(s) URL`);
  return text;
}

function resolvedValues(values: TemplateValues): Record<Placeholder, string> {
  return {
    anrede: oneLine(values.anrede) || DEFAULT_ANREDE,
    name: oneLine(values.name),
    link: url(values.link, 'link'),
    frist: oneLine(values.frist) || DEFAULT_FRIST,
    abmelden: url(values.abmelden, 'abmelden'),
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function substitute(text: string, values: Record<Placeholder, string>): string {
  return text.replace(TOKEN, (whole, name: string) => (isPlaceholder(name) ? values[name] : whole));
}

/** Escaped HTML of template text: literal text and values escaped, the two URLs as links showing the URL. */
function htmlOf(text: string, values: Record<Placeholder, string>): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    html += escapeHtml(text.slice(last, match.index));
    const name = match[1];
    if (name === 'link' || name === 'abmelden') {
      const href = escapeHtml(values[name]);
      html += `<a href="${href}">${href}</a>`;
    } else html += escapeHtml(isPlaceholder(name) ? values[name] : match[0]);
    last = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

function paragraphs(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/g, ''))
    .filter((paragraph) => paragraph.trim() !== '');
}

function footerLines(sender: MailSender): string[] {
  const contact = [oneLine(sender.contactName), oneLine(sender.contactEmail)].filter((part) => part !== '').join(', ');
  return [fromLine(oneLine(sender.organisation)), ...(contact ? [`Ansprechperson bei Fragen: ${contact}`] : [])];
}

/** "Diese E-Mail kommt von <organisation>." or, without one configured, from the survey's team. */
function fromLine(organisation: string): string {
  return organisation ? `Diese E-Mail kommt von ${organisation}.` : 'Diese E-Mail kommt vom Team der Befragung.';
}

function footerHtml(sender: MailSender): string {
  const email = oneLine(sender.contactEmail);
  const name = oneLine(sender.contactName);
  const contact = [name ? escapeHtml(name) : '', email ? `<a href="mailto:${escapeHtml(email)}">${escapeHtml(email)}</a>` : '']
    .filter((part) => part !== '')
    .join(', ');
  return (
    `<p>${escapeHtml(fromLine(oneLine(sender.organisation)))}` + (contact ? `<br>\nAnsprechperson bei Fragen: ${contact}` : '') + '</p>'
  );
}

/**
 * One mail from a (checked) template: the subject on one line, the plain
 * text, and an HTML alternative in which every value and every character of
 * the template is escaped (a template can never inject markup), `{{link}}`
 * and `{{abmelden}}` become links that show their URL, blank lines make
 * paragraphs. A footer names the sender and the contact.
 */
export function renderTemplate(template: MailTemplate, values: TemplateValues, sender: MailSender): RenderedMail {
  const resolved = resolvedValues(values);
  const subject = oneLine(substitute(template.subject, resolved));
  const parts = paragraphs(template.body);
  const text = [...parts.map((paragraph) => substitute(paragraph, resolved)), `-- \n${footerLines(sender).join('\n')}`].join('\n\n') + '\n';
  const body = parts.map((paragraph) => `<p>${htmlOf(paragraph, resolved).replace(/\n/g, '<br>\n')}</p>`).join('\n');
  const html =
    '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n' +
    `<title>${escapeHtml(subject)}</title>\n</head>\n<body>\n${body}\n<hr>\n${footerHtml(sender)}\n</body>\n</html>\n`;
  return { subject, text, html };
}

/**
 * The defaults for a wave without its own templates. Study-neutral (nothing in
 * the platform may name one study); who asks is in the footer, from configuration.
 */
export const DEFAULT_TEMPLATES: Record<MailKind, MailTemplate> = {
  invitation: {
    subject: 'Einladung zur Teilnahme an unserer Befragung',
    body: [
      '{{anrede}},',
      'das Projektteam lädt Sie herzlich ein, an der aktuellen Befragungswelle teilzunehmen. Ihre Antworten werden vertraulich behandelt und nur zusammengefasst ausgewertet.',
      'Ihr persönlicher Link zum Fragebogen:\n{{link}}',
      'Teilnehmen können Sie bis {{frist}}. Der Link gilt nur für Sie; bitte leiten Sie ihn nicht weiter.',
      'Vielen Dank für Ihre Unterstützung!',
      'Mit freundlichen Grüßen\nIhr Projektteam',
      'Wenn Sie keine E-Mails mehr zu dieser Befragung erhalten möchten, können Sie sich hier abmelden:\n{{abmelden}}',
    ].join('\n\n'),
  },
  reminder: {
    subject: 'Erinnerung: Ihre Teilnahme an unserer Befragung',
    body: [
      '{{anrede}},',
      'vor einigen Tagen hat Sie das Projektteam zu unserer Befragung eingeladen. Falls Sie noch nicht dazu gekommen sind: Wir würden uns sehr freuen, wenn Sie teilnehmen. Haben Sie schon begonnen, können Sie über denselben Link weitermachen.',
      'Ihr persönlicher Link zum Fragebogen:\n{{link}}',
      'Teilnehmen können Sie bis {{frist}}.',
      'Mit freundlichen Grüßen\nIhr Projektteam',
      'Wenn Sie keine E-Mails mehr zu dieser Befragung erhalten möchten, können Sie sich hier abmelden:\n{{abmelden}}',
    ].join('\n\n'),
  },
};
