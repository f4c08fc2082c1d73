import { acceptsGzip, ASSET_SOURCES, assetUrl, fingerprint, renderPage, renderPreviewPage } from './web-assets';

describe('acceptsGzip', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['', false],
    ['identity', false],
    ['gzip', true],
    ['gzip, deflate, br, zstd', true],
    ['GZIP', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['gzip;q=0', false],
    ['gzip; q=0, *', false],
    ['*', true],
    ['*;q=0', false],
    ['x-gzip', true],
    ['gzip;q=abc', false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe('renderPage', () => {
  const urls = new Map([
    ['a.js', '/assets/0123456789abcdef/a.js'],
    ['b.css', '/assets/fedcba9876543210/b.css'],
  ]);

  it('puts the fingerprinted URL in place of every placeholder', () => {
    const html = '<link href="{{asset:b.css}}"><script src="{{asset:a.js}}"></script><script src="{{asset:a.js}}"></script>';
    expect(renderPage(html, urls)).toBe(
      '<link href="/assets/fedcba9876543210/b.css"><script src="/assets/0123456789abcdef/a.js"></script><script src="/assets/0123456789abcdef/a.js"></script>',
    );
  });

  it('refuses a placeholder for a file that is not whitelisted', () => {
    expect(() => renderPage('<script src="{{asset:../../package.json}}"></script>', urls)).toThrow(
      /not whitelisted: \.\.\/\.\.\/package\.json/,
    );
  });
});

describe('fingerprint and assetUrl', () => {
  it('changes with the content and has 16 hex digits', () => {
    expect(fingerprint('one')).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint('one')).toBe(fingerprint(Buffer.from('one')));
    expect(fingerprint('one')).not.toBe(fingerprint('two'));
    expect(assetUrl('survey-page.js', 'abcdef0123456789')).toBe('/assets/abcdef0123456789/survey-page.js');
  });
});

describe('ASSET_SOURCES', () => {
  it('whitelists distinct public names, each with a text content type', () => {
    const names = ASSET_SOURCES.map((source) => source.name);
    expect(new Set(names).size).toBe(names.length);
    for (const source of ASSET_SOURCES) {
      expect(source.name).toMatch(/^[a-z0-9.-]+\.(js|css)$/);
      expect(source.contentType).toBe(source.name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
    }
  });
});

describe('renderPreviewPage', () => {
  const page = '<html><head><title>Befragung</title></head><body><main></main></body></html>';

  it('is the respondent page with a preview title, a banner and the preview URL on <body>', () => {
    const preview = renderPreviewPage(page);
    expect(preview).toContain('<title>Vorschau – Befragung</title>');
    expect(preview).toMatch(/<body data-preview-url="vorschau.json">\s*<header class="preview-banner">/);
    expect(preview).toContain('Vorschau – Antworten werden nicht gespeichert');
    expect(preview).toContain('<main></main>');
  });

  it('refuses a page it cannot mark as a preview, rather than serve one that would save', () => {
    expect(() => renderPreviewPage('<html><body class="x"></body></html>')).toThrow(/preview cannot be made/);
  });
});
