import { MailException } from '../mail/mail.exception';
import { ErrorCode } from '../common/error-code';
import { DEFAULT_MAILING_FORM, mailingRefusalOf, parseMailingForm, readMailingForm } from './mail-form';

const NOW = new Date('2025-06-30T10:00:00Z');

describe('readMailingForm', () => {
  it('trims the fields and reads anything but "spaeter" as "sofort"', () => {
    expect(readMailingForm({ wann: 'morgen', zeitpunkt: ' 2025-07-01T09:00 ', mindestTage: ' 4', hoechstens: 2 })).toEqual({
      wann: 'sofort',
      zeitpunkt: '2025-07-01T09:00',
      mindestTage: '4',
      hoechstens: '',
    });
  });
});

describe('parseMailingForm', () => {
  it('sends an invitation now without any rules', () => {
    expect(parseMailingForm('invitation', DEFAULT_MAILING_FORM, NOW)).toEqual({
      dto: { kind: 'invitation' },
      scheduledAt: null,
      errors: {},
    });
  });

  it('reads a Berlin time as the UTC instant (summer and winter)', () => {
    const summer = parseMailingForm('invitation', { ...DEFAULT_MAILING_FORM, wann: 'spaeter', zeitpunkt: '2025-07-01T09:00' }, NOW);
    expect(summer.dto.scheduledAt).toBe('2025-07-01T07:00:00.000Z');
    const winter = parseMailingForm('invitation', { ...DEFAULT_MAILING_FORM, wann: 'spaeter', zeitpunkt: '2025-12-01T09:00' }, NOW);
    expect(winter.scheduledAt).toEqual(new Date('2025-12-01T08:00:00Z'));
  });

  it('takes the reminder rules', () => {
    expect(parseMailingForm('reminder', { ...DEFAULT_MAILING_FORM, mindestTage: '0', hoechstens: '10' }, NOW).dto).toEqual({
      kind: 'reminder',
      minDaysSinceLast: 0,
      maxReminders: 10,
    });
  });

  it.each([
    [{ wann: 'spaeter', zeitpunkt: '' }, 'zeitpunkt', 'Bitte geben Sie Datum und Uhrzeit des Versands an'],
    [{ wann: 'spaeter', zeitpunkt: '2025-02-30T09:00' }, 'zeitpunkt', 'vollständig'],
    [{ wann: 'spaeter', zeitpunkt: '2025-06-30T11:59' }, 'zeitpunkt', 'schon vorbei'],
    [{ mindestTage: '-1' }, 'mindestTage', 'ganze Zahl von 0 bis 365'],
    [{ mindestTage: '1,5' }, 'mindestTage', 'ganze Zahl'],
    [{ mindestTage: '366' }, 'mindestTage', 'ganze Zahl'],
    [{ hoechstens: '0' }, 'hoechstens', 'ganze Zahl von 1 bis 10'],
    [{ hoechstens: '' }, 'hoechstens', 'ganze Zahl'],
  ])('refuses %j at the field %s', (changes, field, message) => {
    const { errors } = parseMailingForm('reminder', { ...DEFAULT_MAILING_FORM, ...changes }, NOW);
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field as keyof typeof errors]).toContain(message);
  });
});

describe('mailingRefusalOf', () => {
  it('words a closed wave in German and leaves other errors to the error page', () => {
    expect(mailingRefusalOf(new MailException(ErrorCode.MAILING_WAVE_NOT_OPEN, 'x'))).toContain('nicht geöffnet');
    expect(mailingRefusalOf(new MailException(ErrorCode.MAIL_NOT_CONFIGURED, 'x'))).toBeUndefined();
    expect(mailingRefusalOf(new Error('x'))).toBeUndefined();
  });
});
