import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The answer rows' integrity, checked per statement instead of per row (issues 15 and 18).
 *
 * A foreign key checks each inserted row on its own: two lookups with a row lock for every one of the ~53 answer rows
 * of a response. That was most of the cost of an insert (a 10k-response import: about 20 s of 27 s), for the online
 * save and the import alike. Here the same rules are checked once per statement, set-based, over its transition table:
 *
 * - every answer row belongs to an existing response of the same wave (`answers_parent_check`, after INSERT and
 *   UPDATE): the responses are locked FOR KEY SHARE, as a foreign key would, so a concurrent deletion waits; a
 *   violation raises SQLSTATE 23503 (foreign_key_violation) naming `answers_response_fkey`;
 * - deleting responses deletes their answer rows (`answers_of_deleted_responses`, after DELETE on responses), also
 *   when a wave's deletion cascades to its responses;
 * - a response never moves to another wave or changes its id (`responses_identity_fixed`), so the rule above stays true;
 * - truncating `responses` truncates `answers` (`answers_of_truncated_responses`): delete triggers do not fire on TRUNCATE.
 *
 * Like the service's transactions, the deletion trigger relies on READ COMMITTED: its DELETE reads a fresh snapshot, so
 * it also removes answer rows that a concurrent transaction committed while the deletion waited for their lock.
 */
export class AnswerIntegrity1796320000000 implements MigrationInterface {
  name = 'AnswerIntegrity1796320000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "answers" DROP CONSTRAINT "answers_response_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "answers" DROP CONSTRAINT "answers_wave_id_fkey"`);
    await queryRunner.query(`
      CREATE FUNCTION answers_parent_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM responses r WHERE r.id IN (SELECT response_id FROM added) FOR KEY SHARE OF r;
        IF EXISTS (SELECT 1 FROM added a
                    WHERE NOT EXISTS (SELECT 1 FROM responses r WHERE r.id = a.response_id AND r.wave_id = a.wave_id)) THEN
          RAISE EXCEPTION 'answer rows without their response in the same wave'
            USING ERRCODE = 'foreign_key_violation', TABLE = 'answers', CONSTRAINT = 'answers_response_fkey';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER answers_parent_check_insert AFTER INSERT ON answers REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION answers_parent_check()`);
    await queryRunner.query(`
      CREATE TRIGGER answers_parent_check_update AFTER UPDATE ON answers REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION answers_parent_check()`);
    await queryRunner.query(`
      CREATE FUNCTION answers_of_deleted_responses() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM answers WHERE response_id IN (SELECT id FROM removed);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER answers_of_deleted_responses AFTER DELETE ON responses REFERENCING OLD TABLE AS removed
        FOR EACH STATEMENT EXECUTE FUNCTION answers_of_deleted_responses()`);
    await queryRunner.query(`
      CREATE FUNCTION answers_of_truncated_responses() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE answers;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER answers_of_truncated_responses AFTER TRUNCATE ON responses
        FOR EACH STATEMENT EXECUTE FUNCTION answers_of_truncated_responses()`);
    await queryRunner.query(`
      CREATE FUNCTION responses_identity_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id <> OLD.id OR NEW.wave_id <> OLD.wave_id THEN
          RAISE EXCEPTION 'a response keeps its id and its wave' USING ERRCODE = 'integrity_constraint_violation', TABLE = 'responses';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER responses_identity_fixed BEFORE UPDATE OF id, wave_id ON responses
        FOR EACH ROW EXECUTE FUNCTION responses_identity_fixed()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER responses_identity_fixed ON responses');
    await queryRunner.query('DROP FUNCTION responses_identity_fixed()');
    await queryRunner.query('DROP TRIGGER answers_of_truncated_responses ON responses');
    await queryRunner.query('DROP FUNCTION answers_of_truncated_responses()');
    await queryRunner.query('DROP TRIGGER answers_of_deleted_responses ON responses');
    await queryRunner.query('DROP FUNCTION answers_of_deleted_responses()');
    await queryRunner.query('DROP TRIGGER answers_parent_check_update ON answers');
    await queryRunner.query('DROP TRIGGER answers_parent_check_insert ON answers');
    await queryRunner.query('DROP FUNCTION answers_parent_check()');
    // Rows the triggers would not have let in cannot exist; should one have been written around them, it goes first.
    await queryRunner.query(
      'DELETE FROM answers a WHERE NOT EXISTS (SELECT 1 FROM responses r WHERE r.id = a.response_id AND r.wave_id = a.wave_id)',
    );
    await queryRunner.query(
      `ALTER TABLE "answers" ADD CONSTRAINT "answers_wave_id_fkey" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "answers" ADD CONSTRAINT "answers_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }
}
