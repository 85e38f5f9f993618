// One usage chart drawn with uPlot (requests and bytes on two axes, stacked or compared keys, storage per fileset): drag to zoom, reset, exact tooltips in local time, CSV and PNG export; renderer.
import { useLayoutEffect, useRef, useState } from 'react'
import uPlot from 'uplot'
// Static CSS: bundled into the app's stylesheet, so the strict CSP (style-src 'self') allows it.
import 'uplot/dist/uPlot.min.css'
import type { UsageInterval } from '../../../../src-main/contract/hubs.contract'
import {
  amountAt,
  usageTimes,
  type UsageSeries
} from '../../../../src-main/contract/usage.contract'
import { usageCsv } from '../../../../src-main/contract/usage-csv'
import { Button } from '../../ui/Button'
import { chartColours, useThemeVersion } from './chart-theme'
import { bucketLabel, exactValue, formatBytes, type UsageChartData } from './usage-chart-model'
import styles from './Usage.module.css'

/** `rgb(r, g, b)` -> `rgba(r, g, b, alpha)` for area fills. */
const translucent = (colour: string, alpha: number): string => {
  const parts = /rgba?\(([^)]+)\)/.exec(colour)?.[1]?.split(',').slice(0, 3)
  return parts ? `rgba(${parts.join(',')}, ${alpha})` : colour
}

