import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { withoutAddresses } from '../../common/without-addresses';

/**
 * An erasure request: why (the person's request of …, by letter/e-mail). Recorded in the audit trail, so it must name
 * nobody: an e-mail address is refused here, the person's stored name or organisation by the service.
 */
export class EraseRequestDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 500,
    example: 'Antrag auf Löschung nach Art. 17 DSGVO per E-Mail vom 02.12.2026',
    description: 'Why the data is erased; kept in the audit trail (do not name the person in it)',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'reason must be a text' })
  @MinLength(3, { message: 'reason is required: say why the data is erased (at least 3 characters)' })
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  @ValidateBy(
    { name: 'noAddress', validator: { validate: (value: unknown) => typeof value !== 'string' || withoutAddresses(value) === value } },
    { message: 'reason must not contain an e-mail address (it is kept in the audit trail)' },
  )
  reason: string;
}
