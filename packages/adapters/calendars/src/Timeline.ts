/**
 * SVG timelines of plans (时间轴图): a standalone picture with the calendar's days off shaded, no dependencies.
 *
 * {@link svg} draws one plan or several on a date axis: windows as bars from the day they open to
 * the day they are due, point deadlines as diamonds on their due day, tasks already missed when
 * the plan was made in red, provisional ones dashed, each with its due date beside it and its
 * explanation as a tooltip. Behind them every non-working day of the business calendar is
 * shaded (weekends grey, holidays rose, with the break's name above it), make-up working days
 * (调休) are marked green, the event is outlined, and a legend says which is which.
 *
 * The output is one UTF-8 XML document (an `<svg>` element with `<?xml?>` declaration) with
 * presentation attributes only (no CSS, no script, no external fonts), so it shows the same in a
 * browser, on GitHub and in an `<img>`. Texts are XML-escaped and characters XML cannot hold are
 * replaced by U+FFFD. Chinese text uses a font-family stack of the common CJK system fonts
 * (Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, …).
 *
 * @since 0.1.0
 */
import type { BusinessCalendar, Plan } from "@liaison/core"
import { LocalDate } from "@liaison/core"
import * as Either from "effect/Either"
import * as PlanPicture from "./PlanPicture.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options extends PlanPicture.Options {
  /** Width of a day in pixels (default: 22 up to 10 weeks, 12 up to 20 weeks, 4 beyond). */
  readonly dayWidth?: number
}

/**
 * The fonts the timeline asks for, Chinese-capable first, so CJK text is readable wherever it is
 * opened.
 *
 * @since 0.1.0
 * @category constants
 */
export const fontFamily =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

/** Characters XML 1.0 cannot hold, even escaped. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu
const XML_SPECIAL: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" }

/**
 * Escapes a text for XML content or a double-quoted attribute; characters XML cannot hold become
 * U+FFFD.
 *
 * @since 0.1.0
 * @category utils
 */
export const escapeXml = (text: string): string =>
  text.replace(NOT_XML, "\uFFFD").replace(/[&<>"']/g, (c) => XML_SPECIAL[c]!)

/** An estimate of a text's width: CJK and full-width characters an em, others about 0.6 em. */
const textWidth = (text: string, size: number): number => {
  let em = 0
  for (const c of text) em += c.codePointAt(0)! >= 0x2e80 ? 1 : 0.6
  return em * size
}

const COLORS = {
  weekend: "#e6e8eb",
  holiday: "#fbd5d5",
  makeUp: "#2e9e5b",
  event: "#f0a020",
  window: "#4a78c2",
  point: "#1f4e99",
  missed: "#d13b3b",
  grid: "#c9ced6",
  text: "#1f2328",
  muted: "#59636e"
} as const

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const

const n = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1))

/**
 * The SVG of a picture made by {@link PlanPicture.make}.
 *
 * @since 0.1.0
 * @category rendering
 */
