import { atThreshold, bestF1Threshold, calibration, curve, prAuc, rocAuc, Scored } from './metrics';

const scored = (pairs: [number, 0 | 1][]): Scored[] => pairs.map(([score, l]) => ({ score, label: l === 1 }));

describe('metrics', () => {
  const example = scored([
    [0.9, 1],
    [0.8, 0],
    [0.7, 1],
    [0.1, 0],
  ]);

  it('ROC-AUC is the share of (reverted, kept) pairs ranked right', () => {
    expect(rocAuc(curve(example))).toBeCloseTo(3 / 4, 12);
    expect(
      rocAuc(
        curve(
          scored([
            [0.9, 1],
            [0.1, 0],
          ]),
        ),
      ),
    ).toBe(1);
    expect(
      rocAuc(
        curve(
          scored([
            [0.1, 1],
            [0.9, 0],
          ]),
        ),
      ),
    ).toBe(0);
  });

  it('ties count one half, in both curves', () => {
    const tied = scored([
      [0.5, 1],
      [0.5, 0],
      [0.5, 0],
      [0.5, 1],
    ]);
    expect(rocAuc(curve(tied))).toBeCloseTo(0.5, 12);
    expect(prAuc(curve(tied))).toBeCloseTo(0.5, 12); // the base rate
  });

  it('PR-AUC is average precision: Σ ΔR · P', () => {
    expect(prAuc(curve(example))).toBeCloseTo(0.5 * 1 + 0.5 * (2 / 3), 12);
  });

  it('figures at a threshold, and the best-F1 threshold', () => {
    expect(atThreshold(example, 0.7)).toMatchObject({
      flagged: 3,
      precision: 2 / 3,
      recall: 1,
      false_positive_rate: 0.5,
    });
    expect(atThreshold(example, 0.95)).toMatchObject({ flagged: 0, precision: 0, recall: 0, f1: 0 });
    expect(bestF1Threshold(curve(example))).toBe(0.7);
  });

  it('calibration bins count every revision once, with mean prediction and observed rate', () => {
    const bins = calibration(example, 10);
    expect(bins).toHaveLength(10);
    expect(bins.reduce((n, b) => n + b.revisions, 0)).toBe(4);
    expect(bins[9]).toMatchObject({ revisions: 1, mean_predicted: 0.9, observed_rate: 1 });
    expect(bins[8]).toMatchObject({ revisions: 1, observed_rate: 0 });
    expect(bins[0]).toMatchObject({ revisions: 0, mean_predicted: null, observed_rate: null });
  });
});
