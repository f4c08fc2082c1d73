import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from './error-code';

export class ErrorDetailDto {
  @ApiProperty({ example: 'chancen.werbung', description: 'The JSON path or field the problem is at' }) path: string;
  @ApiProperty({ example: 'Ungültiger Wert 5: erlaubt sind 1, 2, 3, 4 oder "na"' }) message: string;
}

/** The body of every error answer (documentation of AllExceptionsFilter's ErrorBody). */
export class ErrorBodyDto {
  @ApiProperty({ example: 404 }) statusCode: number;
  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', example: ErrorCode.WAVE_NOT_FOUND }) code: ErrorCode;
  @ApiProperty({ example: 'There is no wave with the code "ki-2025"' }) message: string;
  @ApiPropertyOptional({ type: [ErrorDetailDto], description: 'Problems by path (validation errors)' }) errors?: ErrorDetailDto[];
  @ApiProperty({ example: '6f1c0c9e-3c1e-4d8e-9b7a-2f5a1d2e3c4b', description: 'Also in the log line of the request' }) requestId: string;
}
