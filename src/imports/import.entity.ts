import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Wave } from '../waves/wave.entity';

export type ImportFormat = 'csv' | 'xlsx' | 'sav';

/** One committed import of a file into a wave; kept after an undo (`undoneAt`), for the record. */
@Entity({ name: 'imports' })
@Index('imports_wave_id_idx', ['waveId', 'createdAt'])
@Check('imports_format_check', `"format" IN ('csv', 'xlsx', 'sav')`)
@Check('imports_counts_check', `"created" >= 0 AND "unchanged" >= 0 AND "replaced" >= 0`)
export class ImportRecord {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'imports_pkey' })
  id: string;

  @Column({ name: 'wave_id', type: 'uuid' })
  waveId: string;

  @ManyToOne(() => Wave, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'wave_id', foreignKeyConstraintName: 'imports_wave_id_fkey' })
  wave?: Wave;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  /** Bytes; bigint arrives as a string. */
  @Column({ name: 'file_size', type: 'bigint' })
  fileSize: string;

  @Column({ name: 'file_sha256', type: 'char', length: 64 })
  fileSha256: string;

  @Column({ type: 'varchar', length: 8 })
  format: ImportFormat;

  /** The mapping the file was read with (given, or the automatic one for the service's own export): reusable for the next file. */
  @Column({ type: 'jsonb' })
  mapping: Record<string, unknown>;

  @Column({ type: 'integer' })
  created: number;

  @Column({ type: 'integer' })
  unchanged: number;

  @Column({ type: 'integer' })
  replaced: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  /** Who committed it, as the audit names them ("Name (admin)", or "system" for the CLI). */
  @Column({ name: 'created_by_name', type: 'varchar', length: 200 })
  createdByName: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'undone_at', type: 'timestamptz', nullable: true })
  undoneAt: Date | null;

  @Column({ name: 'undone_by', type: 'uuid', nullable: true })
  undoneBy: string | null;

  @Column({ name: 'undone_by_name', type: 'varchar', length: 200, nullable: true })
  undoneByName: string | null;
}
