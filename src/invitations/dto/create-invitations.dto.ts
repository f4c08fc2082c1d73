import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';

export const MAX_INVITATIONS_PER_REQUEST = 1000;

/** The longest name, salutation or organisation a contact takes (the columns of invitation_contacts). */
export const MAX_CONTACT_FIELD_LENGTH = 200;

/** Surrounding white space is dropped from a contact field before it is checked and stored. */
const trimmed = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** One line of text: no line breaks, tabs or other control characters (the value may end up in a mail header). */
const ONE_LINE = /^[^\p{Cc}]*$/u;

/** A contact field is stored only with an e-mail address: refused when the invitation has none. */
function RequiresEmail(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'requiresEmail',
      validator: {
        validate: (_value: unknown, args) => {
          const email = (args?.object as { email?: unknown }).email;
          return email !== undefined && email !== null;
        },
        defaultMessage: (args) => `${args?.property ?? 'this field'} is contact data and is stored only together with an email`,
      },
    },
    options,
  );
}

/** A contact field: optional, trimmed, 1–200 characters on one line, only together with an e-mail address. */
function ContactField(): PropertyDecorator {
  const decorators = [
    trimmed(),
    IsOptional(),
    IsString(),
    Length(1, MAX_CONTACT_FIELD_LENGTH, {
      message: ({ property }) => `${property} must be 1 to ${MAX_CONTACT_FIELD_LENGTH} characters long (after trimming)`,
    }),
    Matches(ONE_LINE, { message: ({ property }) => `${property} must be one line without control characters` }),
    RequiresEmail(),
  ];
  return (target, key) => decorators.forEach((decorator) => decorator(target, key));
}

export class InvitationRequestDto {
  @ApiPropertyOptional({ example: 'Mittelstand-Digital Zentrum Hamburg', description: 'Shown to staff only (analysts too)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  label?: string;

  @ApiPropertyOptional({ example: 'expertin@example.org', description: 'Stored apart from the answers; never exported' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Length(3, 320)
  email?: string;

  @ApiPropertyOptional({
    example: 'Dr. Erika Beispiel',
    maxLength: MAX_CONTACT_FIELD_LENGTH,
    description:
      'Contact data, the mails’ {{name}}: trimmed, one line; only together with email; stored apart from the answers, never exported',
  })
  @ContactField()
  name?: string;

  @ApiPropertyOptional({
    example: 'Sehr geehrte Frau Dr. Beispiel',
    maxLength: MAX_CONTACT_FIELD_LENGTH,
    description: 'Contact data, the mails’ {{anrede}}: trimmed, one line; only together with email',
  })
  @ContactField()
  salutation?: string;

  @ApiPropertyOptional({
    example: 'Muster GmbH',
    maxLength: MAX_CONTACT_FIELD_LENGTH,
    description: 'Contact data: trimmed, one line; only together with email',
  })
  @ContactField()
  organisation?: string;
}

/** Either `count` anonymous invitations or a list of labelled ones (with or without contact data). */
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
