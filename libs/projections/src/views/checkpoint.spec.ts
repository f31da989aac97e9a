import { checkpointRows, resumeOffset } from './checkpoint';

describe('checkpoints', () => {
  it('resumes one past the lowest projection checkpoint (0 for a new projection)', () => {
    expect(resumeOffset(new Map())).toBe(1);
    expect(
      resumeOffset(
        new Map([
          ['revisions', 10],
          ['articles_current', 7],
          ['article_versions_hourly', 10],
        ]),
      ),
    ).toBe(8);
    expect(resumeOffset(new Map([['revisions', 10]]))).toBe(1);
    expect(resumeOffset(new Map([['revisions', 10]]), ['revisions'])).toBe(11);
  });

  it('writes one row per projection', () => {
    expect(checkpointRows(42, '2024-05-01T12:00:00Z', ['revisions'])).toEqual([
      { projection_name: 'revisions', last_offset: 42, updated_at: '2024-05-01 12:00:00' },
    ]);
  });
});
