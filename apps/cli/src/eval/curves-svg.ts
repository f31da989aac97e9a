import { CurvePoint } from './metrics';

export interface PlottedCurve {
  readonly label: string;
  readonly color: string;
  readonly points: readonly CurvePoint[];
  readonly rocAuc: number;
  readonly prAuc: number;
}

const SIZE = 300;
const PAD = 46;

/** ROC and precision/recall curves side by side, as a standalone SVG (no script, no fonts to load). */
export function curvesSvg(title: string, curves: readonly PlottedCurve[], baseRate: number): string {
  const roc = panel(
    0,
    'ROC (false positive rate → true positive rate)',
    curves,
    (p) => [p.fpr, p.tpr],
    (c) => c.rocAuc,
    'ROC-AUC',
    [
      [0, 0],
      [1, 1],
    ],
  );
  const pr = panel(
    SIZE + PAD * 2,
    'Precision / recall (recall → precision)',
    curves,
    (p) => [p.recall, p.precision],
    (c) => c.prAuc,
    'PR-AUC',
    [
      [0, baseRate],
      [1, baseRate],
    ],
  );
  const width = (SIZE + PAD * 2) * 2;
  const height = SIZE + PAD * 2 + 30;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="13">${escape(title)}</text>`,
    roc,
    pr,
    '</svg>',
    '',
  ].join('\n');
}

function panel(
  x0: number,
  title: string,
  curves: readonly PlottedCurve[],
  xy: (p: CurvePoint) => [number, number],
  area: (c: PlottedCurve) => number,
  areaName: string,
  reference: [number, number][],
): string {
  const ox = x0 + PAD;
  const oy = 30 + PAD;
  const at = ([x, y]: [number, number]): string => `${(ox + x * SIZE).toFixed(1)},${(oy + (1 - y) * SIZE).toFixed(1)}`;
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<line x1="${ox + t * SIZE}" y1="${oy}" x2="${ox + t * SIZE}" y2="${oy + SIZE}" stroke="#eee"/>` +
        `<line x1="${ox}" y1="${oy + (1 - t) * SIZE}" x2="${ox + SIZE}" y2="${oy + (1 - t) * SIZE}" stroke="#eee"/>` +
        `<text x="${ox + t * SIZE}" y="${oy + SIZE + 14}" text-anchor="middle">${t}</text>` +
        `<text x="${ox - 6}" y="${oy + (1 - t) * SIZE + 4}" text-anchor="end">${t}</text>`,
    )
    .join('');
  const lines = curves
    .map((c) => {
      const pts = thin(
        c.points.filter((p) => Number.isFinite(xy(p)[0]) && Number.isFinite(xy(p)[1])),
        500,
      );
      return `<polyline fill="none" stroke="${c.color}" stroke-width="1.6" points="${pts.map((p) => at(xy(p))).join(' ')}"/>`;
    })
    .join('');
  const legend = curves
    .map(
      (c, i) =>
        `<rect x="${ox + 8}" y="${oy + SIZE - 16 - i * 15}" width="10" height="3" fill="${c.color}"/>` +
        `<text x="${ox + 22}" y="${oy + SIZE - 12 - i * 15}">${escape(c.label)} (${areaName} ${area(c).toFixed(3)})</text>`,
    )
    .join('');
  return (
    `<text x="${ox + SIZE / 2}" y="${oy - 8}" text-anchor="middle">${escape(title)}</text>` +
    `<rect x="${ox}" y="${oy}" width="${SIZE}" height="${SIZE}" fill="none" stroke="#999"/>` +
    ticks +
    `<polyline fill="none" stroke="#bbb" stroke-dasharray="4 3" points="${reference.map(at).join(' ')}"/>` +
    lines +
    legend
  );
}

function thin<T>(points: readonly T[], max: number): readonly T[] {
  if (points.length <= max) return points;
  const step = points.length / max;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.floor(i * step)]);
  out.push(points[points.length - 1]);
  return out;
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
