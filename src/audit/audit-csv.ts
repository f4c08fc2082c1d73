/**
 * The audit trail as rows of a CSV file (`GET /api/audit.csv`), pure: one row per event, the time in UTC
 * (ISO 8601, for sorting and other tools) and in Berlin time (what German Excel reads as a date-time),
 * the action as code and German label, the details as JSON exactly as stored.
 */
import { TIME_ZONE } from '../common/german-time';
import type { CellValue } from '../exports/cell-safety';
import { CSV_CONTENT_TYPE, CsvDialect } from '../exports/csv-dialect';
import type { DownloadFile } from '../exports/download-file';
import { csvStream } from '../exports/stream-writers';
import { auditActionLabel } from './audit-action-labels';
import type { AuditEventView } from './audit.service';

export const AUDIT_CSV_HEADER = [
  'Zeitpunkt (UTC)',
  'Zeitpunkt (Berlin)',
  'Wer',
  'Aktion',
  'Aktion (Bezeichnung)',
  'Welle',
  'Fragebogen',
  'Einzelheiten (JSON)',
];

const BERLIN = new Intl.DateTimeFormat('de-DE', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "27.07.2025 23:59:07": Berlin time with seconds, without the comma, so German Excel takes it as a date-time. */
export function berlinTimestamp(date: Date): string {
  return BERLIN.format(date).replace(', ', ' ');
}

/** One event as a row of AUDIT_CSV_HEADER. */
export function auditCsvRow(event: AuditEventView): CellValue[] {
  return [
    event.occurredAt.toISOString(),
    berlinTimestamp(event.occurredAt),
    event.actor,
    event.action,
    auditActionLabel(event.action),
    event.waveCode ?? '',
    event.surveyId ?? '',
    Object.keys(event.details).length === 0 ? '' : JSON.stringify(event.details),
  ];
}

/** The file name of an export: `protokoll-2025-07-27.csv`, with the wave when filtered by one. */
export function auditCsvFilename(now: Date, waveCode?: string): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return `protokoll${waveCode ? `-${waveCode}` : ''}-${day}.csv`;
}

async function* rowsOf(events: AsyncIterable<AuditEventView>): AsyncGenerator<CellValue[]> {
  for await (const event of events) yield auditCsvRow(event);
}

/** The export as a streamed download (for the API and the console alike). */
export function auditCsvFile(events: AsyncIterable<AuditEventView>, dialect: CsvDialect, now: Date, waveCode?: string): DownloadFile {
  return {
    filename: auditCsvFilename(now, waveCode),
    contentType: CSV_CONTENT_TYPE,
    content: csvStream(AUDIT_CSV_HEADER, rowsOf(events), dialect),
  };
}
