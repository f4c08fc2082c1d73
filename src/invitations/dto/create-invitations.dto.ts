import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsEmail, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';

export const MAX_INVITATIONS_PER_REQUEST = 1000;

export class InvitationRequestDto {
  @ApiPropertyOptional({ example: 'Mittelstand-Digital Zentrum Hamburg', description: 'Shown to staff only' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  label?: string;

  @ApiPropertyOptional({ example: 'expertin@example.org', description: 'Stored apart from the answers; never exported' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Length(3, 320)
  email?: string;
}

/** Either `count` anonymous invitations or a list of labelled ones. */
export class CreateInvitationsDto {
  @ApiPropertyOptional({ example: 5, minimum: 1, maximum: MAX_INVITATIONS_PER_REQUEST })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INVITATIONS_PER_REQUEST)
  count?: number;

  @ApiPropertyOptional({ type: [InvitationRequestDto] })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INVITATIONS_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => InvitationRequestDto)
  invitations?: InvitationRequestDto[];
}
