/**
 * Hand-made analysis results in the shapes of analysis.types.ts, for the unit
 * tests of the exporters (numbers in the style of the ki-mittelstand report).
 */
import type { Figure, SurveyTrends, WaveResults } from '../../analysis/analysis.types';

export function waveResultsFixture(): WaveResults {
  return {
    wave: 'ki-2023',
    surveyId: 'ki-mittelstand',
    version: '2023',
    completed: 58,
    questions: [
      {
        code: 'chancen',
        title: 'Inwieweit eröffnet KI folgende Chancen für den Mittelstand?',
        kind: 'topBox',
        nReported: 54,
        items: [
          { code: 'werbung', title: 'zielgenauere Werbung / Promotion', nAnswered: 54, nNoAnswer: 1, nBase: 53, counts: { '1': 2, '2': 4, '3': 20, '4': 27, na: 1 }, topCount: 47, share: 88.7 },
          { code: 'kundenservice', title: 'verbesserter Kundenservice', nAnswered: 54, nNoAnswer: 2, nBase: 52, counts: { '1': 1, '2': 8, '3': 25, '4': 18, na: 2 }, topCount: 43, share: 82.7 },
        ],
      },
      {
        code: 'transfer',
        title: 'Was ist beim Transfer von KI-Lösungen in den Mittelstand besonders zu beachten?',
        kind: 'yes',
        nReported: 52,
        items: [
          { code: 'erfolgsgeschichten', title: 'Information über Erfolgsgeschichten aus anderen Unternehmen', nAnswered: 52, nNoAnswer: 1, nBase: 51, counts: { '0': 8, '1': 43, na: 1 }, topCount: 43, share: 84.3 },
        ],
      },
      {
        code: 'reifegrad',
        title: 'Wie schätzen Sie den durchschnittlichen KI-Reifegrad der Unternehmen ein?',
        kind: 'choice',
        nReported: 58,
        items: [
          { code: 'nicht_gestartet', title: 'Nicht gestartet', nAnswered: 58, nNoAnswer: 0, nBase: 58, counts: { nicht_gestartet: 21 }, topCount: 21, share: 36.2 },
          { code: 'verankerungsphase', title: 'Verankerungsphase', nAnswered: 58, nNoAnswer: 0, nBase: 58, counts: { verankerungsphase: 0 }, topCount: 0, share: 0 },
        ],
      },
    ],
  };
}

export function trendsFixture(): SurveyTrends {
  return {
    surveyId: 'ki-mittelstand',
    waves: ['ki-2019', 'ki-2021', 'ki-2023'],
    questions: [
      {
        code: 'hemmnisse',
        title: 'Inwieweit hemmen folgende Gegebenheiten den Einsatz von KI im Mittelstand?',
        kind: 'topBox',
        n: [
          { wave: 'ki-2019', nReported: 33 },
          { wave: 'ki-2021', nReported: 48 },
          { wave: 'ki-2023', nReported: 54 },
        ],
        scaleChanged: [
          { from: 'ki-2019', to: 'ki-2021', detail: 'fünfstufig → vierstufig', fromLevels: ['1', '2', '3', '4', '5'], toLevels: ['1', '2', '3', '4'], fromTopBox: 2, toTopBox: 2 },
        ],
        items: [
          {
            code: 'datensicherheit',
            title: 'Bedenken bezüglich der (Daten-)Sicherheit',
            newIn: null,
            notAskedIn: [],
            rewordedIn: [],
            series: [
              { wave: 'ki-2019', asked: true, share: 71.9, nBase: 32, deltaPp: null },
              { wave: 'ki-2021', asked: true, share: 62.5, nBase: 48, deltaPp: -9.4 },
              { wave: 'ki-2023', asked: true, share: 57.7, nBase: 52, deltaPp: -4.8 },
            ],
          },
          {
            code: 'regulatorik',
            title: 'regulatorische Hürden',
            newIn: 'ki-2023',
            notAskedIn: ['ki-2019', 'ki-2021'],
            rewordedIn: [],
            series: [
              { wave: 'ki-2019', asked: false, share: null, nBase: null, deltaPp: null },
              { wave: 'ki-2021', asked: false, share: null, nBase: null, deltaPp: null },
              { wave: 'ki-2023', asked: true, share: 25.6, nBase: 43, deltaPp: null },
            ],
          },
        ],
      },
    ],
  };
}

