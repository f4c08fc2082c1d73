import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { RequestException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';
import {
  acceptsGzip,
  ASSET_CACHE_CONTROL,
  ASSET_SOURCES,
  AssetPackage,
  assetUrl,
  CLIENT_BUILD_FOLDER,
  fingerprint,
  PAGE_CACHE_CONTROL,
  PAGE_TEMPLATE_FILE,
  renderPage,
  renderPreviewPage,
} from './web-assets';

const gzipAsync = promisify(gzip);

/** A file ready to be sent: its bytes and the headers that go with them. */
export interface ServedFile {
  body: Buffer;
  headers: Record<string, string>;
}

interface LoadedAsset {
  fingerprint: string;
  contentType: string;
  plain: Buffer;
  gzipped: Buffer;
}

/** The folder of package.json above this file: the same whether the service runs from src (tests) or from dist. */
function projectRoot(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`No package.json above ${__dirname}`);
    folder = parent;
  }
  return folder;
}

/**
 * Folders the whitelisted files are read from: the page's own files sit in ./public (copied to dist by
 * nest-cli), its script is compiled by `npm run build` into dist/client.
 */
function folderOf(from: AssetPackage): string {
  switch (from) {
    case 'survey-core':
      return dirname(require.resolve('survey-core'));
    case 'survey-js-ui':
      return dirname(require.resolve('survey-js-ui'));
    case 'htmx.org':
      return dirname(require.resolve('htmx.org'));
    case 'page':
      return join(__dirname, 'public');
    case 'client':
      return join(projectRoot(), CLIENT_BUILD_FOLDER);
  }
}

async function readAsset(from: AssetPackage, file: string): Promise<Buffer> {
  const path = join(folderOf(from), file);
  try {
    return await readFile(path);
  } catch (error) {
    if (from === 'client' && (error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`The respondent page script ${path} is missing: run \`npm run build\` first (it compiles src/web/client)`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** A page, ready to be sent. */
function servedPage(html: string): ServedFile {
  const body = Buffer.from(html, 'utf8');
  return {
    body,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': String(body.length),
      'Cache-Control': PAGE_CACHE_CONTROL,
      'X-Robots-Tag': 'noindex, nofollow',
    },
  };
}

/**
 * Reads the respondent page and its assets once at start-up, fingerprints and
 * gzips them, and hands them out from memory (about 2.4 MB, 0.5 MB gzipped).
 */
@Injectable()
export class WebAssetsService implements OnModuleInit {
  private readonly logger = new Logger(WebAssetsService.name);
  private readonly assets = new Map<string, LoadedAsset>();
  private page: ServedFile;
  private previewPage: ServedFile;

  async onModuleInit(): Promise<void> {
    const urls = new Map<string, string>();
    for (const source of ASSET_SOURCES) {
      const plain = await readAsset(source.from, source.file);
      const asset = {
        fingerprint: fingerprint(plain),
        contentType: source.contentType,
        plain,
        gzipped: await gzipAsync(plain, { level: 9 }),
      };
      this.assets.set(source.name, asset);
      urls.set(source.name, assetUrl(source.name, asset.fingerprint));
    }
    const page = renderPage(await readFile(join(folderOf('page'), PAGE_TEMPLATE_FILE), 'utf8'), urls);
    this.page = servedPage(page);
    this.previewPage = servedPage(renderPreviewPage(page));
    this.logger.log(`Respondent page ready with ${this.assets.size} assets`);
  }

  /** The current URL of a whitelisted asset (for pages rendered elsewhere, such as the staff console's). */
  url(name: string): string {
    const asset = this.assets.get(name);
    if (!asset) throw new Error(`Not a whitelisted asset: ${name}`);
    return assetUrl(name, asset.fingerprint);
  }

  /** The questionnaire page; the same for every token (the page reads its token from the address). */
  pageFile(): ServedFile {
    return this.page;
  }

  /** The questionnaire page in preview mode (banner, definition from the console, nothing saved); served by the console. */
  previewPageFile(): ServedFile {
    return this.previewPage;
  }

  /** A whitelisted asset under its current fingerprint; anything else is a 404. */
  assetFile(assetFingerprint: string, name: string, acceptEncoding: string | undefined): ServedFile {
    const asset = this.assets.get(name);
    if (!asset || asset.fingerprint !== assetFingerprint) {
      throw new RequestException(ErrorCode.NOT_FOUND, 'No such asset');
    }
    const gzipped = acceptsGzip(acceptEncoding);
    const body = gzipped ? asset.gzipped : asset.plain;
    return {
      body,
      headers: {
        'Content-Type': asset.contentType,
        'Content-Length': String(body.length),
        'Cache-Control': ASSET_CACHE_CONTROL,
        Vary: 'Accept-Encoding',
        ...(gzipped ? { 'Content-Encoding': 'gzip' } : {}),
      },
    };
  }
}
