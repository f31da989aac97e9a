import { isDataRejection, isInfrastructureFailure } from './dead-letter.store';

describe('poison or infrastructure?', () => {
  it('a ClickHouse refusal of the data itself is a data rejection (both engines word it)', () => {
    // 18.16 and chDB 26, as they refuse a -1 in a UInt64 column.
    expect(
      isDataRejection(
        new Error("Code: 72, e.displayText() = DB::Exception: Unsigned type must not contain '-' symbol"),
      ),
    ).toBe(true);
    expect(isDataRejection(new Error("Code: 72. DB::Exception: Unsigned type must not contain '-' symbol"))).toBe(true);
    expect(isDataRejection(new Error('Code: 27. DB::Exception: Cannot parse input'))).toBe(true);
  });

  it("the engine's own state is not: too many parts, memory, a missing table, no code at all", () => {
    expect(isDataRejection(new Error('Code: 252. DB::Exception: Too many parts (300)'))).toBe(false);
    expect(isDataRejection(new Error('Code: 241. DB::Exception: Memory limit (total) exceeded'))).toBe(false);
    expect(isDataRejection(new Error('Code: 60. DB::Exception: Table okapi.revisions does not exist'))).toBe(false);
    expect(isDataRejection(new Error('socket hang up'))).toBe(false);
  });

  it('network and unavailability errors are infrastructure, with or without a cause chain', () => {
    expect(isInfrastructureFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(isInfrastructureFailure(new Error('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } }))).toBe(true);
    expect(isInfrastructureFailure(Object.assign(new Error('x'), { status: 503 }))).toBe(true);
    expect(isInfrastructureFailure(Object.assign(new Error('x'), { code: 'analytics.unavailable' }))).toBe(true);
    expect(isInfrastructureFailure(new Error('unhandled page event: {}'))).toBe(false);
  });
});
