import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';

/** The parts of a SurveyJS definition the tests click through. */
interface Choice {
  value: string | number;
  text: string;
}
interface Question {
  type: string;
  name: string;
  title: string;
  choices?: Choice[];
  columns?: Choice[];
  rows?: Choice[];
}
export interface Definition {
  pages: Array<{ name: string; elements: Question[] }>;
}

export type Answers = Record<string, string | Record<string, string | number>>;

export function loadDefinition(surveyId: string, version: string): Definition {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'survey-definitions', surveyId, `${version}.json`), 'utf8')) as Definition;
}

/** Every answer of the 2023 questionnaire as a respondent might give them (values as SurveyJS stores them). */
export const FULL_ANSWERS_2023: Answers = {
  zentrum: 'Mittelstand-Digital Zentrum Hamburg',
  rolle: 'ki_trainer',
  chancen: { prozesseffizienz: 4, logistik: 3, kundenservice: 3, werbung: 2, personalaufwand: 'na', nachhaltigkeit: 1 },
  bereiche: { produktion: 4, logistik: 4, marketing_vertrieb: 3, service: 3, einkauf: 2, personal: 1, fue: 'na' },
  anwendungen: {
    objektinspektion: 3,
    wartung: 4,
    qualitaetskontrolle: 4,
    bilderkennung: 3,
    datenanalyse: 4,
    texterstellung: 2,
    wissensmanagement: 3,
  },
  make_buy: { make_heute: 2, make_2jahre: 3, make_5jahre: 3, buy_heute: 3, buy_2jahre: 4, buy_5jahre: 4 },
  hemmnisse: {
    fachkraefte: 4,
    datenbasis: 4,
    finanzielle_ressourcen: 3,
    datensicherheit: 3,
    sensibilisierung_gf: 2,
    rechtssicherheit: 3,
    anwendungsmoeglichkeit: 1,
    regulatorik: 'na',
  },
  voraussetzungen: { daten_erhoben: 3, datenqualitaet: 2, qualifikation: 1, prozesse: 2, rechtslage: 'na' },
  reifegrad: 'experimentierphase',
  transfer: { erfolgsgeschichten: 1, sensibilisierung_potenziale: 1, qualifizierung: 0, demonstratoren: 'na' },
  transfer_sonstiges: 'Förderprogramme verständlich erklären; „Quick wins“ zeigen.',
  trainerprogramm: {
    best_practices: 4,
    demonstratoren: 3,
    qualifizierung: 4,
    zuschuesse: 4,
    werbekampagnen: 1,
    datenpools: 2,
    vernetzung: 3,
  },
};

/** The answers of the questions on the given pages only. */
export function answersOfPages(definition: Definition, pageNames: string[], answers: Answers): Answers {
  const codes = definition.pages
    .filter((page) => pageNames.includes(page.name))
    .flatMap((page) => page.elements.map((element) => element.name));
  return Object.fromEntries(Object.entries(answers).filter(([code]) => codes.includes(code)));
}

function textOf(options: Choice[] | undefined, value: string | number): string {
  const found = options?.find((option) => option.value === value);
  if (!found) throw new Error(`No option ${String(value)} in the definition`);
  return found.text;
}

/** The radio a respondent clicks: SurveyJS labels matrix cells "zeile <row>, spalte <column>". */
function radio(page: Page, question: Question, item: string | null, value: string | number) {
  if (item === null) return page.getByRole('radio', { name: textOf(question.choices, value), exact: true });
  return page.getByRole('radio', { name: `zeile ${textOf(question.rows, item)}, spalte ${textOf(question.columns, value)}`, exact: true });
}

function questionsOn(definition: Definition, pageName: string): Question[] {
  const page = definition.pages.find((candidate) => candidate.name === pageName);
  if (!page) throw new Error(`No page ${pageName}`);
  return page.elements;
}

/** Answers the questions of one page by clicking and typing, as a respondent does (the radio inputs are hidden behind their label). */
export async function answerPage(page: Page, definition: Definition, pageName: string, answers: Answers): Promise<void> {
  for (const question of questionsOn(definition, pageName)) {
    const answer = answers[question.name];
    if (answer === undefined) continue;
    if (typeof answer === 'string' && (question.type === 'text' || question.type === 'comment')) {
      await page.getByRole('textbox', { name: question.title }).fill(answer);
    } else if (typeof answer === 'string') {
      await radio(page, question, null, answer).locator('xpath=..').click();
    } else {
      for (const [item, value] of Object.entries(answer)) {
        await radio(page, question, item, value).locator('xpath=..').click();
      }
    }
  }
}

/** What the page shows as answered on one page, read back in the same terms as `answers`. */
export async function shownAnswers(page: Page, definition: Definition, pageName: string): Promise<Answers> {
  const shown: Answers = {};
  for (const question of questionsOn(definition, pageName)) {
    if (question.type === 'text' || question.type === 'comment') {
      const value = await page.getByRole('textbox', { name: question.title }).inputValue();
      if (value !== '') shown[question.name] = value;
    } else if (question.type === 'radiogroup') {
      for (const choice of question.choices ?? []) {
        if (await radio(page, question, null, choice.value).isChecked()) shown[question.name] = String(choice.value);
      }
    } else {
      const items: Record<string, string | number> = {};
      for (const row of question.rows ?? []) {
        for (const column of question.columns ?? []) {
          if (await radio(page, question, String(row.value), column.value).isChecked()) items[String(row.value)] = column.value;
        }
      }
      if (Object.keys(items).length > 0) shown[question.name] = items;
    }
  }
  return shown;
}

export const pageNames = (definition: Definition): string[] => definition.pages.map((page) => page.name);

async function pageNumber(page: Page): Promise<number> {
  const text = await page.getByText(/^Seite \d+ von \d+$/).textContent();
  return Number(/Seite (\d+)/.exec(text ?? '')?.[1]);
}

/** Moves one page on ("Weiter") or back ("Zurück") and waits until the page number says so. */
export async function goToPage(page: Page, pageCount: number, button: 'Weiter' | 'Zurück'): Promise<void> {
  const before = await pageNumber(page);
  await page.getByRole('button', { name: button, exact: true }).click();
  const expected = button === 'Weiter' ? before + 1 : before - 1;
  await page.getByText(`Seite ${expected} von ${pageCount}`, { exact: true }).waitFor();
}

/** Answers pages from the first one on, moving on with "Weiter" after each but the last. */
export async function answerPagesInOrder(page: Page, definition: Definition, names: string[], answers: Answers): Promise<void> {
  for (const [index, name] of names.entries()) {
    await answerPage(page, definition, name, answers);
    if (index < names.length - 1) await goToPage(page, definition.pages.length, 'Weiter');
  }
}
