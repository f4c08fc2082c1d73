import { Logger } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';

const logger = new Logger('HeldMailFiles');

/**
 * Deletes the .eml file of a held mail once its row left `held` (sent after the release, or cancelled): the file
 * holds the address, the name and the personal link. Only a file named `<outbox row id>.eml` is deleted (the
 * name MailTransport gives it), so a wrong path in the database never removes anything else; a missing file is fine.
 */
export async function deleteHeldFile(path: string | null, outboxId: string): Promise<void> {
  if (path === null || basename(path) !== `${outboxId}.eml`) return;
  await rm(path, { force: true }).catch((error: Error) => logger.warn(`Deleting held mail ${outboxId}: ${error.message}`));
}
