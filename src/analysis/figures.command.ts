import { Command, CommandRunner } from 'nest-commander';
import { formatFigureTable } from './figure-table';
import { FiguresService } from './figures.service';

@Command({
  name: 'figures',
  arguments: '<surveyId> [figureId]',
  description: 'Print the figures of a survey (or one figure) as tables computed from the answers, with N, flags and notes',
})
export class FiguresCommand extends CommandRunner {
  constructor(private readonly figures: FiguresService) {
    super();
  }

  async run([surveyId, figureId]: string[]): Promise<void> {
    const figures = figureId ? [await this.figures.figure(surveyId, figureId)] : (await this.figures.list(surveyId)).figures;
    if (figures.length === 0) process.stdout.write(`Survey ${surveyId} has no figures (no figures.json).\n`);
    process.stdout.write(figures.map(formatFigureTable).join('\n'));
  }
}
