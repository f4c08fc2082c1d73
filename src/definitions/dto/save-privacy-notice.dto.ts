import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

export class SavePrivacyNoticeDto {
  @ApiProperty({
    description:
      'The notice: a header between two --- lines (sender, address, contact, email, full-notice), then Markdown (#–###, -, **, *, [text](https://… or mailto:…)); at most 20,000 characters',
    example:
      '---\nsender: WIK-Consult GmbH\naddress: Rhöndorfer Straße 68, 53604 Bad Honnef\ncontact: Projektteam KI im Mittelstand\nemail: ki-studie@wik.org\nfull-notice: https://www.wik.org/datenschutz\n---\n# Wer fragt und wozu\n\nDie Befragung …',
  })
  @IsString({ message: 'markdown must be a string' })
  markdown: string;
}
