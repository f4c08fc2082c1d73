import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The text fields of the upload form (the file itself comes as `request.files`); the service checks their patterns. */
export class UploadDefinitionFormDto {
  @IsString()
  _csrf: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  surveyId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;
}