export const fromPicture = (picture: PlanPicture.Picture, options: { readonly dayWidth?: number } = {}): string => {
  const { labels } = picture
  const word = (en: string, zh: string) => PlanPicture.text({ en, "zh-CN": zh }, labels)
  const days = picture.days.length
  const dw = options.dayWidth ?? (days <= 70 ? 22 : days <= 140 ? 12 : 4)
  const margin = 16
  const rowHeight = 26
  const sectionHeight = 24
  const fontSize = 13
  const rows = picture.sections.flatMap((s) => s.rows)
  const labelWidth = Math.ceil(
    Math.min(
      460,
      Math.max(
        180,
        // Section names have a row of their own and may run on over the days.
        ...rows.map((r) => textWidth(r.name, fontSize) + 28)
      )
    )
  )
  const left = margin + labelWidth
  const gridWidth = days * dw
  const rightPad = 120
  const width = left + gridWidth + rightPad + margin
  const top = 132
  const gridHeight = picture.sections.length * sectionHeight + rows.length * rowHeight
  const bottom = top + gridHeight
  const legendTop = bottom + 28
  const height = legendTop + 64
  const start = LocalDate.toEpochDay(picture.from)
  const x = (date: string) => left + (LocalDate.toEpochDay(date) - start) * dw
  const out: Array<string> = []
  const push = (s: string) => out.push(s)
  const t = (s: string) => escapeXml(s)

  push(`<?xml version="1.0" encoding="UTF-8"?>`)
  push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" font-family="${t(fontFamily)}" font-size="${fontSize}" fill="${COLORS.text}" role="img" aria-labelledby="liaison-timeline-title liaison-timeline-desc">`
  )
  push(`<title id="liaison-timeline-title">${t(picture.title)}</title>`)
  push(
    `<desc id="liaison-timeline-desc">${t(
      `${word("Timeline", "时间轴")} ${picture.from} – ${picture.to}; ${word("calendar", "日历")} ${picture.calendar.id} (${picture.calendar.version}, ${picture.calendar.timeZone})`
    )}</desc>`
  )
  push(`<rect class="background" x="0" y="0" width="${n(width)}" height="${n(height)}" fill="#ffffff"/>`)
  push(`<text class="title" x="${margin}" y="26" font-size="17" font-weight="bold">${t(picture.title)}</text>`)
  push(
    `<text class="subtitle" x="${margin}" y="46" font-size="11" fill="${COLORS.muted}">${t(
      `${word("Calendar", "日历")} ${picture.calendar.id}, ${word("data", "数据")} ${picture.calendar.version} (${picture.calendar.timeZone})` +
        (picture.provisional ? ` — ${word("provisional beyond the data", "超出数据范围部分为暂定")}` : "")
    )}</text>`
  )

  // Days: the shading first, so everything else is drawn over it.
  push(`<g class="days">`)
  for (const day of picture.days) {
    const dx = x(day.date)
    if (!day.working) {
      const kind = day.kind === "holiday" ? "holiday" : "weekend"
      const reason = day.provisional ? `${day.reason} (${word("provisional", "暂定")})` : day.reason
      push(
        `<rect class="day-off" data-date="${day.date}" data-kind="${kind}" x="${n(dx)}" y="${top}" width="${n(dw)}" height="${n(gridHeight)}" fill="${COLORS[kind]}"${day.provisional ? ` fill-opacity="0.6"` : ""}><title>${t(`${day.date}: ${reason}`)}</title></rect>`
      )
    }
    if (day.kind === "makeUpWorkingDay") {
      push(
        `<rect class="make-up" data-date="${day.date}" x="${n(dx)}" y="${top - 4}" width="${n(dw)}" height="4" fill="${COLORS.makeUp}"><title>${t(`${day.date}: ${day.reason}`)}</title></rect>`
      )
    }
  }
  push(`</g>`)

  // The axis: months, day numbers when there is room, holiday names.
  push(`<g class="axis" font-size="11" fill="${COLORS.muted}">`)
  // A month's name where the month starts (and on the first day), when it fits before the next.
  const monthStarts = picture.days.flatMap((day, i) => (i === 0 || LocalDate.parts(day.date).day === 1 ? [i] : []))
  monthStarts.forEach((i, k) => {
    const day = picture.days[i]!
    const { month, year } = LocalDate.parts(day.date)
    const dx = x(day.date)
    const room = ((monthStarts[k + 1] ?? days) - i) * dw + (k === monthStarts.length - 1 ? rightPad : 0)
    // The full name, or a shorter one where a month is narrow.
    const label = [
      word(`${MONTHS_EN[month - 1]} ${year}`, `${year}年${month}月`),
      `${year}-${String(month).padStart(2, "0")}`,
      String(month).padStart(2, "0")
    ].find((l) => textWidth(l, 11) + 6 <= room)
    if (label !== undefined) {
      push(`<text class="month" x="${n(dx + 2)}" y="68" font-weight="bold">${t(label)}</text>`)
    }
    push(`<line x1="${n(dx)}" y1="56" x2="${n(dx)}" y2="${n(bottom)}" stroke="${COLORS.grid}" stroke-width="1"/>`)
  })
  if (dw >= 12) {
    for (const day of picture.days) {
      push(
        `<text class="day-number" x="${n(x(day.date) + dw / 2)}" y="86" text-anchor="middle"${day.working ? "" : ` fill="${COLORS.missed}"`}>${LocalDate.parts(day.date).day}</text>`
      )
    }
  }
  // Holiday names on two staggered lines, event names on a third, so neighbours do not overlap.
  const rowEnds = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]
  for (const h of picture.holidays) {
    const hx = x(h.from) + 1
    const row = rowEnds[0]! <= hx ? 0 : rowEnds[1]! <= hx ? 1 : rowEnds[0]! <= rowEnds[1]! ? 0 : 1
    rowEnds[row] = hx + textWidth(h.name, 11) + 6
    push(`<text class="holiday-name" x="${n(hx)}" y="${100 + row * 12}" fill="#a12a2a">${t(h.name)}</text>`)
  }
  for (const e of picture.events) {
    push(`<text class="event-name" x="${n(x(e.from) + 1)}" y="124" fill="#8a5a00">${t(e.name)}</text>`)
  }
  push(`</g>`)
  push(
    `<rect class="frame" x="${n(left)}" y="${top}" width="${n(gridWidth)}" height="${n(gridHeight)}" fill="none" stroke="${COLORS.grid}"/>`
  )
  for (const e of picture.events) {
    push(
      `<rect class="event" x="${n(x(e.from))}" y="${top}" width="${n((LocalDate.toEpochDay(e.to) - LocalDate.toEpochDay(e.from) + 1) * dw)}" height="${n(gridHeight)}" fill="${COLORS.event}" fill-opacity="0.12" stroke="${COLORS.event}" stroke-width="1.5"/>`
    )
  }

  // Sections and tasks.
  let y = top
  push(`<g class="tasks">`)
  for (const section of picture.sections) {
    push(`<text class="section" x="${margin}" y="${n(y + 17)}" font-weight="bold">${t(section.name)}</text>`)
    push(
      `<line x1="${margin}" y1="${n(y + sectionHeight)}" x2="${n(left + gridWidth)}" y2="${n(y + sectionHeight)}" stroke="${COLORS.grid}" stroke-dasharray="2 3"/>`
    )
    y += sectionHeight
    for (const row of section.rows) {
      const mid = y + rowHeight / 2
      const color = row.missed ? COLORS.missed : row.kind === "window" ? COLORS.window : COLORS.point
      const attrs = [
        `class="task task-${row.kind}${row.missed ? " missed" : ""}${row.provisional ? " provisional" : ""}"`,
        `data-task-id="${t(row.taskId)}"`,
        ...(row.opens !== undefined && row.kind === "window" ? [`data-opens="${row.opens}"`] : []),
        ...(row.due !== undefined ? [`data-due="${row.due}"`] : [])
      ]
      push(`<g ${attrs.join(" ")}>`)
      push(`<title>${t(`${row.name}: ${row.note}`)}</title>`)
      push(`<text class="task-name" x="${margin + 12}" y="${n(mid + 4.5)}">${t(row.name)}</text>`)
      const dash = row.provisional ? ` stroke-dasharray="4 2"` : ""
      if (row.kind === "window" && row.opens !== undefined && row.due !== undefined) {
        const x0 = x(row.opens)
        const x1 = x(row.due) + dw
        push(
          `<rect class="window" x="${n(x0 + 1)}" y="${n(mid - 7)}" width="${n(Math.max(2, x1 - x0 - 2))}" height="14" rx="3" fill="${color}"${row.provisional ? ` fill-opacity="0.5" stroke="${color}"${dash}` : ""}/>`
        )
        push(
          `<text class="due-label" x="${n(x1 + 5)}" y="${n(mid + 4)}" font-size="11" fill="${COLORS.muted}">${row.opens.slice(5)} – ${row.due.slice(5)}</text>`
        )
      } else if (row.due !== undefined) {
        const cx = x(row.due) + dw / 2
        const r = Math.min(8, Math.max(4, dw / 2))
        push(
          `<polygon class="deadline" points="${n(cx)},${n(mid - r)} ${n(cx + r)},${n(mid)} ${n(cx)},${n(mid + r)} ${n(cx - r)},${n(mid)}" fill="${color}"${row.provisional ? ` fill-opacity="0.5" stroke="${color}"${dash}` : ""}/>`
        )
        push(
          `<text class="due-label" x="${n(cx + r + 5)}" y="${n(mid + 4)}" font-size="11" fill="${COLORS.muted}">${row.due.slice(5)}</text>`
        )
      } else {
        push(
          `<text class="unscheduled" x="${n(left + 6)}" y="${n(mid + 4)}" font-size="11" font-style="italic" fill="${COLORS.muted}">${t(`${word("no date yet", "尚未排期")}: ${row.note}`)}</text>`
        )
      }
      push(`</g>`)
      y += rowHeight
    }
  }
  push(`</g>`)

  // The legend.
  const items: ReadonlyArray<readonly [string, string]> = [
    [
      `<rect x="0" y="0" width="14" height="14" fill="#ffffff" stroke="${COLORS.grid}"/>`,
      word("working day", "工作日")
    ],
    [`<rect x="0" y="0" width="14" height="14" fill="${COLORS.weekend}"/>`, word("weekend", "周末")],
    [`<rect x="0" y="0" width="14" height="14" fill="${COLORS.holiday}"/>`, word("holiday", "节假日")],
    [`<rect x="0" y="5" width="14" height="4" fill="${COLORS.makeUp}"/>`, word("make-up working day", "调休上班")],
    [
      `<rect x="0" y="0" width="14" height="14" fill="${COLORS.event}" fill-opacity="0.12" stroke="${COLORS.event}"/>`,
      word("event", "活动")
    ],
    [
      `<rect x="0" y="2" width="14" height="10" rx="2" fill="${COLORS.window}"/>`,
      word("window (opens → due)", "时间窗")
    ],
    [`<polygon points="7,0 14,7 7,14 0,7" fill="${COLORS.point}"/>`, word("deadline", "截止日")],
    [`<polygon points="7,0 14,7 7,14 0,7" fill="${COLORS.missed}"/>`, word("missed at planning", "编制时已逾期")]
  ]
  push(`<g class="legend" font-size="11" transform="translate(${margin} ${n(legendTop)})">`)
  let lx = 0
  let ly = 0
  const legendWidth = width - 2 * margin
  for (const [swatch, label] of items) {
    const w = 20 + textWidth(label, 11) + 18
    if (lx > 0 && lx + w > legendWidth) {
      lx = 0
      ly += 22
    }
    push(
      `<g class="legend-item" transform="translate(${n(lx)} ${n(ly)})">${swatch}<text x="20" y="11.5">${t(label)}</text></g>`
    )
    lx += w
  }
  push(`</g>`)
  push(`</svg>`)
  return `${out.join("\n")}\n`
}

