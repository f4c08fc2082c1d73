import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { DefinitionProblem, formatProblem, validateDefinition } from './definition-validation';
import { CODE_PATTERN } from '../common/codes';
import { NoticeProblem, parsePrivacyNotice, PRIVACY_NOTICE_MAX_LENGTH } from './privacy-notice';

/** Survey ids and versions: path segments of the API and names of the definition files. Survey ids are codes (src/common/codes.ts). */
export const SURVEY_ID_PATTERN = CODE_PATTERN;
export const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;

/** Files beside the definitions that are something else (figure specifications, reconstructed counts). */
export const RESERVED_FILE_NAMES: readonly string[] = ['figures.json', 'reconstruction.json'];

/** The survey's privacy notice for respondents, beside its definitions (src/definitions/privacy-notice.ts). */
export const PRIVACY_NOTICE_FILE_NAME = 'privacy.md';

export interface DefinitionFile {
  /** Path of the file as given (for messages). */
  file: string;
  surveyId: string;
  version: string;
  /** The parsed JSON; undefined when the file is not JSON. */
  json: unknown;
  problems: DefinitionProblem[];
}

/** Reads and validates one JSON file; a file that is not JSON is one problem at the root. */
export function readDefinitionFile(file: string): Pick<DefinitionFile, 'json' | 'problems'> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return {
      json: undefined,
      problems: [{ path: '', message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` }],
    };
  }
  return { json, problems: validateDefinition(json) };
}

/**
 * Every definition of a definitions folder, laid out as `<dir>/<surveyId>/<version>.json`,
 * read and validated. Hidden entries, files that are not `.json` and the reserved
 * names are skipped; a folder or file name that is no valid id is a problem.
 */
export function readDefinitionsFolder(dir: string): DefinitionFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`The definitions folder ${dir} does not exist (DEFINITIONS_DIR)`);
  }
  const found: DefinitionFile[] = [];
  for (const surveyId of visibleEntries(dir)) {
    const surveyDir = join(dir, surveyId);
    if (!statSync(surveyDir).isDirectory()) continue;
    if (!SURVEY_ID_PATTERN.test(surveyId)) {
      found.push(
        nameProblem(surveyDir, surveyId, '', `The folder name "${surveyId}" is not a valid survey id (${SURVEY_ID_PATTERN.source})`),
      );
      continue;
    }
    for (const name of visibleEntries(surveyDir)) {
      const file = join(surveyDir, name);
      if (extname(name) !== '.json' || RESERVED_FILE_NAMES.includes(name) || !statSync(file).isFile()) continue;
      const version = basename(name, '.json');
      if (!VERSION_PATTERN.test(version)) {
        found.push(
          nameProblem(
            file,
            surveyId,
            version,
            `The file name "${name}" is not <version>.json with a valid version (${VERSION_PATTERN.source})`,
          ),
        );
        continue;
      }
      found.push({ file, surveyId, version, ...readDefinitionFile(file) });
    }
  }
  return found;
}

/** Every `.json` file under a path (a file or a folder, recursively), reserved names skipped. */
export function definitionFilesUnder(path: string): string[] {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  if (statSync(path).isFile()) return [path];
  return visibleEntries(path).flatMap((name) => {
    const entry = join(path, name);
    if (statSync(entry).isDirectory()) return definitionFilesUnder(entry);
    return extname(name) === '.json' && !RESERVED_FILE_NAMES.includes(name) ? [entry] : [];
  });
}

/** One error message naming every file and every JSON path with its problem. */
export function describeInvalidFiles(files: Array<Pick<DefinitionFile, 'file' | 'problems'>>): string {
  const lines = files.flatMap((entry) => entry.problems.map((problem) => `  ${entry.file}: ${formatProblem(problem)}`));
  return `Invalid questionnaire definitions (${lines.length} ${lines.length === 1 ? 'problem' : 'problems'}):\n${lines.join('\n')}`;
}

export interface PrivacyNoticeFile {
  file: string;
  surveyId: string;
  markdown: string;
  problems: NoticeProblem[];
}

/** Reads and checks one privacy notice file; a file too large to be stored is refused before it is read. */
export function readPrivacyNoticeFile(file: string): Pick<PrivacyNoticeFile, 'markdown' | 'problems'> {
  // Four bytes per character at most: a larger file cannot be within the limit.
  if (statSync(file).size > PRIVACY_NOTICE_MAX_LENGTH * 4) {
    return { markdown: '', problems: [{ line: 1, message: `Die Datei ist größer als ${PRIVACY_NOTICE_MAX_LENGTH * 4} Bytes.` }] };
  }
  const markdown = readFileSync(file, 'utf8');
  const parsed = parsePrivacyNotice(markdown);
  return { markdown, problems: parsed.ok ? [] : parsed.problems };
}

/** The `privacy.md` of every survey folder of a definitions folder (folders whose name is no survey id are skipped). */
export function readPrivacyNoticeFiles(dir: string): PrivacyNoticeFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return visibleEntries(dir).flatMap((surveyId) => {
    const file = join(dir, surveyId, PRIVACY_NOTICE_FILE_NAME);
    if (!SURVEY_ID_PATTERN.test(surveyId) || !existsSync(file) || !statSync(file).isFile()) return [];
    return [{ file, surveyId, ...readPrivacyNoticeFile(file) }];
  });
}

/** Every `privacy.md` under a path (the file itself, or a folder searched recursively). */
export function privacyNoticeFilesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return basename(path) === PRIVACY_NOTICE_FILE_NAME ? [path] : [];
  return visibleEntries(path).flatMap((name) => {
    const entry = join(path, name);
    if (statSync(entry).isDirectory()) return privacyNoticeFilesUnder(entry);
    return name === PRIVACY_NOTICE_FILE_NAME ? [entry] : [];
  });
}

/** A notice file's problems in the form of definition problems (`Zeile 3: …`), for describeInvalidFiles. */
export function asDefinitionProblems(file: Pick<PrivacyNoticeFile, 'file' | 'problems'>): Pick<DefinitionFile, 'file' | 'problems'> {
  return { file: file.file, problems: file.problems.map((problem) => ({ path: `Zeile ${problem.line}`, message: problem.message })) };
}

function visibleEntries(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

function nameProblem(file: string, surveyId: string, version: string, message: string): DefinitionFile {
  return { file, surveyId, version, json: undefined, problems: [{ path: '', message }] };
}
