import { Command, CommandRunner } from 'nest-commander';
import { ReconstructionService } from './reconstruction.service';

@Command({
  name: 'reconstruction:load',
  arguments: '<surveyId>',
  description: 'Create the reconstructed waves of survey-definitions/<surveyId>/reconstruction.json with their responses',
})
export class ReconstructionLoadCommand extends CommandRunner {
  constructor(private readonly reconstruction: ReconstructionService) {
    super();
  }

  async run([surveyId]: string[]): Promise<void> {
    for (const wave of await this.reconstruction.load(surveyId)) {
      process.stdout.write(`${wave.code}: ${wave.completed} completed, ${wave.partial} partial responses (wave closed)\n`);
    }
  }
}
