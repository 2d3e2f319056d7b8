/**
 * VTIMEZONE components (RFC 5545 §3.6.5) written from the runtime's time-zone data (Intl, through
 * @date-fns/tz), so that a calendar file names its zone *and* defines it: Outlook builds its own zone
 * from the definition, phones and Google match the IANA name.
 *
 * The zone's offset changes are scanned over the years asked for (and one year either side). When
 * they follow one yearly rule ("last Sunday of March at 02:00"), each kind of change is written once
 * with an RRULE, as tzurl.org and most calendar servers do; otherwise every change is written as its
 * own component. A zone without changes is one STANDARD component.
 */
import { tzOffset } from "@date-fns/tz/tzOffset"
import { tzScan } from "@date-fns/tz/tzScan"

interface Change {
  readonly kind: "DAYLIGHT" | "STANDARD"
  /** Wall time at which the change happens, in the offset before it. */
  readonly local: Date
  readonly from: number
  readonly to: number
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

/** `+0800`, `-0430` from minutes east of UTC. */
export const offsetText = (minutes: number): string => {
  const sign = minutes < 0 ? "-" : "+"
  const abs = Math.abs(minutes)
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
}

/** `20260329T020000` from a Date read through its UTC fields. */
const wallText = (d: Date): string =>
  `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`

const DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const

const daysInMonth = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate()

/** The yearly rule a change follows: month, weekday, nth (or -1 = last) and wall time. */
const ruleOf = (c: Change) => {
  const d = c.local
  const day = d.getUTCDate()
  const last = day + 7 > daysInMonth(d.getUTCFullYear(), d.getUTCMonth())
  return {
    month: d.getUTCMonth() + 1,
    weekday: DAYS[d.getUTCDay()]!,
    nth: Math.ceil(day / 7),
    last,
    time: wallText(d).slice(9),
    from: c.from,
    to: c.to
  }
}

const component = (kind: Change["kind"], start: string, from: number, to: number, rrule?: string): string =>
  [
    `BEGIN:${kind}`,
    `DTSTART:${start}`,
    ...(rrule !== undefined ? [`RRULE:${rrule}`] : []),
    `TZOFFSETFROM:${offsetText(from)}`,
    `TZOFFSETTO:${offsetText(to)}`,
    `END:${kind}`
  ].join("\r\n")

/** One RRULE per kind of change when every change of that kind in the range follows one yearly rule. */
const yearlyRule = (changes: ReadonlyArray<Change>): string | undefined => {
  if (changes.length < 2) return undefined
  const rules = changes.map(ruleOf)
  const first = rules[0]!
  const same = rules.every(
    (r) =>
      r.month === first.month &&
      r.weekday === first.weekday &&
      r.time === first.time &&
      r.from === first.from &&
      r.to === first.to
  )
  if (!same) return undefined
  // One change a year, every year of the range.
  const years = changes.map((c) => c.local.getUTCFullYear())
  if (years.some((y, i) => i > 0 && y !== years[i - 1]! + 1)) return undefined
  const byDay = rules.every((r) => r.last)
    ? `-1${first.weekday}`
    : rules.every((r) => r.nth === first.nth && r.nth <= 4)
      ? `${first.nth}${first.weekday}`
      : undefined
  return byDay === undefined ? undefined : `FREQ=YEARLY;BYMONTH=${first.month};BYDAY=${byDay}`
}

/**
 * The VTIMEZONE of an IANA zone, correct for local times in the years `fromYear`–`toYear`.
 */
export const vtimezone = (zone: string, fromYear: number, toYear: number): string => {
  const start = new Date(Date.UTC(fromYear - 1, 0, 1))
  const end = new Date(Date.UTC(toYear + 2, 0, 1))
  const changes: Array<Change> = tzScan(zone, { start, end }).map((c) => {
    const from = c.offset - c.change
    return {
      kind: c.offset > from ? "DAYLIGHT" : "STANDARD",
      local: new Date(c.date.getTime() + from * 60_000),
      from,
      to: c.offset
    }
  })
  const body: Array<string> = []
  if (changes.length === 0) {
    const offset = tzOffset(zone, start)
    body.push(component("STANDARD", "19700101T000000", offset, offset))
  } else {
    const daylight = changes.filter((c) => c.kind === "DAYLIGHT")
    const standard = changes.filter((c) => c.kind === "STANDARD")
    const rules = [yearlyRule(daylight), yearlyRule(standard)]
    if (daylight.length > 0 && standard.length > 0 && rules[0] !== undefined && rules[1] !== undefined) {
      body.push(component("DAYLIGHT", wallText(daylight[0]!.local), daylight[0]!.from, daylight[0]!.to, rules[0]))
      body.push(component("STANDARD", wallText(standard[0]!.local), standard[0]!.from, standard[0]!.to, rules[1]))
    } else {
      for (const c of changes) body.push(component(c.kind, wallText(c.local), c.from, c.to))
    }
  }
  return ["BEGIN:VTIMEZONE", `TZID:${zone}`, ...body, "END:VTIMEZONE"].join("\r\n")
}
