import { IsOptional, IsString } from 'class-validator';

/** The form of a survey's privacy notice (Markdown with its header); the service checks the text and its length. */
export class PrivacyNoticeFormDto {
  @IsString()
  _csrf: string;

  @IsOptional()
  @IsString()
  markdown?: string;
}
