import { contactsForgottenMessage, erasedMessage, readErasureReason, readExternalId } from './erasure-form';

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
    ['Antrag @ Telefon', 'Antrag @ Telefon', null],
  ])('%j → %j, %j', (value, reason, error) => {
    expect(readErasureReason(value)).toEqual({ reason, error });
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
