/**
 * The console's wave form ("Neue Welle", "Welle bearbeiten"): reading the posted fields, turning them
 * into what WavesService takes (Berlin datetime-local → UTC), and the German messages at the fields,
 * for the form's own checks and for the service's refusals. Pure.
 */
import { AppException, pathDetails } from '../common/app.exception';
import { isCode } from '../common/codes';
import { ErrorCode } from '../common/error-code';
import { fromLocalInput } from '../common/german-time';

/** The form's fields as entered (kept when the form is shown again). `definition` is "surveyId/version". */
export interface WaveFormValues {
  code: string;
  title: string;
  definition: string;
  opensAt: string;
  closesAt: string;
}

export type WaveFormErrors = Partial<Record<keyof WaveFormValues, string>>;

export interface WaveFormFields {
  code: string;
  title: string;
  surveyId: string;
  version: string;
  opensAt: Date | null;
  closesAt: Date | null;
}

/** The code rule of the API, as the form's hint says it. */
export const WAVE_CODE_HINT =
  '1–100 Kleinbuchstaben, Ziffern, „-“ oder „_“, beginnend mit einem Buchstaben oder einer Ziffer (z. B. ki-2025).';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function readWaveForm(body: Record<string, unknown> | undefined): WaveFormValues {
  return {
    code: text(body?.code).trim(),
    title: text(body?.title).trim(),
    definition: text(body?.definition).trim(),
    opensAt: text(body?.opensAt).trim(),
    closesAt: text(body?.closesAt).trim(),
  };
}

/** The select value of a questionnaire version; survey ids are codes, so they never contain "/". */
export function definitionValue(surveyId: string, version: string): string {
  return `${surveyId}/${version}`;
}

function splitDefinition(value: string): { surveyId: string; version: string } | undefined {
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1) return undefined;
  return { surveyId: value.slice(0, slash), version: value.slice(slash + 1) };
}

/**
 * The fields the service takes, or the German messages of what is missing or malformed. `needsCode`
 * and `needsDefinition` are false on the edit form (the code never changes; the version only in a draft).
 * Whether the code is free, the version exists and the window is not empty is the service's answer.
 */
export function parseWaveForm(
  values: WaveFormValues,
  options: { needsCode: boolean; needsDefinition: boolean },
): { fields: WaveFormFields; errors: WaveFormErrors } {
  const errors: WaveFormErrors = {};
  if (options.needsCode) {
    if (values.code === '') errors.code = 'Bitte geben Sie ein Kürzel ein.';
    else if (!isCode(values.code)) errors.code = `Dieses Kürzel ist nicht gültig: ${WAVE_CODE_HINT}`;
  }
  if (values.title === '') errors.title = 'Bitte geben Sie einen Titel ein.';
  else if (values.title.length > 300) errors.title = 'Der Titel darf höchstens 300 Zeichen lang sein.';
  const definition = splitDefinition(values.definition);
  if (options.needsDefinition && !definition) errors.definition = 'Bitte wählen Sie eine Fragebogen-Version.';
  const opensAt = values.opensAt === '' ? null : fromLocalInput(values.opensAt);
  const closesAt = values.closesAt === '' ? null : fromLocalInput(values.closesAt);
  if (opensAt === undefined) errors.opensAt = 'Bitte geben Sie Datum und Uhrzeit vollständig an (oder lassen Sie das Feld leer).';
  if (closesAt === undefined) errors.closesAt = 'Bitte geben Sie Datum und Uhrzeit vollständig an (oder lassen Sie das Feld leer).';
  return {
    fields: {
      code: values.code,
      title: values.title,
      surveyId: definition?.surveyId ?? '',
      version: definition?.version ?? '',
      opensAt: opensAt ?? null,
      closesAt: closesAt ?? null,
    },
    errors,
  };
}

/** The German messages at the fields for a refusal of WavesService; undefined for anything else (shown as an error page). */
export function waveFormErrorsOf(error: unknown): WaveFormErrors | undefined {
  if (!(error instanceof AppException)) return undefined;
  switch (error.code) {
    case ErrorCode.WAVE_CODE_TAKEN:
      return { code: 'Dieses Kürzel hat schon eine andere Welle. Bitte wählen Sie ein anderes.' };
    case ErrorCode.WAVE_DEFINITION_UNKNOWN:
      return { definition: 'Diese Fragebogen-Version gibt es nicht.' };
    case ErrorCode.WAVE_PIN_IMMUTABLE:
      return {
        definition: 'Die Fragebogen-Version kann nur geändert werden, solange die Welle ein Entwurf ohne importierte Antworten ist.',
      };
    case ErrorCode.VALIDATION_FAILED:
      return pathDetails(error).some((detail) => detail.path === 'closesAt')
        ? { closesAt: 'Das Ende der Feldzeit muss nach ihrem Beginn liegen.' }
        : undefined;
    default:
      return undefined;
  }
}
