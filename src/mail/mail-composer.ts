import { Injectable } from '@nestjs/common';
import { formatDateTime } from '../common/german-time';
import { listUnsubscribeHeaders, messageIdFor, unsubscribeUrl } from './list-unsubscribe';
import { MailSettings } from './mail-settings';
import { renderTemplate, type MailTemplate } from './mail-templates';
import type { OutgoingMail } from './mail-transport';

/** Everything one mail is made of. */
export interface MailInput {
  template: MailTemplate;
  /** The wave's end ({{frist}}), or null for "zum Ende der Befragung". */
  closesAt: Date | null;
  to: string;
  name: string | null;
  salutation: string | null;
  /** The personal link ({{link}}). */
  link: string;
  /** The recipient's opt-out token ({{abmelden}} and the List-Unsubscribe headers). */
  optOutToken: string;
  /** The outbox row's id: the Message-ID, the same on every attempt. */
  outboxId: string;
}

/** Turns a template and one recipient into the mail the transport sends: German text + HTML, Message-ID, List-Unsubscribe. */
@Injectable()
export class MailComposer {
  constructor(private readonly settings: MailSettings) {}

  compose(input: MailInput): OutgoingMail {
    const optOut = unsubscribeUrl(this.settings.publicUrl, input.optOutToken);
    const rendered = renderTemplate(
      input.template,
      {
        anrede: input.salutation,
        name: input.name,
        link: input.link,
        frist: input.closesAt === null ? null : formatDateTime(input.closesAt),
        abmelden: optOut,
      },
      this.settings.sender,
    );
    return {
      to: input.to,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: messageIdFor(input.outboxId, this.settings.domain),
      headers: listUnsubscribeHeaders(optOut),
    };
  }
}
