import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, type Language } from '@kamkor/domain';

export interface ChartSeries {
  key: string;
  label: string;
}

const COLOURS = ['#0b4f8a', '#c0392b', '#27ae60', '#8e44ad', '#d35400', '#16a085', '#7f8c8d', '#2c3e50'];

/** Renders children only in the browser: recharts measures the DOM, which the server has not got. */
function ClientOnly({ children }: { children: () => React.ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return <>{mounted ? children() : null}</>;
}

/**
 * The explorer's chart: the same numbers as the table beside it (which screen readers and print use),
 * one bar group or line point per row, one series per column (at most eight are drawn). The chart is
 * hidden from assistive technology, so recharts' keyboard layer is off (nothing focusable inside
 * an aria-hidden box: axe aria-hidden-focus).
 */
export function ExplorerChart({ kind, data, series, lang, title }: { kind: 'bar' | 'line'; data: Record<string, string | number | null>[]; series: ChartSeries[]; lang: Language; title: string }) {
  const shown = series.slice(0, COLOURS.length);
  const fmt = (v: number) => formatNumber(v, lang, 0);
  return (
    <ClientOnly>
      {() => (
        <div className="chart-box" data-testid="explorer-chart" aria-hidden="true" title={title}>
          <ResponsiveContainer width="100%" height={360}>
            {kind === 'line' ? (
              <LineChart data={data} margin={{ left: 10, right: 20, bottom: 40 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="label" tick={{ fontSize: 11 }} angle={-20} textAnchor="end" />
                <YAxis tickFormatter={fmt} />
                <Tooltip formatter={(v) => formatNumber(Number(v), lang, 1)} />
                <Legend verticalAlign="top" />
                {shown.map((s, i) => <Line key={s.key} dataKey={s.key} name={s.label} stroke={COLOURS[i]} isAnimationActive={false} connectNulls />)}
              </LineChart>
            ) : (
              <BarChart data={data} margin={{ left: 10, right: 20, bottom: 40 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="label" tick={{ fontSize: 11 }} angle={-20} textAnchor="end" />
                <YAxis tickFormatter={fmt} />
                <Tooltip formatter={(v) => formatNumber(Number(v), lang, 1)} />
                <Legend verticalAlign="top" />
                {shown.map((s, i) => <Bar key={s.key} dataKey={s.key} name={s.label} fill={COLOURS[i]} isAnimationActive={false} />)}
              </BarChart>
            )}
          </ResponsiveContainer>
        </div>
      )}
    </ClientOnly>
  );
}
