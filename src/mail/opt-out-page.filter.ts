import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { errorBodyOf } from '../common/all-exceptions.filter';
import { OptOutPages } from './opt-out-pages.service';

/** Errors of the opt-out pages as German pages (not JSON): an unknown link is a 404 page, anything else a short apology. */
@Catch()
@Injectable()
export class OptOutPageFilter implements ExceptionFilter {
  private readonly logger = new Logger('OptOutErrors');

  constructor(private readonly pages: OptOutPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request & { id?: string | number }>();
    const response = context.getResponse<Response>();
    const body = errorBodyOf(exception, request.id === undefined ? undefined : String(request.id), this.logger);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const page =
      body.statusCode === Number(HttpStatus.NOT_FOUND)
        ? ({ state: 'unknown' } as const)
        : ({ state: 'error', statusCode: body.statusCode } as const);
    const html = this.pages.send(response, page);
    response.status(body.statusCode).send(html);
  }
}
