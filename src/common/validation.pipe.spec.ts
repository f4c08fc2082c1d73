import { SaveResponseDto } from '../responses/dto/save-response.dto';
import { RequestException } from './app.exception';
import { createValidationPipe } from './validation.pipe';

describe('createValidationPipe with @KeptAsGiven()', () => {
  const pipe = createValidationPipe();
  const run = (value: unknown) => pipe.transform(value, { type: 'body', metatype: SaveResponseDto });
  const detailsOf = async (value: unknown) => {
    try {
      await run(value);
    } catch (error) {
      expect(error).toBeInstanceOf(RequestException);
      return [...new Set((error as RequestException).errors?.map((detail) => detail.path))];
    }
    throw new Error('accepted');
  };

  it('hands the answers on as parsed (not copied) in a DTO instance', async () => {
    const answers = { chancen: { werbung: 4, logistik: 'na' }, rolle: 'ki_trainer' };
    const dto = (await run({ answers, complete: true, revision: 2 })) as SaveResponseDto;
    expect(dto).toBeInstanceOf(SaveResponseDto);
    expect(dto.answers).toBe(answers);
    expect(dto).toEqual({ answers, complete: true, revision: 2 });
  });

  it.each([
    ['answers not an object', { answers: 'x', complete: true }, ['answers']],
    ['answers a list', { answers: [1], complete: true }, ['answers']],
    ['answers missing', { complete: true }, ['answers']],
    ['an unknown field beside them', { answers: {}, complete: true, extra: 1 }, ['extra']],
    ['complete not a boolean', { answers: {}, complete: 'yes' }, ['complete']],
  ])('still refuses a body with %s', async (_what, body, paths) => {
    expect(await detailsOf(body)).toEqual(paths);
  });
});
