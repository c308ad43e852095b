import { useEffect, useRef, useState } from 'react';
import type { Chart as ChartType, ChartConfiguration } from 'chart.js';

export interface BarSeries {
  label: string;
  /** null: withheld (fewer than five) — drawn as no bar; the table beside says why */
  values: Array<number | null>;
  color: string;
}

/**
 * A bar chart (Chart.js, loaded on first use) drawn from the same figures as the table that always
 * accompanies it. The canvas is an image named by `summary` for screen readers; the table is the readable
 * version, so the chart adds nothing they miss.
 */
export function BarChart({ labels, series, summary, stacked = false, percent = false, max, locale }: {
  labels: string[];
  series: BarSeries[];
  summary: string;
  stacked?: boolean;
  percent?: boolean;
  max?: number;
  locale: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartType<'bar'> | null>(null);
  const [failed, setFailed] = useState(false);
  const key = JSON.stringify({ labels, series, stacked, percent, max, locale });
  useEffect(() => {
    let cancelled = false;
    import('./chart-lib')
      .then(({ Chart }) => {
        if (cancelled || canvas.current === null) return;
        const format = new Intl.NumberFormat(locale, percent ? { style: 'percent', maximumFractionDigits: 0 } : { maximumFractionDigits: 1 });
        const config: ChartConfiguration<'bar', Array<number | null>, string> = {
          type: 'bar',
          data: { labels, datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color, borderColor: s.color, maxBarThickness: 48 })) },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            locale,
            scales: {
              x: { stacked, ticks: { autoSkip: false, maxRotation: 30 } },
              y: { stacked, beginAtZero: true, ...(max !== undefined ? { max } : {}), ticks: { callback: (v) => format.format(Number(v)) } },
            },
            plugins: {
              legend: { position: 'bottom', labels: { boxWidth: 14 } },
              tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ''}: ${c.raw === null ? '–' : format.format(Number(c.raw))}` } },
            },
          },
        };
        chart.current?.destroy();
        chart.current = new Chart(canvas.current, config);
        canvas.current.dataset.ready = 'true';
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      chart.current?.destroy();
      chart.current = null;
    };
    // the figures, not the array identities, decide when to redraw
  }, [key]);
  if (failed) return null;
  return (
    <div style={{ position: 'relative', height: '15rem', width: '100%', maxWidth: '48rem' }}>
      <canvas ref={canvas} role="img" aria-label={summary} className="metrics-chart" />
    </div>
  );
}
