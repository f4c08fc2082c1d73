import { ErrorCode } from '../../common/error-code';
import { errorBodyOf, errorTarget, refusalHeading, refusalMessage, tokenFromPath } from './server-errors';
import { CODES } from './contracts';

describe('errorTarget', () => {
  it.each([
    ['rolle', { question: 'rolle', item: null }],
    ['chancen.werbung', { question: 'chancen', item: 'werbung' }],
    ['chancen.a.b', { question: 'chancen', item: 'a.b' }],
    ['', null],
    ['.werbung', null],
  ])('%j → %j', (path, expected) => {
    expect(errorTarget(path)).toEqual(expected);
  });
});

describe('errorBodyOf', () => {
  it('keeps the code, the message and the well-formed details of an error answer', () => {
    const payload = {
      statusCode: 422,
      code: 'RESPONSE_INVALID',
      message: 'Ungültige Antworten',
      errors: [{ path: 'chancen.werbung', message: 'Ungültiger Wert 5' }, { path: 3 }, null, 'text'],
    };
    expect(errorBodyOf(payload)).toEqual({
      code: 'RESPONSE_INVALID',
      message: 'Ungültige Antworten',
      errors: [{ path: 'chancen.werbung', message: 'Ungültiger Wert 5' }],
    });
  });

  it.each([null, 'text', 42, [], { code: 5, message: null, errors: 'x' }])('gives nothing for %j', (payload) => {
    expect(errorBodyOf(payload)).toEqual({});
  });
});

describe('refusalHeading and refusalMessage', () => {
  const closed = {
    code: 'RESPONSE_WAVE_NOT_OPEN' as const,
    message: 'Die Befragung wurde am 1. Mai 2025 beendet.',
    errors: [
      { path: 'opensAt', message: 'x' },
      { path: 'wave', message: 'Die Befragung ist beendet' },
    ],
  };

  it("takes the server's heading and text", () => {
    expect(refusalHeading(closed, 'Ersatz')).toBe('Die Befragung ist beendet');
    expect(refusalMessage(closed, 'Ersatz')).toBe('Die Befragung wurde am 1. Mai 2025 beendet.');
  });

  it('falls back when the answer carries none', () => {
    expect(refusalHeading({}, 'Ersatz')).toBe('Ersatz');
    expect(refusalHeading({ errors: [{ path: 'wave', message: '' }] }, 'Ersatz')).toBe('Ersatz');
    expect(refusalMessage({ message: '' }, 'Ersatz')).toBe('Ersatz');
  });
});

describe('tokenFromPath', () => {
  it.each([
    ['/survey/abc-DEF_123', 'abc-DEF_123'],
    ['/survey/abc/', 'abc'],
    ['/survey/a%20b', 'a b'],
    ['/survey/', ''],
    ['/survey', ''],
    ['/survey/a/b', ''],
    ['/survey/%E0%A4%A', ''],
    ['/other/abc', ''],
  ])('%s → %j', (path, token) => {
    expect(tokenFromPath(path)).toBe(token);
  });
});

describe('CODES', () => {
  it('are the values of the server’s ErrorCode of the same name', () => {
    for (const [name, value] of Object.entries(CODES)) expect(ErrorCode[name as keyof typeof ErrorCode]).toBe(value);
  });
});
