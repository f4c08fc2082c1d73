import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { buildCodebook, Codebook } from '../definitions/codebook';
import { DefinitionVersion } from '../definitions/definition-version.entity';

export interface CompiledDefinition {
  hash: string;
  content: Record<string, unknown>;
  codebook: Codebook;
}

/**
 * Definitions by content hash, parsed once. A hash names immutable content, so
 * entries never go stale; a replaced (unused) version simply gets a new hash.
 */
@Injectable()
export class CompiledDefinitions {
  private readonly byHash = new Map<string, CompiledDefinition>();

  constructor(@InjectRepository(DefinitionVersion) private readonly definitions: Repository<DefinitionVersion>) {}

  async get(surveyId: string, version: string, hash: string): Promise<CompiledDefinition> {
    const cached = this.byHash.get(hash);
    if (cached) return cached;
    const row = await this.definitions.findOneByOrFail({ surveyId, version });
    const compiled = { hash: row.hash, content: row.content, codebook: buildCodebook(row.content) };
    this.byHash.set(row.hash, compiled);
    return compiled;
  }
}
