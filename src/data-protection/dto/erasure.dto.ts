import { ApiProperty } from '@nestjs/swagger';
import { ResponseStatus } from '../../responses/response.entity';

export class ErasedDataDto {
  @ApiProperty({ enum: ResponseStatus, nullable: true, description: 'The response that was deleted, by its state; null: there was none' })
  response: ResponseStatus | null;
  @ApiProperty({ description: 'Its answered items (coded and free text)' }) answers: number;
  @ApiProperty({ description: 'Whether contact data (e-mail, name, salutation, organisation, the mails’ link) was deleted' })
  contact: boolean;
  @ApiProperty({ description: 'Mail records (outbox rows) deleted; a held mail’s file goes with its row' }) mails: number;
}

/** What an erasure deleted. */
export class ErasureDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The erased invitation; null for an imported response' })
  invitationId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The import of an erased imported response' })
  importId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The external id of an erased imported response' })
  externalId: string | null;
  @ApiProperty({ format: 'date-time' }) erasedAt: string;
  @ApiProperty({ type: ErasedDataDto }) deleted: ErasedDataDto;
}

/** What an erasure of one invitation would delete (for a confirmation). */
export class ErasurePreviewDto {
  @ApiProperty({ format: 'uuid' }) invitationId: string;
  @ApiProperty({ type: String, nullable: true }) label: string | null;
  @ApiProperty() hasContact: boolean;
  @ApiProperty({ enum: ResponseStatus, nullable: true }) response: ResponseStatus | null;
  @ApiProperty({ description: 'Mail records of this invitation' }) mails: number;
}

/** What forgetting a wave's contact data deleted. */
export class ContactsForgottenDto {
  @ApiProperty({ description: 'Contact rows deleted (e-mail, name, salutation, organisation, the mails’ link)' }) contacts: number;
  @ApiProperty({ description: 'Token hashes deleted: these personal links lead nowhere now' }) tokens: number;
  @ApiProperty({ description: 'Waiting mails cancelled (queued, deferred or held)' }) cancelledMails: number;
  @ApiProperty({ format: 'date-time' }) erasedAt: string;
}
