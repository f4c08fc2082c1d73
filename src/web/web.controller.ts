import { Controller, Get, Headers, HttpCode, HttpStatus, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ServedFile, WebAssetsService } from './web-assets.service';
import { ASSETS_ROUTE } from './web-assets';

function send(response: Response, file: ServedFile): StreamableFile {
  response.set(file.headers);
  return new StreamableFile(file.body);
}

/** The page respondents open from their personal link, and its scripts and styles (outside the /api prefix). */
@ApiTags('respondent page')
@Controller()
export class WebController {
  constructor(private readonly web: WebAssetsService) {}

  @Get('survey/:token')
  @ApiOperation({ summary: 'The questionnaire page of a personal invitation link (HTML; the page then talks to /api/respond/{token})' })
  @ApiParam({ name: 'token', description: 'Personal invitation token' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page', schema: { type: 'string' } })
  page(@Res({ passthrough: true }) response: Response): StreamableFile {
    return send(response, this.web.pageFile());
  }

  /**
   * `/survey/` without a token (a link cut off when copied): the same German page, which explains
   * that the link is not valid, with status 404. Not an API operation, so not in the OpenAPI document.
   */
  @Get('survey')
  @HttpCode(HttpStatus.NOT_FOUND)
  @ApiExcludeEndpoint()
  pageWithoutToken(@Res({ passthrough: true }) response: Response): StreamableFile {
    return send(response, this.web.pageFile());
  }

  @Get(`${ASSETS_ROUTE}/:fingerprint/:name`)
  @ApiOperation({ summary: 'A script or style sheet of the questionnaire page, cached for a year under its content fingerprint' })
  @ApiProduces('text/javascript', 'text/css')
  @ApiOkResponse({ description: 'The file, gzipped when the client accepts it', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'Not a whitelisted file, or an outdated fingerprint' })
  asset(
    @Param('fingerprint') fingerprint: string,
    @Param('name') name: string,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): StreamableFile {
    return send(response, this.web.assetFile(fingerprint, name, acceptEncoding));
  }
}
