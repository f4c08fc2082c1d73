import { ApiProperty } from '@nestjs/swagger';

export type RespondentStatus = 'new' | 'partial' | 'completed';

export class RespondentWaveDto {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closesAt: string | null;
}

export class RespondentSenderDto {
  @ApiProperty({ example: 'WIK-Consult GmbH' }) organisation: string;
  @ApiProperty({ example: 'Rhöndorfer Straße 68, 53604 Bad Honnef' }) address: string;
}

export class RespondentContactDto {
  @ApiProperty({ example: 'Projektteam KI im Mittelstand' }) name: string;
  @ApiProperty({ example: 'ki-studie@wik.org' }) email: string;
}

/** The survey's privacy notice: who asks (the controller), whom to contact, the rendered text and the full notice's address. */
export class RespondentPrivacyNoticeDto {
  @ApiProperty({ type: RespondentSenderDto }) sender: RespondentSenderDto;
  @ApiProperty({ type: RespondentContactDto }) contact: RespondentContactDto;
  @ApiProperty({ example: 'https://www.wik.org/datenschutz' }) fullNoticeUrl: string;
  @ApiProperty({ description: 'The notice as HTML, safe to embed: escaped text, h3–h5, p, ul/li, strong, em, https/mailto links only' })
  html: string;
}

export class RespondentViewDto {
  @ApiProperty({ type: RespondentWaveDto }) wave: RespondentWaveDto;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The SurveyJS definition; null once completed' })
  definition: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Saved answers; empty once completed' })
  answers: Record<string, unknown>;
  @ApiProperty({ enum: ['new', 'partial', 'completed'] }) status: RespondentStatus;
  @ApiProperty({ type: Number, nullable: true, description: 'Send it with the next save' }) revision: number | null;
  @ApiProperty({ type: RespondentPrivacyNoticeDto, nullable: true, description: 'The survey’s privacy notice; null when it has none' })
  privacyNotice: RespondentPrivacyNoticeDto | null;
}

export class SavedResponseDto {
  @ApiProperty({ enum: ['partial', 'completed'] }) status: 'partial' | 'completed';
  @ApiProperty() revision: number;
}
