import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FigureSpecError, FigureSpecFile, FIGURES_FILE, parseFigureSpecs } from './figure-spec';

/** Reads and checks every `<dir>/<surveyId>/figures.json`. */
export function loadFigureSpecs(dir: string): Map<string, FigureSpecFile> {
  const specs = new Map<string, FigureSpecFile>();
  if (!existsSync(dir)) return specs;
  for (const surveyId of readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .sort()) {
    const file = join(dir, surveyId, FIGURES_FILE);
    if (!statSync(join(dir, surveyId)).isDirectory() || !existsSync(file)) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new FigureSpecError(file, [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
    }
    specs.set(surveyId, parseFigureSpecs(raw, surveyId, file));
  }
  return specs;
}
