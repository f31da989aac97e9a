import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
  /** Right-hand axis (percent). */
  readonly percent?: boolean;
  readonly dashed?: boolean;
}

interface TimeChartProps {
  /** Epoch ms, ascending. */
  readonly times: readonly number[];
  readonly series: readonly ChartSeries[];
  readonly label: string;
  readonly height?: number;
}

function options(props: TimeChartProps, width: number): uPlot.Options {
  const hasPercent = props.series.some((s) => s.percent);
  return {
    width,
    height: props.height ?? 280,
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, pct: { range: [0, 100] } },
    axes: [
      { stroke: '#56606e', grid: { stroke: '#eef0f3' } },
      { label: 'edits / min', stroke: '#56606e', grid: { stroke: '#eef0f3' }, size: 56 },
      // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- uPlot's Side is a numeric enum: 1 is the right-hand axis
      ...(hasPercent
        ? [{ scale: 'pct', side: 1, label: 'flagged %', stroke: '#b42318', grid: { show: false }, size: 56 }]
        : []),
    ],
    series: [
      {},
      ...props.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: s.percent ? 1.5 : 2,
        ...(s.dashed ? { dash: [6, 4] } : {}),
        ...(s.percent
          ? { scale: 'pct', value: (_u: uPlot, v: number | null) => (v == null ? '–' : `${v.toFixed(1)} %`) }
          : {}),
        points: { show: false },
      })),
    ],
  };
}

function data(props: TimeChartProps): uPlot.AlignedData {
  return [props.times.map((t) => t / 1000), ...props.series.map((s) => [...s.values])] as uPlot.AlignedData;
}

/**
 * uPlot line chart over time that follows its container's width. Rebuilt when the set of series
 * changes, otherwise only its data is replaced (no flicker on live updates).
 */
export function TimeChart(props: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const shape = props.series.map((s) => s.label).join('\u0000');

  useEffect(() => {
    const el = box.current;
    if (!el) return; // the ref is set before effects run; nothing to draw into otherwise
    const u = new uPlot(options(props, el.clientWidth || 600), data(props), el);
    plot.current = u;
    const observer = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: props.height ?? 280 }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      u.destroy();
    };
  }, [shape]);

  useEffect(() => {
    plot.current?.setData(data(props));
  }, [props.times, props.series]);

  return <div class="chart" ref={box} role="img" aria-label={props.label} />;
}
