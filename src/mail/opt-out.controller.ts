import { Controller, Get, HttpCode, HttpStatus, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { pageOfRecipient } from './opt-out-pages';
import { OptOutPageFilter } from './opt-out-page.filter';
import { OptOutPages } from './opt-out-pages.service';
import { OptOutService } from './opt-out.service';

/**
 * The German pages behind `{{abmelden}}` (outside /api, no sign-in): GET asks and changes nothing (mail
 * scanners follow links), POST opts out — from the page's button or from a mail client's RFC 8058 one-click
 * (`List-Unsubscribe=One-Click`, form-encoded); the body is not needed. No CSRF token: the token in the address
 * is the only credential, it can do nothing but opt this one invitation out, and doing so twice changes
 * nothing; RFC 8058 requires the one-click POST to work without a page or a cookie. Pages for people, so not
 * in the OpenAPI document (like /survey without a token).
 */
@ApiExcludeController()
@Controller('abmelden')
@UseFilters(OptOutPageFilter)
export class OptOutController {
  constructor(
    private readonly optOut: OptOutService,
    private readonly pages: OptOutPages,
  ) {}

  @Get(':token')
  async ask(@Param('token') token: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.pages.send(response, pageOfRecipient(await this.optOut.find(token)));
  }

  @Post(':token')
  @HttpCode(HttpStatus.OK)
  async confirm(@Param('token') token: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    await this.optOut.optOut(token);
    return this.pages.send(response, { state: 'done' });
  }
}
