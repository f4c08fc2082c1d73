import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import { MailSettings } from './mail-settings';

/** One rendered mail, ready for the relay. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<id@domain>`, the same on every attempt of one outbox row. */
  messageId: string;
  headers?: Record<string, string>;
}

/** What became of a mail: accepted by the relay (250 after DATA), or kept as an .eml file because no relay is configured. */
export type TransportResult = { held: false } | { held: true; path: string };

/**
 * The only place that talks SMTP. With SMTP_URL: one pooled nodemailer connection (the rate limit is the
 * worker's, not nodemailer's); `send` resolves only after the relay's 250 and rejects with nodemailer's error
 * (`responseCode`, `code`, `response`) otherwise. Without SMTP_URL: the mail is written to
 * DATA_DIR/mail/<name>.eml and nothing leaves the machine.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger(MailTransport.name);
  private relay: Transporter | null = null;
  private readonly file: Transporter = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  constructor(private readonly settings: MailSettings) {}

  /** Sends (or holds) one mail; `name` names the .eml file of a held mail (the outbox row's id). */
  async send(mail: OutgoingMail, name: string): Promise<TransportResult> {
    const message = {
      from: this.settings.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: mail.headers,
    };
    if (this.settings.smtpUrl === null) {
      const { message: eml } = (await this.file.sendMail(message)) as { message: Buffer };
      await mkdir(this.settings.heldDirectory, { recursive: true, mode: 0o700 });
      const path = join(this.settings.heldDirectory, `${name}.eml`);
      await writeFile(path, eml, { mode: 0o600 });
      return { held: true, path };
    }
    await this.relayTransport().sendMail(message);
    return { held: false };
  }

  /** Checks that the relay answers and accepts the credentials (for the console's "Verbindung prüfen"). */
  async verify(): Promise<void> {
    if (this.settings.smtpUrl === null) throw new Error('no mail server is configured (SMTP_URL)');
    await this.relayTransport().verify();
  }

  onApplicationShutdown(): void {
    this.relay?.close();
    this.relay = null;
  }

  private relayTransport(): Transporter {
    if (this.relay === null) {
      const url = new URL(this.settings.smtpUrl as string);
      this.relay = createTransport({
        host: url.hostname,
        port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
        secure: url.protocol === 'smtps:',
        auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
        pool: true,
        maxConnections: 1,
        // A relay that stops answering must not hold a worker forever: it counts as a dropped connection (deferred).
        // Inactivity up to 10 minutes is allowed: RFC 5321 4.5.3.2.6 gives the relay 10 minutes for its reply after
        // DATA (a shorter limit would defer, and later resend, mails the relay did accept). The worker renews its
        // lease meanwhile.
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 10 * 60_000,
      });
      this.logger.log(`Mail relay ${this.settings.relayHost}`);
    }
    return this.relay;
  }
}
