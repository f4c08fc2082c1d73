import { domainOfAddress, listUnsubscribeHeaders, messageIdFor, unsubscribeUrl } from './list-unsubscribe';

describe('unsubscribeUrl', () => {
  it.each([
    ['https://umfrage.example.org', 'abc_DEF-123', 'https://umfrage.example.org/abmelden/abc_DEF-123'],
    ['https://umfrage.example.org/', 'tok', 'https://umfrage.example.org/abmelden/tok'],
    ['https://example.org/studie//', 'tok', 'https://example.org/studie/abmelden/tok'],
    ['http://127.0.0.1:3000', 'tok', 'http://127.0.0.1:3000/abmelden/tok'],
  ])('%s + %s → %s', (publicUrl, token, url) => {
    expect(unsubscribeUrl(publicUrl, token)).toBe(url);
  });

  it.each([
    ['umfrage.example.org', 'tok'],
    ['javascript:alert(1)', 'tok'],
    ['https://example.org', 'a/b'],
    ['https://example.org', ''],
    ['https://example.org', 'tok>'],
  ])('refuses %s + %p', (publicUrl, token) => {
    expect(() => unsubscribeUrl(publicUrl, token)).toThrow();
  });
});

describe('listUnsubscribeHeaders', () => {
  it.each<[string, Record<string, string>]>([
    [
      'https://umfrage.example.org/abmelden/tok',
      { 'List-Unsubscribe': '<https://umfrage.example.org/abmelden/tok>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    ],
    ['http://127.0.0.1:3000/abmelden/tok', { 'List-Unsubscribe': '<http://127.0.0.1:3000/abmelden/tok>' }],
  ])('%s', (url, headers) => {
    expect(listUnsubscribeHeaders(url)).toEqual(headers);
  });

  it.each(['mailto:x@example.org', 'https://e.org/a,b', 'https://e.org/a>b', 'https://e.org/a\r\nBcc: x@example.org'])(
    'refuses %p',
    (url) => {
      expect(() => listUnsubscribeHeaders(url)).toThrow();
    },
  );
});

describe('domainOfAddress', () => {
  it.each([
    ['umfrage@example.org', 'example.org'],
    ['Projektteam <umfrage@Mail.Example.ORG>', 'mail.example.org'],
    ['"Team, Umfrage" <a.b+c@sub-1.example.de>', 'sub-1.example.de'],
    ['x@localhost', 'localhost'],
  ])('%s → %s', (from, domain) => {
    expect(domainOfAddress(from)).toBe(domain);
  });

  it.each(['example.org', 'a@', 'a@-bad.org', 'a@b..org', 'a b@example.org', ''])('refuses %p', (from) => {
    expect(() => domainOfAddress(from)).toThrow(/not an e-mail address/);
  });
});

describe('messageIdFor', () => {
  it.each<[string | number, string, string]>([
    ['0b3c5f5e-8f0e-4c5b-9d7e-2a1f3c4d5e6f', 'example.org', '<0b3c5f5e-8f0e-4c5b-9d7e-2a1f3c4d5e6f.survey-waves@example.org>'],
    [42, 'Mail.Example.org', '<42.survey-waves@mail.example.org>'],
  ])('%p @ %s → %s', (id, domain, messageId) => {
    expect(messageIdFor(id, domain)).toBe(messageId);
  });

  it('is the same on every attempt and differs per row', () => {
    expect(messageIdFor('a1', 'example.org')).toBe(messageIdFor('a1', 'example.org'));
    expect(messageIdFor('a1', 'example.org')).not.toBe(messageIdFor('a2', 'example.org'));
  });

  it.each<[string, string]>([
    ['a>b', 'example.org'],
    ['', 'example.org'],
    ['1', 'exa mple.org'],
    ['1', 'example.org>'],
  ])('refuses %p @ %p', (id, domain) => {
    expect(() => messageIdFor(id, domain)).toThrow();
  });
});
