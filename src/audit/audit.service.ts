import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor, describeActor } from '../auth/actor';
import { AuditEvent } from './audit-event.entity';

export interface AuditEntry {
  action: string;
  waveCode?: string;
  surveyId?: string;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /** Records an event; pass the transaction's manager so the event commits (or not) with the change. */
  async record(actor: Actor, entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEvent) : this.events;
    const event = repository.create({
      actor: describeActor(actor),
      action: entry.action,
      waveCode: entry.waveCode ?? null,
      surveyId: entry.surveyId ?? null,
      details: entry.details ?? {},
    });
    await repository.save(event);
  }

  forWave(waveCode: string): Promise<AuditEvent[]> {
    return this.events.find({ where: { waveCode }, order: { occurredAt: 'ASC', id: 'ASC' } });
  }
}
