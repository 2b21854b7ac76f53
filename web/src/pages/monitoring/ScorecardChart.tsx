import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';

// Only the parts a stacked bar chart needs, so the chunk stays small (Chart.js tree-shakes).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface ChartSeries {
  label: string;
  color: string;
  values: number[];
}

/**
 * Per unit, the cases on time / late / overdue / not started as stacked horizontal bars. Loaded
 * with the monitoring page only; the table beside it carries the same numbers for screen readers.
 */
export default function ScorecardChart({
  units,
  series,
  label,
}: {
  units: string[];
  series: ChartSeries[];
  label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: units,
        datasets: series.map((s) => ({
          label: s.label,
          data: s.values,
          backgroundColor: s.color,
        })),
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: true },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.destroy();
  }, [units, series]);
  return (
    <div style={{ position: 'relative', height: Math.max(200, units.length * 44 + 80) }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
