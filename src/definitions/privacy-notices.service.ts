import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The surveys' privacy notices (table `privacy_notices`). */
@Injectable()
export class PrivacyNoticesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Which of these surveys have a privacy notice. */
  async surveysWithNotice(surveyIds: readonly string[]): Promise<Set<string>> {
    if (surveyIds.length === 0) return new Set();
    const rows: Array<{ survey_id: string }> = await this.dataSource.query(
      'SELECT survey_id FROM privacy_notices WHERE survey_id = ANY($1::varchar[])',
      [[...new Set(surveyIds)]],
    );
    return new Set(rows.map((row) => row.survey_id));
  }
}
