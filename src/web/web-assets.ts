/**
 * What the respondent page consists of: a fixed list of files, each served under
 * a URL that carries a fingerprint of its content, so that browsers may cache
 * it for a year and still never run a stale copy. Pure: no Nest, no file system.
 */
import { createHash } from 'node:crypto';

export const ASSETS_ROUTE = 'assets';
/** Fingerprinted files never change under their URL. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** The page itself is tiny and may change with every deployment; it is never stored, not even by the browser. */
export const PAGE_CACHE_CONTROL = 'no-store';

export type AssetPackage = 'survey-core' | 'survey-js-ui' | 'htmx.org' | 'page' | 'client';

export interface AssetSource {
  /** Public file name under /assets/<fingerprint>/. */
  name: string;
  /** Where the file comes from: an installed package's folder, the page's own folder or the built page script (src/web/client). */
  from: AssetPackage;
  /** Path of the file inside that folder. */
  file: string;
  contentType: string;
}

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/**
 * The whitelist: nothing else under node_modules is reachable. The fontless theme
 * is used because the full one loads Open Sans from Google's servers.
 */
export const ASSET_SOURCES: readonly AssetSource[] = [
  { name: 'survey-core.css', from: 'survey-core', file: 'survey-core.fontless.min.css', contentType: CSS },
  { name: 'survey-core.js', from: 'survey-core', file: 'survey.core.min.js', contentType: JAVASCRIPT },
  { name: 'survey-core.de.js', from: 'survey-core', file: 'i18n/german.min.js', contentType: JAVASCRIPT },
  { name: 'survey-js-ui.js', from: 'survey-js-ui', file: 'survey-js-ui.min.js', contentType: JAVASCRIPT },
  { name: 'survey-page.css', from: 'page', file: 'survey-page.css', contentType: CSS },
  { name: 'survey-page.js', from: 'client', file: 'survey-page.js', contentType: JAVASCRIPT },
  // The staff console (src/console): htmx 2.0 for progressive enhancement, its style sheet and its small script.
  { name: 'htmx.js', from: 'htmx.org', file: 'htmx.min.js', contentType: JAVASCRIPT },
  { name: 'console.css', from: 'page', file: 'console.css', contentType: CSS },
  { name: 'console-page.js', from: 'client', file: 'console-page.js', contentType: JAVASCRIPT },
  // The opt-out pages behind {{abmelden}} (src/mail/opt-out.controller.ts).
  { name: 'opt-out.css', from: 'page', file: 'opt-out.css', contentType: CSS },
];

/** Where `npm run build` writes the page script compiled from src/web/client (tsconfig.build.json there), relative to the project root. */
export const CLIENT_BUILD_FOLDER = 'dist/client';

/** The page template: `{{asset:<name>}}` stands for the URL of a whitelisted asset. */
export const PAGE_TEMPLATE_FILE = 'survey.html';

const PREVIEW_BANNER = `
    <header class="preview-banner">
      <p class="preview-banner-title">Vorschau – Antworten werden nicht gespeichert</p>
      <p>So sehen Befragte diese Fragebogen-Version. <a href="./">Zurück zum Codebook</a></p>
    </header>`;

/**
 * The same page in preview mode for the staff console, made from the respondent page itself (so the two
 * never drift apart): a title and a banner saying so, and `data-preview-url` on <body>, which tells the
 * page script to load the definition from there and never to save (see src/web/client/survey-page.ts).
 */
export function renderPreviewPage(page: string): string {
  if (!page.includes('<title>Befragung</title>') || !page.includes('<body>')) {
    throw new Error('The respondent page has no <title>Befragung</title> or no plain <body>: the preview cannot be made from it');
  }
  return page
    .replace('<title>Befragung</title>', '<title>Vorschau – Befragung</title>')
    .replace('<body>', `<body data-preview-url="vorschau.json">${PREVIEW_BANNER}`);
}

/** First 16 hex digits of the sha256 of a file: part of its URL. */
export function fingerprint(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

export function assetUrl(name: string, contentFingerprint: string): string {
  return `/${ASSETS_ROUTE}/${contentFingerprint}/${name}`;
}

/** Replaces every `{{asset:<name>}}` of the template; a placeholder without a URL is a programming error. */
export function renderPage(template: string, urls: ReadonlyMap<string, string>): string {
  return template.replace(/\{\{asset:([^}]+)\}\}/g, (_placeholder, name: string) => {
    const url = urls.get(name);
    if (url === undefined) throw new Error(`The page refers to an asset that is not whitelisted: ${name}`);
    return url;
  });
}

/** Whether an Accept-Encoding header allows gzip (a `q=0` refuses it; `*` allows it unless gzip is refused). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [coding, ...parameters] = part.trim().toLowerCase().split(';');
    if (!coding) continue;
    const quality = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith('q='));
    const weight = quality === undefined ? 1 : Number(quality.slice(2));
    weights.set(coding.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const gzip = weights.get('gzip') ?? weights.get('x-gzip') ?? weights.get('*');
  return gzip !== undefined && gzip > 0;
}
