import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import type { Response } from 'express';
import { join } from 'node:path';
import { StaffRole } from '../auth/staff-member.entity';
import { StaffSessionsService } from '../auth/staff-sessions.service';
import { formatCount, formatDeltaPp, formatPercent } from '../exports/german-format';
import { formatInterval, formatPValue } from '../exports/statistics-format';
import { WebAssetsService } from '../web/web-assets.service';
import { ConsoleRequest } from './console-request';
import { formatDate, formatDateTime, toLocalInput } from '../common/german-time';
import { rateLabel, ROLE_LABELS, WAVE_STATUS_LABELS } from './labels';

/** The console's main sections: the navigation marks the current one. */
export type ConsoleSection = 'uebersicht' | 'frageboegen' | 'personen' | 'protokoll' | 'team' | 'zugang' | 'anmelden';

export interface PageData {
  /** The page's heading and the first part of its <title>. */
  title: string;
  section: ConsoleSection;
  [key: string]: unknown;
}

/** What every template gets besides its own data, as `it.fmt`: German formats. */
const FORMATS = {
  dateTime: formatDateTime,
  date: formatDate,
  localInput: toLocalInput,
  percent: formatPercent,
  count: formatCount,
  deltaPp: formatDeltaPp,
  interval: formatInterval,
  pValue: formatPValue,
  rate: rateLabel,
  waveStatus: (status: keyof typeof WAVE_STATUS_LABELS) => WAVE_STATUS_LABELS[status] ?? status,
  role: (role: StaffRole) => ROLE_LABELS[role] ?? role,
};

const HTML_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  // Pages may show contact data and links: never stored by a browser or a proxy.
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex, nofollow',
};

/**
 * Renders the console's eta templates (src/console/views, escaped by default) into its layout: German
 * formats, the asset URLs, the signed-in staff member, the CSRF token for forms and htmx, and a
 * one-time message after a redirect.
 */
@Injectable()
export class ConsoleViews {
  private readonly eta = new Eta({ views: join(__dirname, 'views'), cache: true, autoEscape: true });

  constructor(
    private readonly assets: WebAssetsService,
    private readonly sessions: StaffSessionsService,
  ) {}

  /** A whole page in the layout; sets the HTML headers and the status on the response. */
  async page(request: ConsoleRequest, response: Response, view: string, data: PageData, status = 200): Promise<string> {
    const session = request.consoleSession;
    const html = this.eta.render(view, this.context(request, data));
    if (session?.flash) await this.sessions.clearFlash(session.id);
    response.status(status).set(HTML_HEADERS);
    return html;
  }

  /** A piece of a page without the layout, for htmx to swap in. */
  fragment(request: ConsoleRequest, response: Response, view: string, data: Record<string, unknown>, status = 200): string {
    response.status(status).set(HTML_HEADERS);
    return this.eta.render(view, this.context(request, { title: '', section: 'uebersicht', ...data }));
  }

  /** Redirects after a successful form (303, so the browser follows with GET), with an optional message for the next page. */
  async redirect(request: ConsoleRequest, response: Response, location: string, flash?: string): Promise<void> {
    const session = request.consoleSession;
    if (flash && session) await this.sessions.setFlash(session.id, flash);
    response.redirect(303, location);
  }

  private context(request: ConsoleRequest, data: PageData): Record<string, unknown> {
    const session = request.consoleSession;
    const actor = session?.actor;
    return {
      ...data,
      actor,
      isAdmin: actor?.role === StaffRole.Admin,
      csrf: session?.csrfToken ?? '',
      flash: session?.flash ?? null,
      path: request.path,
      fmt: FORMATS,
      assets: {
        css: this.assets.url('console.css'),
        htmx: this.assets.url('htmx.js'),
        script: this.assets.url('console-page.js'),
      },
    };
  }
}
