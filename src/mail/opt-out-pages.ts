/**
 * The German pages behind `{{abmelden}}`: the question with one button, the confirmation, "already opted
 * out", an unknown link and a general error. Pure: plain HTML with every value escaped, no script, no
 * image, nothing loaded from elsewhere (no tracking); one style sheet of the service's own.
 */
import { formatDateTime } from '../common/german-time';
import { escapeHtml, type MailSender } from './mail-templates';

export type OptOutPage =
  | { state: 'ask' }
  | { state: 'done' }
  | { state: 'already'; optedOutAt: Date }
  | { state: 'unknown' }
  | { state: 'error'; statusCode: number };

export interface OptOutPageContext {
  /** URL of the style sheet (fingerprinted asset). */
  stylesheet: string;
  /** Who is asking and whom to contact (the mail footer's sender). */
  sender: MailSender;
}

/** The question the page asks, and the sentence of the confirmation. */
export const OPT_OUT_QUESTION = 'Keine weiteren E-Mails zu dieser Befragung?';
export const OPT_OUT_DONE = 'Sie erhalten keine weiteren E-Mails zu dieser Befragung.';

function contactParagraph(sender: MailSender): string {
  const name = sender.contactName.trim();
  const email = sender.contactEmail.trim();
  const organisation = sender.organisation.trim();
  const who = organisation ? `Die Befragung führt ${escapeHtml(organisation)} durch.` : '';
  const mail = email ? `<a href="mailto:${escapeHtml(email)}">${escapeHtml(email)}</a>` : '';
  const contact = [name ? escapeHtml(name) : '', mail].filter((part) => part !== '').join(', ');
  const question = contact ? ` Fragen beantwortet Ihnen gern: ${contact}.` : '';
  return who || question ? `<p class="optout-contact">${who}${question}</p>` : '';
}

function content(page: OptOutPage): { title: string; body: string } {
  switch (page.state) {
    case 'ask':
      return {
        title: 'Von E-Mails abmelden',
        body: `<h1>${OPT_OUT_QUESTION}</h1>
<p>Wenn Sie bestätigen, schicken wir Ihnen zu dieser Befragung keine Einladungen und keine Erinnerungen mehr.</p>
<form method="post" class="optout-form">
<button type="submit">Ja, keine E-Mails mehr</button>
</form>
<p class="optout-note">Möchten Sie doch teilnehmen, gilt der persönliche Link aus Ihrer E-Mail weiterhin.</p>`,
      };
    case 'done':
      return {
        title: 'Abgemeldet',
        body: `<h1>Sie sind abgemeldet</h1>
<p class="optout-done" role="status">${OPT_OUT_DONE}</p>
<p class="optout-note">Möchten Sie doch teilnehmen, gilt der persönliche Link aus Ihrer E-Mail weiterhin.</p>`,
      };
    case 'already':
      return {
        title: 'Bereits abgemeldet',
        body: `<h1>Sie sind bereits abgemeldet</h1>
<p class="optout-done">${OPT_OUT_DONE} Abgemeldet am ${escapeHtml(formatDateTime(page.optedOutAt))}.</p>`,
      };
    case 'unknown':
      return {
        title: 'Link nicht gültig',
        body: `<h1>Dieser Abmelde-Link ist nicht gültig</h1>
<p>Bitte prüfen Sie, ob Sie den Link vollständig aus der E-Mail übernommen haben. Links aus Beispiel- und Test-E-Mails führen nirgendwohin.</p>`,
      };
    case 'error':
      return {
        title: 'Fehler',
        body: `<h1>Das hat leider nicht geklappt</h1>
<p>Ihre Abmeldung konnte gerade nicht bearbeitet werden (Fehler ${page.statusCode}). Bitte versuchen Sie es später noch einmal.</p>`,
      };
  }
}

/** The whole page, German, `lang="de"`, usable from 320 px up. */
export function renderOptOutPage(page: OptOutPage, context: OptOutPageContext): string {
  const { title, body } = content(page);
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${title} – Befragung</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(context.stylesheet)}">
</head>
<body>
<main class="optout">
${body}
${contactParagraph(context.sender)}
</main>
</body>
</html>
`;
}

/** The page a GET shows: the question, or "already opted out" with the time. */
export function pageOfRecipient(recipient: { optedOutAt: Date | null }): OptOutPage {
  return recipient.optedOutAt === null ? { state: 'ask' } : { state: 'already', optedOutAt: recipient.optedOutAt };
}