const download = (blob: Blob, fileName: string) => {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.click()
  // Revoked on the next turn: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/** The shown part of each series (the zoomed window, or everything). */
const visibleSeries = (
  series: readonly UsageSeries[],
  min: number | undefined,
  max: number | undefined
): UsageSeries[] =>
  series.map((s) => {
    if (min === undefined || max === undefined) return s
    const times = usageTimes(s)
    // Starts are in time order: the window is one run of indexes.
    let first = 0
    while (first < times.length && (times[first] as number) < min) first += 1
    let end = first
    while (end < times.length && (times[end] as number) <= max) end += 1
    return {
      ...s,
      at: times.subarray(first, end),
      requests: s.requests.subarray(first, end),
      bytes: s.bytes.subarray(first, end)
    }
  })

/** Stacked areas are drawn top line first, so each lower (smaller) area stays visible on top. */
const drawOrder = (data: UsageChartData): number[] =>
  data.kind === 'stacked'
    ? data.lines.map((_, i) => data.lines.length - 1 - i)
    : data.lines.map((_, i) => i)

/** uPlot's columns: the x values, then each line's drawn values in draw order. */
const columnsOf = (data: UsageChartData): uPlot.AlignedData => [
  data.x,
  ...drawOrder(data).map((index) => (data.lines[index] as UsageChartData['lines'][number]).drawn)
]

export interface UsageChartProps {
  data: UsageChartData
  /** The series as the cache holds them, for the CSV (the same writer as the CLI's --csv). */
  series: readonly UsageSeries[]
  interval: UsageInterval
  /** Names the chart for assistive technology and the exported files. */
  title: string
  fileName: string
  /** Called once a drawing is on screen (the benchmark measures up to here). */
  onDrawn?: () => void
}

export function UsageChart({ data, series, interval, title, fileName, onDrawn }: UsageChartProps) {
  const host = useRef<HTMLDivElement>(null)
  const tip = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const [zoomed, setZoomed] = useState(false)
  const theme = useThemeVersion()
  const drawn = useRef(onDrawn)
  drawn.current = onDrawn
  // The hooks read the current data and interval through refs: new data of the same shape is
  // given to the chart that is there (setData), not to a new one.
  const current = useRef({ data, interval })
  current.current = { data, interval }
  /** The data the chart on screen was built with or last given. */
  const shown = useRef<UsageChartData | null>(null)
  // What needs a new chart: the kind, the lines (names, axes) and the theme's colours.
  const shape = `${data.kind}|${theme}|${data.lines.map((line) => `${line.unit}:${line.label}`).join('\u0000')}`

  // Layout effects: the new data is drawn in the frame it arrives in. A passive effect waits for
  // a paint first, showing the previous chart one frame longer (up to 16 ms later on screen).
  useLayoutEffect(() => {
    const element = host.current
    if (!element) return
    const { data } = current.current
    const colours = chartColours()
    const stacked = data.kind === 'stacked'
    const hasBytes = data.lines.some((line) => line.unit === 'bytes')
    const hasRequests = data.lines.some((line) => line.unit === 'requests')
    const order = drawOrder(data)
    const axis = {
      stroke: colours.text,
      grid: { stroke: colours.grid, width: 1 },
      ticks: { stroke: colours.grid, width: 1 }
    }
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height: 220,
      ms: 1,
      scales: {
        x: { time: true },
        requests: { auto: true },
        // Filled areas of storage levels must stand on zero: from an auto minimum, the smaller
        // fileset's area looks empty and the larger's looks as if it held both.
        bytes:
          data.kind === 'storage'
            ? { range: (_u, _min, max) => uPlot.rangeNum(0, max, 0.1, true) }
            : { auto: true }
      },
      cursor: { drag: { x: true, y: false, setScale: true }, points: { show: false } },
      // Names only: the tooltip shows the exact values in local time, and a live legend showed
      // "--" beside every name (and a "Time" row) until the pointer was over the chart.
      legend: { show: data.lines.length > 1, live: false },
      axes: [
        axis,
        ...(hasRequests ? [{ ...axis, scale: 'requests', size: 60 }] : []),
        ...(hasBytes
          ? [
              {
                ...axis,
                scale: 'bytes',
                side: hasRequests ? 1 : 3,
                size: 70,
                grid: { show: !hasRequests, stroke: colours.grid, width: 1 },
                values: (_u: uPlot, values: number[]) => values.map((v) => formatBytes(v))
              }
            ]
          : [])
      ],
      series: [
        {},
        ...order.map((index) => {
          const line = data.lines[index] as UsageChartData['lines'][number]
          const colour = colours.lines[index % colours.lines.length] as string
          return {
            label: line.label,
            scale: line.unit,
            stroke: colour,
            width: 1.5,
            points: { show: false },
            ...(stacked || data.kind === 'storage'
              ? { fill: translucent(colour, stacked ? 0.5 : 0.12) }
              : {})
          }
        })
      ],
      hooks: {
        setScale: [
          (u, key) => {
            if (key !== 'x') return
            const { data } = current.current
            const full = u.scales.x?.min === data.x[0] && u.scales.x?.max === data.x.at(-1)
            setZoomed(!full)
          }
        ],
        setCursor: [
          (u) => {
            const box = tip.current
            const index = u.cursor.idx
            if (!box) return
            const { data, interval } = current.current
            if (
              index === null ||
              index === undefined ||
              u.cursor.left === undefined ||
              u.cursor.left < 0
            ) {
              box.hidden = true
              return
            }
            const at = data.x[index] as number
            const rows = data.lines.map(
              (line) => `${line.label}: ${exactValue(amountAt(line.exact, index), line.unit)}`
            )
            box.textContent = [bucketLabel(at, interval), ...rows].join('\n')
            box.hidden = false
            // Positioned through the DOM style API, which the CSP allows.
            const left = u.cursor.left + u.over.offsetLeft
            box.style.left = `${Math.min(left + 12, element.clientWidth - box.offsetWidth - 4)}px`
            box.style.top = `${(u.cursor.top ?? 0) + u.over.offsetTop + 12}px`
          }
        ],
        draw: [() => drawn.current?.()]
      }
    }
    const chart = new uPlot(options, columnsOf(data), element)
    plot.current = chart
    shown.current = data
    setZoomed(false)
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(200, element.clientWidth), height: 220 })
    )
    resize.observe(element)
    return () => {
      resize.disconnect()
      chart.destroy()
      plot.current = null
      shown.current = null
    }
    // The shape says when a new chart is needed (data and interval are read through `current`);
    // the data effect below handles the rest.
  }, [shape])

  // New data of the same shape (another interval or range, a refresh): the chart on screen takes
  // it, rescales and draws; nothing in the page is rebuilt.
  useLayoutEffect(() => {
    const chart = plot.current
    if (!chart || shown.current === data) return
    shown.current = data
    chart.setData(columnsOf(data))
    setZoomed(false)
  }, [data])

  const resetZoom = () => {
    const chart = plot.current
    const first = data.x[0]
    const last = data.x.at(-1)
    if (chart && first !== undefined && last !== undefined)
      chart.setScale('x', { min: first, max: last })
  }

  const exportCsv = () => {
    const scale = plot.current?.scales.x
    const shown = zoomed ? visibleSeries(series, scale?.min, scale?.max) : [...series]
    download(new Blob([usageCsv(shown)], { type: 'text/csv' }), `${fileName}.csv`)
  }

  const exportPng = () => {
    const canvas = plot.current?.ctx.canvas
    if (!canvas) return
    // The chart's canvas is transparent; the PNG gets the theme's surface behind it.
    const out = document.createElement('canvas')
    out.width = canvas.width
    out.height = canvas.height
    const context = out.getContext('2d')
    if (!context) return
    context.fillStyle = chartColours().background
    context.fillRect(0, 0, out.width, out.height)
    context.drawImage(canvas, 0, 0)
    out.toBlob((blob) => blob && download(blob, `${fileName}.png`), 'image/png')
  }

  return (
    <figure className={styles.figure}>
      <div className={styles.chartTools} role="toolbar" aria-label={`${title}: chart`}>
        <span className={styles.hint}>Drag across the chart to zoom</span>
        <Button
          size="sm"
          variant="ghost"
          onClick={resetZoom}
          disabledReason={zoomed ? undefined : 'Not zoomed: drag across the chart first'}
        >
          Reset zoom
        </Button>
        <Button size="sm" variant="ghost" icon="download" onClick={exportCsv}>
          CSV
        </Button>
        <Button size="sm" variant="ghost" icon="download" onClick={exportPng}>
          PNG
        </Button>
      </div>
      <div className={styles.chartArea}>
        <div
          ref={host}
          className={styles.chart}
          role="img"
          aria-label={title}
          data-testid="usage-chart"
        />
        <div ref={tip} className={styles.tooltip} role="status" hidden />
      </div>
    </figure>
  )
}
