import { ApiProperty } from '@nestjs/swagger';
import type { DefinitionSource } from '../definition-version.entity';
import type { PrivacyNoticeView } from '../privacy-notices.service';

export class PrivacyNoticeSenderDto {
  @ApiProperty({ example: 'WIK-Consult GmbH', description: 'The controller (Verantwortlicher)' }) organisation: string;
  @ApiProperty({ example: 'Rhöndorfer Straße 68, 53604 Bad Honnef' }) address: string;
}

export class PrivacyNoticeContactDto {
  @ApiProperty({ example: 'Projektteam KI im Mittelstand' }) name: string;
  @ApiProperty({ example: 'ki-studie@wik.org' }) email: string;
}

/** A survey's privacy notice: its Markdown and what respondents see of it. */
export class PrivacyNoticeDto implements PrivacyNoticeView {
  @ApiProperty({ example: 'ki-mittelstand' }) surveyId: string;
  @ApiProperty({ description: 'The notice as written: a --- header (sender, address, contact, email, full-notice), then Markdown' })
  markdown: string;
  @ApiProperty({ enum: ['file', 'upload'], description: 'From <DEFINITIONS_DIR>/<surveyId>/privacy.md, or set through the API/console' })
  source: DefinitionSource;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: PrivacyNoticeSenderDto }) sender: PrivacyNoticeSenderDto;
  @ApiProperty({ type: PrivacyNoticeContactDto }) contact: PrivacyNoticeContactDto;
  @ApiProperty({ example: 'https://www.wik.org/datenschutz', description: 'The address of the full privacy notice (https)' })
  fullNoticeUrl: string;
  @ApiProperty({ description: 'The body rendered as HTML (escaped; headings h3–h5, paragraphs, lists, strong, em, https/mailto links)' })
  html: string;
}
