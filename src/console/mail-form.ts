/**
 * The console's send form ("Einladungen versenden", "Erinnerung versenden"): the posted fields, what
 * MailingsService takes (a Berlin datetime-local → UTC instant), and German messages at the fields. Pure.
 */
import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';
import { fromLocalInput } from '../common/german-time';
import { DEFAULT_REMINDER_RULES } from '../mail/delivery-policy';
import type { CreateMailingDto } from '../mail/dto/create-mailing.dto';
import type { MailKind } from '../mail/mail-templates';

/** The fields as entered (kept when the form is shown again). */
export interface MailingFormValues {
  /** "sofort" or "spaeter". */
  wann: string;
  /** datetime-local, Berlin time; only with wann = spaeter. */
  zeitpunkt: string;
  /** Reminders only. */
  mindestTage: string;
  hoechstens: string;
}

export type MailingFormErrors = Partial<Record<keyof MailingFormValues, string>>;

export const DEFAULT_MAILING_FORM: MailingFormValues = {
  wann: 'sofort',
  zeitpunkt: '',
  mindestTage: String(DEFAULT_REMINDER_RULES.minDaysSinceLast),
  hoechstens: String(DEFAULT_REMINDER_RULES.maxReminders),
};

/** The limits of the API's DTO (CreateMailingDto), repeated in the form's words. */
export const MIN_DAYS_RANGE = { min: 0, max: 365 };
export const MAX_REMINDERS_RANGE = { min: 1, max: 10 };

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

export function readMailingForm(body: Record<string, unknown> | undefined): MailingFormValues {
  return {
    wann: text(body?.wann) === 'spaeter' ? 'spaeter' : 'sofort',
    zeitpunkt: text(body?.zeitpunkt),
    mindestTage: text(body?.mindestTage),
    hoechstens: text(body?.hoechstens),
  };
}

function wholeNumber(value: string, range: { min: number; max: number }): number | undefined {
  if (!/^\d{1,4}$/.test(value)) return undefined;
  const number = Number(value);
  return number >= range.min && number <= range.max ? number : undefined;
}

/**
 * What the service is asked for, or the German messages of what is wrong. A time "zu einem Zeitpunkt"
 * must be complete and later than `now`; whether the wave is open then is the service's answer.
 */
export function parseMailingForm(
  kind: MailKind,
  values: MailingFormValues,
  now: Date,
): { dto: CreateMailingDto; scheduledAt: Date | null; errors: MailingFormErrors } {
  const errors: MailingFormErrors = {};
  const dto: CreateMailingDto = { kind };
  let scheduledAt: Date | null = null;
  if (values.wann === 'spaeter') {
    const at = values.zeitpunkt === '' ? undefined : fromLocalInput(values.zeitpunkt);
    if (values.zeitpunkt === '') errors.zeitpunkt = 'Bitte geben Sie Datum und Uhrzeit des Versands an (oder wählen Sie „sofort“).';
    else if (at === undefined) errors.zeitpunkt = 'Bitte geben Sie Datum und Uhrzeit vollständig an, z. B. 01.07.2025, 09:00.';
    else if (at.getTime() <= now.getTime())
      errors.zeitpunkt = 'Dieser Zeitpunkt ist schon vorbei. Bitte wählen Sie einen späteren oder „sofort“.';
    else {
      scheduledAt = at;
      dto.scheduledAt = at.toISOString();
    }
  }
  if (kind === 'reminder') {
    const minDays = wholeNumber(values.mindestTage, MIN_DAYS_RANGE);
    const maxReminders = wholeNumber(values.hoechstens, MAX_REMINDERS_RANGE);
    if (minDays === undefined) {
      errors.mindestTage = `Bitte geben Sie eine ganze Zahl von ${MIN_DAYS_RANGE.min} bis ${MIN_DAYS_RANGE.max} Tagen an.`;
    } else dto.minDaysSinceLast = minDays;
    if (maxReminders === undefined) {
      errors.hoechstens = `Bitte geben Sie eine ganze Zahl von ${MAX_REMINDERS_RANGE.min} bis ${MAX_REMINDERS_RANGE.max} an.`;
    } else dto.maxReminders = maxReminders;
  }
  return { dto, scheduledAt, errors };
}

/** The German message for a refusal of MailingsService that the form shows at its top; undefined for anything else. */
export function mailingRefusalOf(error: unknown): string | undefined {
  if (!(error instanceof AppException)) return undefined;
  if (error.code === ErrorCode.MAILING_WAVE_NOT_OPEN) {
    return 'Die Welle ist zu diesem Zeitpunkt nicht geöffnet. E-Mails gehen nur hinaus, solange die Welle geöffnet ist (oder vor dem Versandzeitpunkt geöffnet wird) und ihre Feldzeit nicht vorbei ist. Es wurde nichts versandt.';
  }
  return undefined;
}
