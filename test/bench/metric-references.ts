// What each benchmark metric is measured against (a floor, a baseline or a target), so the runner prints the ratio beside the time; node, bench runner only.
import type { Metrics } from './bench-metrics'

/**
 * A metric's reference: another metric of the same run (`metric`: the network floor, a bare
 * baseline) or a fixed target (`value`), in the metric's own unit.
 */
export type MetricReference =
  { label: 'floor' | 'baseline' | 'target'; metric: string } | { label: 'target'; value: number }

/** Keyed by metric name; a metric missing here prints alone (counts, sizes, the ratios themselves). */
export const metricReferences: Record<string, MetricReference> = {
  sync_5x2000_ms: { label: 'floor', metric: 'sync_floor_ms' },
  sync_5x2000_resync_ms: { label: 'floor', metric: 'sync_floor_ms' },
  sync_engine_5x2000_ms: { label: 'floor', metric: 'sync_engine_floor_ms' },
  sync_engine_resync_ms: { label: 'floor', metric: 'sync_engine_floor_ms' },
  sync_5x2000_cpu_ms: { label: 'floor', metric: 'sync_floor_ms' },
  sync_5x2000_resync_cpu_ms: { label: 'floor', metric: 'sync_floor_ms' },
  sync_100k_first_ms: { label: 'target', value: 3000 },
  sync_ratio_to_floor: { label: 'target', value: 1.5 },
  sync_5x2000_resync_ratio_to_floor: { label: 'target', value: 1.5 },
  renderer_first_rows_ms: { label: 'target', value: 150 },
  renderer_scroll_frame_p95_ms: { label: 'baseline', metric: 'renderer_scroll_baseline_p95_ms' },
  renderer_scroll_frame_median_ms: {
    label: 'baseline',
    metric: 'renderer_scroll_baseline_median_ms'
  },
  renderer_scroll_ratio: { label: 'target', value: 1.15 },
  ...Object.fromEntries(
    ['', 'frameless_', 'plain_rows_', 'plain_'].map((variant): [string, MetricReference] => [
      `renderer_scroll_${variant}task_ms`,
      { label: 'baseline', metric: 'renderer_scroll_baseline_task_ms' }
    ])
  ),
  renderer_scrollbar_jump_ms: { label: 'target', value: 200 },
  ...Object.fromEntries(
    ['main', 'scroll_events', 'style', 'layout', 'paint', 'composite', 'compositor'].map(
      (phase): [string, MetricReference] => [
        `renderer_scroll_cpu_${phase}_ms`,
        { label: 'baseline', metric: `renderer_scroll_baseline_cpu_${phase}_ms` }
      ]
    )
  ),
  table_page_sorted_max_ms: { label: 'target', metric: 'table_page_sorted_target_ms' },
  main_rss_100k_mb: { label: 'baseline', metric: 'main_rss_baseline_mb' },
  // Issue 12: under 150 ms and within 5x of uPlot alone drawing the same data in the same run.
  usage_chart_131k_ms: { label: 'baseline', metric: 'usage_chart_131k_uplot_ms' }
}

const formatNumber = (value: number): string =>
  value.toLocaleString('en-US', { maximumFractionDigits: 2 })

/**
 * `value unit`, then its reference and the ratio when it has one whose value is known:
 * `700 ms (floor 460 ms, 1.52x)`. A reference from another bench that did not run is left out.
 */
export const describeMetric = (name: string, metrics: Metrics): string => {
  const metric = metrics[name]
  if (!metric) return `${name} (not measured)`
  const shown = `${formatNumber(metric.value)} ${metric.unit}`
  const reference = metricReferences[name]
  if (!reference) return shown
  const against =
    'value' in reference ? { value: reference.value, unit: metric.unit } : metrics[reference.metric]
  if (!against || against.value === 0) return shown
  const ratio = Math.round((metric.value / against.value) * 100) / 100
  return `${shown} (${reference.label} ${formatNumber(against.value)} ${against.unit}, ${ratio}x)`
}
