import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, formatPercent, type Language } from '@kamkor/domain';

function ClientOnly({ children }: { children: () => React.ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return <>{mounted ? children() : null}</>;
}

/**
 * One question's answers as bars (share of those who answered, %). Hidden from screen readers: the
 * table beside it holds the same numbers.
 */
export function AnswerChart({ data, lang, title }: { data: { label: string; percent: number }[]; lang: Language; title: string }) {
  return (
    <ClientOnly>
      {() => (
        <div className="chart-box survey-chart" data-testid="survey-chart" aria-hidden="true" title={title}>
          <ResponsiveContainer width="100%" height={Math.max(160, 44 * data.length + 40)}>
            <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ left: 10, right: 30, top: 10, bottom: 10 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" domain={[0, 100]} tickFormatter={(v: number) => formatNumber(v, lang, 0)} />
              <YAxis type="category" dataKey="label" width={140} tick={{ fontSize: 12 }} />
              <Tooltip formatter={(v) => formatPercent(Number(v), lang)} />
              <Bar dataKey="percent" fill="#0b4f8a" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </ClientOnly>
  );
}
