import { Body, Controller, Delete, Get, Param, Post, Query, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { readFile } from 'node:fs/promises';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { StaffRole } from '../auth/staff-member.entity';
import { CurrentActor, Staff } from '../auth/staff.decorator';
import { ErrorBodyDto } from '../common/error-body.dto';
import { ErrorCode } from '../common/error-code';
import { CommittedImportDto, ImportReportDto, ImportSummaryDto, UndoneImportDto } from './dto/import-report.dto';
import { ImportFormDto, ImportQueryDto, MAX_MAPPING_CHARS } from './dto/import-query.dto';
import { ImportException } from './import.exception';
import { IMPORT_UPLOAD_LIMIT_BYTES, RemoveUploadInterceptor } from './import-upload';
import { ImportsService, ImportSummary } from './imports.service';

@ApiTags('imports')
@Controller('waves/:code/imports')
@ApiParam({ name: 'code', description: 'The code of the wave' })
@ApiNotFoundResponse({ description: 'No wave with this code (WAVE_NOT_FOUND)', type: ErrorBodyDto })
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @Staff(StaffRole.Admin)
  @UseInterceptors(
    FileFieldsInterceptor([
      { name: 'file', maxCount: 1 },
      { name: 'mapping', maxCount: 1 },
    ]),
    RemoveUploadInterceptor,
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'CSV (; or ,, UTF-8 or Windows-1252), XLSX or SPSS .sav' },
        mapping: {
          type: 'string',
          description: 'The mapping as JSON, as a text field or a file part; without it the file must be a raw export of this service',
        },
      },
    },
  })
  @ApiOperation({
    summary:
      "Import an earlier wave's raw data into a draft or closed wave: ?dryRun=true reports what would happen and stores nothing (200); " +
      'otherwise the whole file is imported in one transaction or not at all (201). The same file again creates nothing.',
  })
  @ApiOkResponse({ type: ImportReportDto, description: 'The dry run (?dryRun=true): counts, unmapped columns, every error' })
  @ApiCreatedResponse({ type: CommittedImportDto })
  @ApiOkResponse({
    type: CommittedImportDto,
    description: 'Nothing new in the file (every row unchanged): importId is null, no import is kept',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'No file (IMPORT_FILE_MISSING), unreadable file (IMPORT_FILE_UNREADABLE), bad or missing mapping (IMPORT_MAPPING_INVALID, ' +
      'IMPORT_MAPPING_REQUIRED) or rows with errors (IMPORT_ROWS_INVALID, errors: [{row, column, value, message}]); nothing is stored',
    type: ErrorBodyDto,
  })
  @ApiConflictResponse({
    description: 'The wave is open (IMPORT_WAVE_OPEN), or rows conflict with stored responses (IMPORT_CONFLICTS); nothing is stored',
    type: ErrorBodyDto,
  })
  @ApiPayloadTooLargeResponse({ description: `Files of more than ${IMPORT_UPLOAD_LIMIT_BYTES / 1024 / 1024} MB`, type: ErrorBodyDto })
  async create(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Query() query: ImportQueryDto,
    @Body() form: ImportFormDto,
    @UploadedFiles() files: UploadedImportFiles | undefined,
    @Res() response: Response,
  ): Promise<void> {
    // The temporary files are removed by RemoveUploadInterceptor when the request is done.
    const file = files?.file?.[0];
    if (file === undefined) {
      throw new ImportException(ErrorCode.IMPORT_FILE_MISSING, 'Send the file in the multipart field "file"', [
        { path: 'file', message: 'missing' },
      ]);
    }
    const upload = { path: file.path, fileName: file.originalname };
    const options = { mapping: await mappingOf(form, files?.mapping?.[0]), replaceConflicts: query.replaceConflicts };
    if (query.dryRun) {
      response.status(200).json(await this.imports.dryRun(code, upload, options));
    } else {
      const committed = await this.imports.commit(actor, code, upload, options);
      // The same file again creates nothing: 200 without an import.
      response.status(committed.importId === null ? 200 : 201).json(committed);
    }
  }

  @Get()
  @Staff(StaffRole.Admin)
  @ApiOperation({
    summary: "The wave's imports, newest first, with their mapping (to reuse for the next file) and whether they were undone",
  })
  @ApiOkResponse({ type: [ImportSummaryDto] })
  list(@Param('code') code: string): Promise<ImportSummary[]> {
    return this.imports.list(code);
  }

  @Get(':importId')
  @Staff(StaffRole.Admin)
  @ApiOperation({ summary: 'One import, with its mapping' })
  @ApiOkResponse({ type: ImportSummaryDto })
  @ApiNotFoundResponse({ description: 'No such import in this wave (IMPORT_NOT_FOUND)', type: ErrorBodyDto })
  get(@Param('code') code: string, @Param('importId') importId: string): Promise<ImportSummary> {
    return this.imports.get(code, importId);
  }

  @Delete(':importId')
  @Staff(StaffRole.Admin)
  @ApiOperation({ summary: "Undo an import: exactly its responses are removed (audited); the import's record stays, marked undone" })
  @ApiOkResponse({ type: UndoneImportDto })
  @ApiNotFoundResponse({ description: 'No such import in this wave (IMPORT_NOT_FOUND)', type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'The import was already undone (IMPORT_ALREADY_UNDONE)', type: ErrorBodyDto })
  undo(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('importId') importId: string): Promise<UndoneImportDto> {
    return this.imports.undo(actor, code, importId);
  }
}

interface UploadedImportFiles {
  file?: Express.Multer.File[];
  mapping?: Express.Multer.File[];
}

/** The mapping of the form: its text field, or a file part of that name (`curl -F mapping=@m.json`); not both. */
async function mappingOf(form: ImportFormDto, part: Express.Multer.File | undefined): Promise<string | undefined> {
  if (part === undefined) return form.mapping;
  if (form.mapping !== undefined && form.mapping.trim() !== '') {
    throw new ImportException(ErrorCode.IMPORT_MAPPING_INVALID, 'Send the mapping once: as a text field or as a file part', [
      { path: 'mapping', message: 'given twice' },
    ]);
  }
  if (part.size > MAX_MAPPING_CHARS) {
    throw new ImportException(ErrorCode.IMPORT_MAPPING_INVALID, `The mapping is larger than ${MAX_MAPPING_CHARS} bytes`, [
      { path: 'mapping', message: 'too large' },
    ]);
  }
  return readFile(part.path, 'utf8');
}
