import { RequestException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';
import { DataProtectionException } from '../data-protection/data-protection.exception';
import {
  contactsForgottenMessage,
  erasedMessage,
  erasureReturn,
  readErasureReason,
  readExternalId,
  REASON_NAMES_PERSON,
  reasonRefusal,
} from './erasure-form';

describe('readErasureReason', () => {
  it.each([
    ['  Antrag per E-Mail vom 12.10.2025  ', 'Antrag per E-Mail vom 12.10.2025', null],
    ['', '', 'Bitte geben Sie den Grund der Löschung an, zum Beispiel den Eingang des Antrags.'],
    ['   \n ', '', 'Bitte geben Sie den Grund der Löschung an, zum Beispiel den Eingang des Antrags.'],
    [undefined, '', 'Bitte geben Sie den Grund der Löschung an, zum Beispiel den Eingang des Antrags.'],
    [['a', 'b'], '', 'Bitte geben Sie den Grund der Löschung an, zum Beispiel den Eingang des Antrags.'],
    ['x'.repeat(500), 'x'.repeat(500), null],
    ['x'.repeat(1234), 'x'.repeat(1234), 'Der Grund ist 1.234 Zeichen lang; höchstens 500 sind möglich.'],
    [
      'Antrag von erika.muster@example.org',
      'Antrag von erika.muster@example.org',
      'Der Grund enthält eine E-Mail-Adresse. Er steht im Protokoll: bitte ohne Angaben zur Person.',
    ],
    [
      'Antrag von erika@muster-gmbh',
      'Antrag von erika@muster-gmbh',
      'Der Grund enthält eine E-Mail-Adresse. Er steht im Protokoll: bitte ohne Angaben zur Person.',
    ],
    ['Antrag @ Telefon', 'Antrag @ Telefon', null],
  ])('%j → %j, %j', (value, reason, error) => {
    expect(readErasureReason(value)).toEqual({ reason, error });
  });
});

describe('reasonRefusal', () => {
  const naming = new DataProtectionException(ErrorCode.VALIDATION_FAILED, 'The reason names the person', [
    { path: 'reason', message: 'must not contain the e-mail address, name or organisation of the person' },
  ]);
  it.each([
    ['the service refusing a reason that names the person', naming, REASON_NAMES_PERSON],
    [
      'a validation error at another field',
      new RequestException(ErrorCode.VALIDATION_FAILED, 'x', [{ path: 'email', message: 'x' }]),
      null,
    ],
    ['a validation error without fields', new DataProtectionException(ErrorCode.VALIDATION_FAILED, 'x'), null],
    ['another refusal', new DataProtectionException(ErrorCode.INVITATION_ALREADY_ERASED, 'x'), null],
    ['an unexpected error', new Error('reason'), null],
  ])('%s → %j', (_case, error, message) => {
    expect(reasonRefusal(error)).toBe(message);
  });
  it('says so in German, at the reason', () => {
    expect(REASON_NAMES_PERSON).toMatch(/^Der Grund darf die Person nicht nennen/);
  });
});

describe('erasureReturn', () => {
  it.each([
    ['ki-2025', undefined, { href: '/admin/wellen/ki-2025/einladungen', query: '' }],
    ['ki-2025', 'personen', { href: '/admin/personen', query: '?von=personen' }],
    ['ki-2025', 'https://example.org', { href: '/admin/wellen/ki-2025/einladungen', query: '' }],
    ['ki-2025', ['personen', 'x'], { href: '/admin/wellen/ki-2025/einladungen', query: '' }],
  ])('%s, von=%j → %j', (code, from, expected) => {
    expect(erasureReturn(code, from)).toEqual(expected);
  });
});

describe('readExternalId', () => {
  it.each([
    [' r-17 ', 'r-17', null],
    ['', '', 'Bitte geben Sie die Kennung der Antwort an.'],
    [42, '', 'Bitte geben Sie die Kennung der Antwort an.'],
    ['a'.repeat(201), 'a'.repeat(201), 'Eine Kennung hat höchstens 200 Zeichen.'],
  ])('%j → %j, %j', (value, externalId, error) => {
    expect(readExternalId(value)).toEqual({ externalId, error });
  });
});

describe('erasedMessage', () => {
  it.each([
    [
      { contact: true, response: 'completed' as const, answers: 34, mails: 2 },
      'Gelöscht: die Kontaktdaten, die abgeschlossene Antwort (34 Einzelantworten) und 2 E-Mails. Im Protokoll steht nur, wer wann und warum gelöscht hat.',
    ],
    [
      { contact: false, response: 'partial' as const, answers: 1, mails: 0 },
      'Gelöscht: die begonnene Antwort (1 Einzelantwort). Im Protokoll steht nur, wer wann und warum gelöscht hat.',
    ],
    [
      { contact: true, response: null, answers: 0, mails: 1 },
      'Gelöscht: die Kontaktdaten und 1 E-Mail. Im Protokoll steht nur, wer wann und warum gelöscht hat.',
    ],
    [
      { contact: false, response: null, answers: 0, mails: 0 },
      'Gelöscht: der persönliche Link. Im Protokoll steht nur, wer wann und warum gelöscht hat.',
    ],
  ])('%j', (deleted, message) => {
    expect(erasedMessage(deleted)).toBe(message);
  });
});

describe('contactsForgottenMessage', () => {
  it.each([
    [
      { contacts: 12, tokens: 1500, cancelledMails: 2 },
      'Die Kontaktdaten der Welle sind gelöscht: 12 Kontakte, 1.500 persönliche Links; 2 wartende E-Mails storniert. Die Antworten sind erhalten.',
    ],
    [
      { contacts: 1, tokens: 1, cancelledMails: 0 },
      'Die Kontaktdaten der Welle sind gelöscht: 1 Kontakt, 1 persönlicher Link. Die Antworten sind erhalten.',
    ],
  ])('%j', (result, message) => {
    expect(contactsForgottenMessage(result)).toBe(message);
  });
});