/**
 * A standalone SVG timeline of one plan or several, on the calendar they were made on.
 *
 * @example
 * import { OfficialCalendars, Plan, ProcedureCatalog } from "@liaison/core"
 * import { Timeline } from "@liaison/calendars"
 * import * as Either from "effect/Either"
 *
 * const calendar = OfficialCalendars.cnMainland
 * const plan = Either.getOrThrow(
 *   Plan.make(ProcedureCatalog.clientReceptionStandard, { engagementId: "visit-1", eventStart: "2026-02-24" }, calendar)
 * )
 * const svg = Timeline.svg(plan, calendar, { labels: "zh-CN" }) // Right("<?xml version=\"1.0\" …")
 *
 * @since 0.1.0
 * @category rendering
 */
export const svg = (
  plans: Plan.Plan | ReadonlyArray<Plan.Plan>,
  calendar: BusinessCalendar.BusinessCalendar,
  options: Options = {}
): Either.Either<string, PlanPicture.PictureError> => {
  const { dayWidth, ...pictureOptions } = options
  if (dayWidth !== undefined && !(Number.isFinite(dayWidth) && dayWidth >= 1 && dayWidth <= 200)) {
    return Either.left(
      new PlanPicture.PictureError({
        reason: "InvalidOption",
        message: `dayWidth: expected a number of pixels from 1 to 200, got ${dayWidth}`
      })
    )
  }
  return Either.map(PlanPicture.make(plans, calendar, pictureOptions), (picture) =>
    fromPicture(picture, dayWidth !== undefined ? { dayWidth } : {})
  )
}
