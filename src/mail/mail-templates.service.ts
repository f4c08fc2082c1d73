import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_TEMPLATES, type MailKind, type MailTemplate } from './mail-templates';

/** A wave's mail templates: its own, or the German defaults while it has none. */
@Injectable()
export class MailTemplatesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The template a mail of this kind is rendered from now. */
  async templateFor(waveId: string, kind: MailKind, manager: EntityManager = this.dataSource.manager): Promise<MailTemplate> {
    const [row]: Array<{ subject: string; body: string } | undefined> = await manager.query(
      'SELECT subject, body FROM mail_templates WHERE wave_id = $1 AND kind = $2',
      [waveId, kind],
    );
    return row ?? DEFAULT_TEMPLATES[kind];
  }
}
