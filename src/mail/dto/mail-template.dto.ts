import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID } from 'class-validator';
import { MAIL_KINDS, MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH, PLACEHOLDERS, type MailKind } from '../mail-templates';

const PLACEHOLDER_LIST = PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ');

/** A wave's template of one kind, as staff read it. */
export class MailTemplateDto {
  @ApiProperty({ enum: MAIL_KINDS }) kind: MailKind;
  @ApiProperty({ description: 'One line; may use placeholders' }) subject: string;
  @ApiProperty({ description: `Plain text; blank lines make paragraphs. Placeholders: ${PLACEHOLDER_LIST}` }) body: string;
  @ApiProperty({ description: "true: the wave has no template of its own and mails use the service's German default" })
  isDefault: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the wave’s own template was saved; null for the default',
  })
  updatedAt: Date | null;
}

/** A template to store (PUT). Lengths, placeholders and the required links are checked by the service (422 MAIL_TEMPLATE_INVALID). */
export class SaveMailTemplateDto {
  @ApiProperty({ maxLength: MAX_SUBJECT_LENGTH, example: 'Einladung zur Teilnahme an unserer Befragung' })
  @IsString({ message: 'subject must be a string' })
  subject: string;

  @ApiProperty({ maxLength: MAX_BODY_LENGTH, description: `Must contain {{link}} and {{abmelden}}; allowed: ${PLACEHOLDER_LIST}` })
  @IsString({ message: 'body must be a string' })
  body: string;
}

/** What a draft may override; a missing field is taken from the saved template (or the default). */
export class MailTemplateDraftDto {
  @ApiPropertyOptional({ description: 'An unsaved subject to render instead of the saved one' })
  @IsOptional()
  @IsString({ message: 'subject must be a string' })
  subject?: string;

  @ApiPropertyOptional({ description: 'An unsaved body to render instead of the saved one' })
  @IsOptional()
  @IsString({ message: 'body must be a string' })
  body?: string;
}

export class PreviewMailTemplateDto extends MailTemplateDraftDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Render for this invitation (it must have an e-mail address); without it: the first invitation with one, else sample values',
  })
  @IsOptional()
  @IsUUID('all', { message: 'invitationId must be an invitation id (uuid)' })
  invitationId?: string;
}

export class TestSendMailTemplateDto extends MailTemplateDraftDto {}

/** A rendered mail. Its links are marked examples: a real personal or opt-out link is a credential and never shown here. */
export class MailPreviewDto {
  @ApiProperty() subject: string;
  @ApiProperty({ description: 'The plain-text part, footer included' }) text: string;
  @ApiProperty({ description: 'The HTML alternative (every value escaped)' }) html: string;
  @ApiProperty({ type: String, nullable: true, description: 'The invitation’s e-mail address; null when sample values were used' })
  to: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The invitation rendered for; null for sample values' })
  invitationId: string | null;
  @ApiProperty({
    description:
      'true: no invitation of the wave has an e-mail address, so a sample person ("Sehr geehrte Frau Dr. Beispiel") was used. The links are always examples (…/survey/BEISPIEL-persoenlicher-Link, …/abmelden/BEISPIEL-Abmeldelink)',
  })
  sample: boolean;
}

/** What became of a test mail to the staff member's own address. */
export class TestSendResultDto {
  @ApiProperty({ description: 'The staff member’s own e-mail address' }) to: string;
  @ApiProperty({ description: 'true: no mail server is configured (SMTP_URL); the mail was written as an .eml file under DATA_DIR/mail' })
  held: boolean;
  @ApiProperty({ description: 'true: the mail server accepted the mail (250)' }) sent: boolean;
  @ApiPropertyOptional({ description: 'When not sent and not held: the mail server’s reply or the connection error' })
  error?: string;
}