/** Figure 3: three waves, one item asked only in 2023. */
export function figureFixture(): Figure {
  return {
    surveyId: 'ki-mittelstand',
    source: 'Quelle: WIK-Befragung der KI-Trainer:innen und KI-Expert:innen des Mittelstand-Digital Netzwerks',
    id: 'abb3',
    number: 3,
    title: 'Inwieweit eröffnet KI folgende Chancen für den Mittelstand?',
    question: 'chancen',
    statistic: 'topBox',
    waves: ['ki-2019', 'ki-2021', 'ki-2023'],
    delta: false,
    n: [
      { wave: 'ki-2019', nReported: 33 },
      { wave: 'ki-2021', nReported: 48 },
      { wave: 'ki-2023', nReported: 54 },
    ],
    rows: [
      {
        code: 'werbung',
        title: 'zielgenauere Werbung / Promotion',
        values: [
          { wave: 'ki-2019', asked: true, share: 75.8, nBase: 33, deltaPp: null },
          { wave: 'ki-2021', asked: true, share: 81.3, nBase: 48, deltaPp: 5.5 },
          { wave: 'ki-2023', asked: true, share: 88.7, nBase: 53, deltaPp: 7.4 },
        ],
      },
      {
        code: 'personalaufwand',
        title: 'Verringerung des Personalaufwands',
        values: [
          { wave: 'ki-2019', asked: true, share: 29, nBase: 31, deltaPp: null },
          { wave: 'ki-2021', asked: true, share: 62.5, nBase: 48, deltaPp: 33.5 },
          { wave: 'ki-2023', asked: true, share: 87.8, nBase: 49, deltaPp: 25.3 },
        ],
      },
      {
        code: 'nachhaltigkeit',
        title: 'Verbesserung der ökologischen Nachhaltigkeit',
        values: [
          { wave: 'ki-2019', asked: false, share: null, nBase: null, deltaPp: null },
          { wave: 'ki-2021', asked: false, share: null, nBase: null, deltaPp: null },
          { wave: 'ki-2023', asked: true, share: 76.5, nBase: 51, deltaPp: null },
        ],
      },
    ],
    notes: ['Ein Thema wurde 2019 bzw. 2021 nicht abgefragt', '2019 mit fünfstufiger Skala, ab 2021 vierstufig'],
    scaleChanged: [],
  };
}

/** Figure 5: the latest wave with the change against the previous one. */
export function deltaFigureFixture(): Figure {
  return {
    ...figureFixture(),
    id: 'abb5',
    number: 5,
    title: 'Beurteilen Sie die Relevanz folgender KI-Anwendungen und Use Cases für den Mittelstand',
    question: 'anwendungen',
    waves: ['ki-2021', 'ki-2023'],
    delta: true,
    n: [
      { wave: 'ki-2021', nReported: 48 },
      { wave: 'ki-2023', nReported: 52 },
    ],
    rows: [
      {
        code: 'texterstellung',
        title: 'Texterstellung',
        values: [
          { wave: 'ki-2021', asked: true, share: 50, nBase: 46, deltaPp: null },
          { wave: 'ki-2023', asked: true, share: 62.3, nBase: 51, deltaPp: 12.3 },
        ],
      },
      {
        code: 'wartung',
        title: 'vorausschauende Wartung',
        values: [
          { wave: 'ki-2021', asked: true, share: 90, nBase: 47, deltaPp: null },
          { wave: 'ki-2023', asked: true, share: 86, nBase: 50, deltaPp: -4 },
        ],
      },
    ],
    notes: [],
  };
}

/** Figure 9: a single-choice question, options as rows. */
export function choiceFigureFixture(): Figure {
  return {
    ...figureFixture(),
    id: 'abb9',
    number: 9,
    title: 'Wie schätzen Sie den durchschnittlichen KI-Reifegrad der Unternehmen ein, mit denen Sie regelmäßig in Kontakt stehen?',
    question: 'reifegrad',
    statistic: 'choice',
    waves: ['ki-2021', 'ki-2023'],
    n: [
      { wave: 'ki-2021', nReported: 48 },
      { wave: 'ki-2023', nReported: 58 },
    ],
    rows: [
      {
        code: 'nicht_gestartet',
        title: 'Nicht gestartet',
        values: [
          { wave: 'ki-2021', asked: true, share: 29.2, nBase: 48, deltaPp: null },
          { wave: 'ki-2023', asked: true, share: 36.2, nBase: 58, deltaPp: 7 },
        ],
      },
      {
        code: 'experimentierphase',
        title: 'Experimentierphase (der Impuls, mit KI zu beginnen, ist gesetzt; erste Prototypen werden gebaut)',
        values: [
          { wave: 'ki-2021', asked: true, share: 60.4, nBase: 48, deltaPp: null },
          { wave: 'ki-2023', asked: true, share: 51.7, nBase: 58, deltaPp: -8.7 },
        ],
      },
      {
        code: 'gestaltungsphase',
        title: 'Gestaltungsphase (KI wird umfassend genutzt, um Prozesse, Produkte und Märkte neu zu gestalten)',
        values: [
          { wave: 'ki-2021', asked: true, share: 0, nBase: 48, deltaPp: null },
          { wave: 'ki-2023', asked: true, share: 0, nBase: 58, deltaPp: 0 },
        ],
      },
    ],
    notes: [],
  };
}
