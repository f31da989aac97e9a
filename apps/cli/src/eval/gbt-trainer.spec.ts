import { gbtMargin, sigmoid } from '@okapi/domain';
import { curve, rocAuc } from './metrics';
import { averageModels, DEFAULT_GBT_PARAMS, trainGbt } from './gbt-trainer';

/** Deterministic pseudo-random rows: y depends on an interaction of x0 and x1; x2 is noise. */
function rows(n: number, seed: number, flip = 0): { x: number[][]; y: boolean[] } {
  let s = seed;
  const rnd = (): number => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const x: number[][] = [];
  const y: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const r = [rnd(), rnd(), rnd()];
    const truth = r[0] > 0.6 !== r[1] > 0.7;
    x.push(r);
    y.push(rnd() < flip ? !truth : truth);
  }
  return { x, y };
}

const auc = (model: Parameters<typeof gbtMargin>[0], data: { x: number[][]; y: boolean[] }): number =>
  rocAuc(curve(data.x.map((r, i) => ({ score: sigmoid(gbtMargin(model, r)), label: data.y[i] }))));

describe('trainGbt', () => {
  const names = ['a', 'b', 'noise'];

  it('learns an interaction a single split cannot, and generalises to unseen rows', () => {
    const { model } = trainGbt('t', names, rows(2000, 1), { ...DEFAULT_GBT_PARAMS, trees: 150 });
    expect(auc(model, rows(1000, 2))).toBeGreaterThan(0.97);
    const used = new Set(model.trees.flatMap((t) => t.feature.filter((f) => f >= 0)));
    expect(used.has(0) && used.has(1)).toBe(true);
  });

  it('is deterministic: the same data gives the same trees', () => {
    const a = trainGbt('t', names, rows(500, 3), { ...DEFAULT_GBT_PARAMS, trees: 20 }).model;
    const b = trainGbt('t', names, rows(500, 3), { ...DEFAULT_GBT_PARAMS, trees: 20 }).model;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('stops early when the validation loss stops improving (noisy labels)', () => {
    const params = { ...DEFAULT_GBT_PARAMS, trees: 400, patience: 30, minLeaf: 5, depth: 6 };
    const r = trainGbt('t', names, rows(600, 4, 0.3), params, rows(600, 5, 0.3));
    expect(r.bestTrees).toBeLessThan(400);
    expect(r.model.trees).toHaveLength(r.bestTrees);
    expect(Math.min(...r.validationLoss)).toBe(r.validationLoss[r.bestTrees - 1]);
  });

  it('starts from the base rate', () => {
    const data = rows(1000, 6);
    const rate = data.y.filter(Boolean).length / data.y.length;
    const { model } = trainGbt('t', names, data, { ...DEFAULT_GBT_PARAMS, trees: 1 });
    expect(sigmoid(model.baseScore)).toBeCloseTo(rate, 5);
  });

  it('grows each tree on a seeded sample of rows and features: repeatable, and a new seed differs', () => {
    const params = { ...DEFAULT_GBT_PARAMS, trees: 60, subsample: 0.7, colsample: 0.67, seed: 7 };
    const a = trainGbt('t', names, rows(2000, 1), params).model;
    expect(JSON.stringify(trainGbt('t', names, rows(2000, 1), params).model)).toBe(JSON.stringify(a));
    expect(JSON.stringify(trainGbt('t', names, rows(2000, 1), { ...params, seed: 8 }).model)).not.toBe(
      JSON.stringify(a),
    );
    expect(auc(a, rows(1000, 2))).toBeGreaterThan(0.95);
  });

  it('averages a bag of models: its log-odds are the mean of theirs', () => {
    const data = rows(800, 9);
    const bag = [1, 2, 3].map((seed) => trainGbt('t', names, data, { ...DEFAULT_GBT_PARAMS, trees: 30, seed }).model);
    const mean = averageModels('bag', bag);
    expect(mean.trees).toHaveLength(90);
    for (const x of rows(50, 10).x)
      expect(gbtMargin(mean, x)).toBeCloseTo(bag.reduce((s, m) => s + gbtMargin(m, x), 0) / 3, 4);
  });

  it('weighs rows: rows weighted near 0 barely move the trees (recency weighting)', () => {
    const clean = rows(600, 1);
    const flipped = rows(600, 11, 1);
    const data = { x: [...clean.x, ...flipped.x], y: [...clean.y, ...flipped.y] };
    const params = { ...DEFAULT_GBT_PARAMS, trees: 60, minLeaf: 20 };
    const weighted = trainGbt('t', names, { ...data, w: data.y.map((_, i) => (i < 600 ? 1 : 0.01)) }, params).model;
    const plain = trainGbt('t', names, data, params).model;
    expect(auc(weighted, rows(1000, 2))).toBeGreaterThan(0.9);
    expect(auc(plain, rows(1000, 2))).toBeLessThan(0.75);
  });
});
