/**
 * The stored cells of every response (migration AnswerCells) as rows, for tests that check what a save stored:
 * `FROM ${ANSWER_CELLS} a` gives response_id, wave_id, completed (the response's status), question_code, item_code,
 * value (null for free text) and question_first, decoded by the same rule as the analysis.
 */
export const ANSWER_CELLS = `(SELECT r.id AS response_id, r.wave_id, r.status = 'completed' AS completed,
        split_part(substr(c, 2), ':', 1) AS question_code, split_part(substr(c, 2), ':', 2) AS item_code,
        NULLIF(split_part(substr(c, 2), ':', 3), '') AS value, left(c, 1) = '1' AS question_first
   FROM responses r CROSS JOIN LATERAL unnest(r.cells) AS c)`;
