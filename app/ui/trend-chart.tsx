import type { ReactNode } from 'react';
import { useFormat } from './format.js';

export interface TrendPoint {
  at: string;
  total: number;
}

interface TrendChartProps {
  points: TrendPoint[];
  range: { min: number; max: number };
  /** Bands drawn as light stripes behind the line. */
  bands?: ReadonlyArray<{ min: number; max: number; label: string }>;
  /** What the chart shows, read by screen readers instead of the drawing. */
  label: string;
  /** Small multiples are small; a member's own chart is larger. */
  size?: 'small' | 'large';
  /** Clinicians' charts: the score range up the side and the first and latest dates along the bottom. */
  axes?: boolean;
  /** The zone whose days the dates along the bottom are: the viewer's unless the points are days elsewhere. */
  zone?: string;
  children?: ReactNode;
}

/**
 * A line of scores over time, drawn as SVG by hand (decision 0012): no chart library for a line
 * and some stripes, and no inline styles under the strict CSP. Screen readers get `label`.
 */
export function TrendChart({ points, range, bands = [], label, size = 'small', axes = false, zone }: TrendChartProps) {
  const format = useFormat();
  const width = size === 'small' ? 160 : 320;
  const height = size === 'small' ? 48 : 120;
  const pad = 4;
  const span = range.max - range.min || 1;
  const y = (v: number) => pad + (1 - (v - range.min) / span) * (height - 2 * pad);
  const times = points.map((p) => Date.parse(p.at));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const x = (t: number) => (last === first ? width / 2 : pad + ((t - first) / (last - first)) * (width - 2 * pad));
  const line = points.map((p, i) => `${x(times[i]!).toFixed(1)},${y(p.total).toFixed(1)}`).join(' ');
  const chart = (
    <svg
      className={`trend trend--${size}`}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      preserveAspectRatio="none"
    >
      {bands.map((b, i) => (
        <rect
          key={b.label}
          className={`trend__band trend__band--${i % 2 === 0 ? 'even' : 'odd'}`}
          x={0}
          width={width}
          y={y(Math.min(b.max, range.max))}
          height={Math.max(0, y(b.min) - y(Math.min(b.max, range.max)))}
        />
      ))}
      {points.length > 1 && <polyline className="trend__line" points={line} fill="none" />}
      {points.map((p, i) => (
        <circle key={p.at} className="trend__point" cx={x(times[i]!)} cy={y(p.total)} r={size === 'small' ? 2.5 : 4} />
      ))}
    </svg>
  );
  if (!axes) return chart;
  // The axis words are HTML beside the drawing, so they keep their size when the drawing stretches.
  return (
    <div className={`trend-axes trend-axes--${size}`}>
      <span className="trend-axes__max">{range.max}</span>
      {chart}
      <span className="trend-axes__min">{range.min}</span>
      <span className="trend-axes__dates">
        <span>{points.length > 0 ? format.shortDate(new Date(first).toISOString(), zone) : ''}</span>
        {last !== first && <span>{format.shortDate(new Date(last).toISOString(), zone)}</span>}
      </span>
    </div>
  );
}
