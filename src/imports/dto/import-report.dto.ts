import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ImportRowErrorDto {
  @ApiProperty({ example: 7, description: 'Line in the file (the header is line 1); XLSX: the row number of the sheet' }) row: number;
  @ApiProperty({
    example: 'chancen[prozesseffizienz]',
    nullable: true,
    type: String,
    description: 'The header of the column; null for the row as a whole',
  })
  column: string | null;
  @ApiProperty({ example: 'trifft vol zu', nullable: true, type: String, description: 'The cell as text (at most 200 characters)' })
  value: string | null;
  @ApiProperty({ example: 'LABEL_UNKNOWN' }) code: string;
  @ApiProperty({ example: 'Unknown answer "trifft vol zu" for chancen: expected a code or a label of the scale' }) message: string;
}

export class ImportConflictDto {
  @ApiProperty({ example: 12 }) row: number;
  @ApiProperty({ example: 'R_1abc' }) externalId: string;
}

export class ImportReportDto {
  @ApiProperty({ example: true }) dryRun: boolean;
  @ApiProperty({ enum: ['csv', 'xlsx', 'sav'] }) format: string;
  @ApiProperty({ example: 'ki-2019.csv' }) fileName: string;
  @ApiProperty({ example: 48213 }) fileSize: number;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }) fileSha256: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'XLSX: the sheet that was read' }) sheet: string | null;
  @ApiProperty({ description: 'The mapping the file was read with (the given one, or the automatic one of a raw export of this service)' })
  mapping: Record<string, unknown>;
  @ApiProperty() automaticMapping: boolean;
  @ApiProperty({ example: 58, description: 'Data rows read (rows to skip left out)' }) rows: number;
  @ApiProperty({ example: 57 }) valid: number;
  @ApiProperty({ example: 1 }) invalid: number;
  @ApiProperty({ example: 57, description: 'Valid rows whose external id the wave does not have yet' }) created: number;
  @ApiProperty({ example: 0, description: 'Valid rows the wave already has with the same status and answers' }) unchanged: number;
  @ApiProperty({ example: 0, description: 'Valid rows whose external id the wave has with other answers' }) conflicts: number;
  @ApiProperty({ type: [String], description: 'Columns neither mapped nor ignored: not imported' }) unmappedColumns: string[];
  @ApiProperty({ type: [ImportRowErrorDto], description: 'The first 1000 errors in file order' }) errors: ImportRowErrorDto[];
  @ApiProperty({ example: 1, description: 'All errors, also those not listed' }) errorCount: number;
  @ApiProperty({ type: [ImportConflictDto], description: 'The first 1000 conflicting rows' }) conflictRows: ImportConflictDto[];
}

export class CommittedImportDto {
  @ApiProperty({
    example: '0b7c1a2e-5d0f-4c8e-9a51-3f1e2d4c5b6a',
    type: String,
    nullable: true,
    description: 'Null when the file brought nothing new (the same file again): no import is kept',
  })
  importId: string | null;
  @ApiProperty({ example: 57 }) created: number;
  @ApiProperty({ example: 0 }) unchanged: number;
  @ApiProperty({ example: 0, description: 'Responses replaced (only with replaceConflicts=true)' }) replaced: number;
}

export class ImportSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() fileName: string;
  @ApiProperty() fileSize: number;
  @ApiProperty() fileSha256: string;
  @ApiProperty({ enum: ['csv', 'xlsx', 'sav'] }) format: string;
  @ApiProperty() created: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() replaced: number;
  @ApiProperty({ description: 'Responses of the wave that come from this import now (0 after an undo)' }) responses: number;
  @ApiProperty({ example: 'Dr. Beispiel (admin)' }) createdBy: string;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ type: Date, nullable: true }) undoneAt: Date | null;
  @ApiPropertyOptional({ type: String, nullable: true }) undoneBy: string | null;
  @ApiProperty({ description: 'The mapping it was read with: reuse it for the next file of the same shape' }) mapping: Record<
    string,
    unknown
  >;
}

export class UndoneImportDto {
  @ApiProperty() importId: string;
  @ApiProperty({ example: 57, description: 'Responses removed' }) removed: number;
}
