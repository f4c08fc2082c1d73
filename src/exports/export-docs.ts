import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { SVG_CONTENT_TYPE } from './charts/chart-renderer';
import { CSV_CONTENT_TYPE } from './csv-dialect';
import { XLSX_CONTENT_TYPE } from './table-writers';

/** OpenAPI of a download route: the content types it produces and a binary body. */
export function ApiFileResponse(description: string, svg = false): MethodDecorator {
  return applyDecorators(
    ApiProduces(CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, ...(svg ? [SVG_CONTENT_TYPE] : [])),
    ApiOkResponse({ description: `${description} (Content-Disposition: attachment)`, schema: { type: 'string', format: 'binary' } }),
  );
}
