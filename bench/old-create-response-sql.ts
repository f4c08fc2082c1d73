/**
 * The first-save statement of src/responses/response-writer.ts as it was before issue 18 (main at d6406ad):
 * the wave row is locked FOR SHARE by every concurrent save (a MultiXact once two hold it). Kept only so
 * the bench can measure it beside the current CREATE_RESPONSE_SQL; the service never runs it.
 */
export const OLD_CREATE_RESPONSE_SQL = `
WITH wave AS (
  SELECT id FROM waves
   WHERE id = $1 AND status = 'open'
     AND (opens_at IS NULL OR opens_at <= $10) AND (closes_at IS NULL OR closes_at > $10)
     FOR SHARE
), invitation_row AS (
  SELECT id FROM invitations WHERE id = $2 AND status <> 'erased' FOR NO KEY UPDATE
), response AS (
  INSERT INTO responses (wave_id, invitation_id, status, answers, revision, completed_at)
  SELECT wave.id, $2, $3::varchar, $4::jsonb, 1, CASE WHEN $3::varchar = 'completed' THEN now() END FROM wave, invitation_row
  ON CONFLICT (invitation_id) DO NOTHING
  RETURNING id, revision
), answer_rows AS (
  INSERT INTO answers (response_id, wave_id, question_code, item_code, value, text, completed, question_first)
  SELECT response.id, $1, a.q, a.i, a.v, a.t, $3::varchar = 'completed', a.f
    FROM response, unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::bool[]) AS a(q, i, v, t, f)
), invitation AS (
  UPDATE invitations SET status = $11, updated_at = now() WHERE id = $2 AND EXISTS (SELECT 1 FROM response)
)
SELECT revision FROM response`;
