import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { join } from 'node:path';
import { EnvironmentVariables } from '../config/env.validation';
import { publicUrlOf } from '../config/public-url';
import { domainOfAddress } from './list-unsubscribe';
import type { MailSender } from './mail-templates';

/** The sender used for held mails while no MAIL_FROM is configured (.invalid: it can never reach anyone). */
export const HELD_MAIL_FROM = 'Befragung <befragung@survey-waves.invalid>';

/** Everything the mail module reads from the configuration, resolved once. */
@Injectable()
export class MailSettings {
  /** The relay, or null: then mails are held as .eml files. Contains credentials: never log it, log `relayHost`. */
  readonly smtpUrl: string | null;
  /** Host and port of the relay, for logs and the console ("Mailserver: relay.example.org:587"). */
  readonly relayHost: string | null;
  readonly from: string;
  /** Domain of the sender address, for Message-IDs. */
  readonly domain: string;
  readonly ratePerMinute: number;
  /** Where held mails are written: DATA_DIR/mail. */
  readonly heldDirectory: string;
  readonly publicUrl: string;
  readonly sender: MailSender;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.smtpUrl = config.get('SMTP_URL', { infer: true }) ?? null;
    this.relayHost = this.smtpUrl === null ? null : hostOf(this.smtpUrl);
    this.from = config.get('MAIL_FROM', { infer: true }) ?? HELD_MAIL_FROM;
    this.domain = domainOfAddress(this.from);
    this.ratePerMinute = config.get('MAIL_RATE_PER_MINUTE', { infer: true });
    this.heldDirectory = join(config.get('DATA_DIR', { infer: true }), 'mail');
    this.publicUrl = publicUrlOf(config);
    this.sender = {
      organisation: config.get('MAIL_ORGANISATION', { infer: true }) ?? '',
      contactName: config.get('MAIL_CONTACT_NAME', { infer: true }) ?? '',
      contactEmail: config.get('MAIL_CONTACT_EMAIL', { infer: true }) ?? '',
    };
  }

  /** Whether a relay is configured (else mails are held). */
  get configured(): boolean {
    return this.smtpUrl !== null;
  }
}

/** `host:port` of an SMTP URL, without user and password. */
export function hostOf(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return url.port ? `${url.hostname}:${url.port}` : url.hostname;
}
