import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { WebAssetsService } from '../web/web-assets.service';
import { MailSettings } from './mail-settings';
import { renderOptOutPage, type OptOutPage } from './opt-out-pages';

/** Sends the opt-out pages: German HTML, never cached, never indexed, the service's own style sheet. */
@Injectable()
export class OptOutPages {
  constructor(
    private readonly web: WebAssetsService,
    private readonly settings: MailSettings,
  ) {}

  /** Sets the headers and returns the page for a `passthrough` response. */
  send(response: Response, page: OptOutPage): string {
    response.set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
    return renderOptOutPage(page, { stylesheet: this.web.url('opt-out.css'), sender: this.settings.sender });
  }
}
