import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, MaxLength } from 'class-validator';

/** GET /api/invitations?email=…: whose invitations to find. */
export class FindInvitationsQueryDto {
  @ApiProperty({
    example: 'expertin@example.org',
    maxLength: 320,
    description: 'The e-mail address of the person; compared trimmed and in any case',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320, { message: 'email must be at most 320 characters' })
  email: string;
}
