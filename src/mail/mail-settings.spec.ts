import { ConfigService } from '@nestjs/config';
import { validateEnvironment, type EnvironmentVariables } from '../config/env.validation';
import { HELD_MAIL_FROM, hostOf, MailSettings } from './mail-settings';

function settingsOf(raw: Record<string, string>): MailSettings {
  return new MailSettings(new ConfigService<EnvironmentVariables, true>({ ...validateEnvironment(raw) }));
}

describe('MailSettings', () => {
  it('holds mails under DATA_DIR/mail without a relay, from an address that can reach nobody', () => {
    const settings = settingsOf({ DATA_DIR: '/srv/umfrage' });
    expect(settings).toMatchObject({
      configured: false,
      smtpUrl: null,
      relayHost: null,
      from: HELD_MAIL_FROM,
      heldDirectory: '/srv/umfrage/mail',
    });
    expect(settings.domain).toBe('survey-waves.invalid');
  });

  it('takes the relay, sender, rate and footer from the configuration', () => {
    const settings = settingsOf({
      SMTP_URL: 'smtp://nutzer:geheim@relay.example.org:587',
      MAIL_FROM: 'Befragung <befragung@Example.org>',
      MAIL_RATE_PER_MINUTE: '30',
      MAIL_ORGANISATION: 'Beispiel-Institut',
      MAIL_CONTACT_NAME: 'Erika Muster',
      MAIL_CONTACT_EMAIL: 'erika@example.org',
      PUBLIC_URL: 'https://umfrage.example.org/',
    });
    expect(settings).toMatchObject({
      configured: true,
      relayHost: 'relay.example.org:587',
      domain: 'example.org',
      ratePerMinute: 30,
      publicUrl: 'https://umfrage.example.org',
      sender: { organisation: 'Beispiel-Institut', contactName: 'Erika Muster', contactEmail: 'erika@example.org' },
    });
  });

  it.each([
    ['smtp://relay.example.org', 'relay.example.org'],
    ['smtps://u:p@relay.example.org:465', 'relay.example.org:465'],
    ['smtp://127.0.0.1:2525', '127.0.0.1:2525'],
  ])('shows %s as %s (never the credentials)', (url, host) => {
    expect(hostOf(url)).toBe(host);
  });
});
