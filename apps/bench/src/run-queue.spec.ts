import { schedTimesOf } from './run-queue';

describe('schedTimesOf', () => {
  it('reads run and run-queue wait from a schedstat line, in ms', () => {
    expect(schedTimesOf('41288822769 105463168715 35564\n')).toEqual({ runMs: 41288.822769, waitMs: 105463.168715 });
  });

  it('is undefined for text that is not a schedstat line', () => {
    expect(schedTimesOf('')).toBeUndefined();
    expect(schedTimesOf('cpu 12 x')).toBeUndefined();
  });
});
