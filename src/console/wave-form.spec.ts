import { WaveException } from '../waves/wave.exception';
import { ErrorCode } from '../common/error-code';
import { parseWaveForm, readWaveForm, waveFormErrorsOf } from './wave-form';

const filled = { code: 'ki-2025', title: 'KI 2025', definition: 'ki-mittelstand/2023', opensAt: '2025-06-02T08:00', closesAt: '' };
const create = { needsCode: true, needsDefinition: true };

describe('readWaveForm', () => {
  it('keeps the posted strings, trimmed, and ignores anything else', () => {
    expect(readWaveForm({ code: ' ki-2025 ', title: ['x'], definition: 'a/b', extra: 1 })).toEqual({
      code: 'ki-2025',
      title: '',
      definition: 'a/b',
      opensAt: '',
      closesAt: '',
    });
  });
});

describe('parseWaveForm', () => {
  it('turns the form into the service’s fields (Berlin time → UTC, empty → no bound)', () => {
    expect(parseWaveForm(filled, create)).toEqual({
      fields: {
        code: 'ki-2025',
        title: 'KI 2025',
        surveyId: 'ki-mittelstand',
        version: '2023',
        opensAt: new Date('2025-06-02T06:00:00Z'),
        closesAt: null,
      },
      errors: {},
    });
  });

  it.each([
    [{ code: '' }, 'code', 'Bitte geben Sie ein Kürzel ein.'],
    [{ code: 'KI 2025' }, 'code', 'nicht gültig'],
    [{ title: '' }, 'title', 'Titel'],
    [{ title: 'x'.repeat(301) }, 'title', '300 Zeichen'],
    [{ definition: '' }, 'definition', 'Fragebogen-Version'],
    [{ definition: 'ohne-version/' }, 'definition', 'Fragebogen-Version'],
    [{ opensAt: '02.06.2025 08:00' }, 'opensAt', 'Datum und Uhrzeit'],
    [{ closesAt: '2025-02-30T10:00' }, 'closesAt', 'Datum und Uhrzeit'],
  ])('%j → a German message at %s', (change, field, message) => {
    const { errors } = parseWaveForm({ ...filled, ...change }, create);
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field as keyof typeof errors]).toContain(message);
  });

  it('needs neither code nor version on the edit form', () => {
    expect(parseWaveForm({ ...filled, code: '', definition: '' }, { needsCode: false, needsDefinition: false }).errors).toEqual({});
  });
});

describe('waveFormErrorsOf', () => {
  it.each([
    [new WaveException(ErrorCode.WAVE_CODE_TAKEN, 'x'), 'code'],
    [new WaveException(ErrorCode.WAVE_DEFINITION_UNKNOWN, 'x'), 'definition'],
    [new WaveException(ErrorCode.WAVE_PIN_IMMUTABLE, 'x'), 'definition'],
    [new WaveException(ErrorCode.VALIDATION_FAILED, 'x', [{ path: 'closesAt', message: 'm' }]), 'closesAt'],
  ])('puts %s at the field %s', (error, field) => {
    expect(Object.keys(waveFormErrorsOf(error) ?? {})).toEqual([field]);
  });

  it.each([[new WaveException(ErrorCode.WAVE_NOT_FOUND, 'x')], [new Error('x')]])('leaves other errors to the error page', (error) => {
    expect(waveFormErrorsOf(error)).toBeUndefined();
  });
});
