import { redactUrl } from './logging';

describe('redactUrl', () => {
  it.each([
    ['/api/respond/abcDEF123_-x', '/api/respond/[token]'],
    ['/survey/abcDEF123_-x?lang=de', '/survey/[token]?lang=de'],
    ['/api/respond/abc/extra', '/api/respond/[token]/extra'],
    ['/api/waves/ki-2023', '/api/waves/ki-2023'],
  ])('%s is logged as %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});
