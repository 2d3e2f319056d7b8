/** Local wall-clock time in an IANA zone ⇄ instants, through effect's DateTime. */
import * as DateTime from "effect/DateTime"
import { epochDayOf, partsOfEpochDay } from "../LocalDate.js"

/** @internal Milliseconds in a day. */
export const DAY_MS = 86_400_000

/**
 * @internal A zone, and when it keeps one UTC offset over a range of local days, that offset:
 * conversions inside the range are then arithmetic instead of Intl look-ups.
 */
export interface ZoneRef {
  readonly zone: DateTime.TimeZone
  readonly fixedOffset?: { readonly ms: number; readonly from: number; readonly to: number }
}

/** @internal The zone's offset when it is the same at every sample (1st and 15th of each month) of [from, to]. */
export const detectFixedOffset = (zone: DateTime.TimeZone, from: number, to: number): ZoneRef["fixedOffset"] => {
  let offset: number | undefined
  for (let day = from; day <= to + 16; day += 15) {
    const { month, year } = partsOfEpochDay(Math.min(day, to))
    for (const d of [1, 15]) {
      const ms = epochDayOf(year, month, d) * DAY_MS
      const o = DateTime.zonedOffset(DateTime.unsafeMakeZoned(ms, { timeZone: zone }))
      if (offset === undefined) offset = o
      else if (o !== offset) return undefined
    }
  }
  return offset === undefined ? undefined : { ms: offset, from, to }
}

const slowLocalToMillis = (zone: DateTime.TimeZone, epochDay: number, minuteOfDay: number): number => {
  const { day, month, year } = partsOfEpochDay(epochDay)
  return DateTime.toEpochMillis(
    DateTime.unsafeMakeZoned(
      { year, month, day, hours: Math.floor(minuteOfDay / 60), minutes: minuteOfDay % 60, seconds: 0, millis: 0 },
      { timeZone: zone, adjustForTimeZone: true, disambiguation: "compatible" }
    )
  )
}

/** @internal The instant of a local day and minute of that day (0–1440) in a zone (DST gaps resolve later). */
export const localToMillis = (ref: ZoneRef, epochDay: number, minuteOfDay: number): number => {
  if (minuteOfDay >= 1440) return localToMillis(ref, epochDay + 1, minuteOfDay - 1440)
  const fixed = ref.fixedOffset
  if (fixed !== undefined && epochDay >= fixed.from && epochDay <= fixed.to) {
    return epochDay * DAY_MS + minuteOfDay * 60_000 - fixed.ms
  }
  return slowLocalToMillis(ref.zone, epochDay, minuteOfDay)
}

/** @internal The local day and millisecond of that day of an instant in a zone. */
export const millisToLocal = (
  ref: ZoneRef,
  millis: number
): { readonly epochDay: number; readonly msOfDay: number } => {
  const fixed = ref.fixedOffset
  if (fixed !== undefined) {
    const local = millis + fixed.ms
    const epochDay = Math.floor(local / DAY_MS)
    if (epochDay >= fixed.from && epochDay <= fixed.to) return { epochDay, msOfDay: local - epochDay * DAY_MS }
  }
  const parts = DateTime.toParts(DateTime.unsafeMakeZoned(millis, { timeZone: ref.zone }))
  return {
    epochDay: epochDayOf(parts.year, parts.month, parts.day),
    msOfDay: ((parts.hours * 60 + parts.minutes) * 60 + parts.seconds) * 1000 + parts.millis
  }
}

/** @internal An instant as a zoned DateTime. */
export const zoned = (ref: ZoneRef, millis: number): DateTime.Zoned =>
  DateTime.unsafeMakeZoned(millis, { timeZone: ref.zone })

/**
 * @internal Offsets of named zones by UTC day, for formatting: a day whose first and last
 * millisecond have the same offset keeps it all day (no zone in the tz database changes its offset
 * twice within a day and back), so one look-up through `Intl` serves every instant of that day;
 * a day with a transition is looked up per instant. A memo of a pure function, bounded: it changes
 * no answer, only how often `Intl` is asked.
 */
const offsetsByDay = new Map<string, Map<number, number>>()
const MEMO_DAYS_PER_ZONE = 100_000
const TRANSITION = Number.NaN

const intlOffset = (zone: DateTime.TimeZone, millis: number): number =>
  DateTime.zonedOffset(DateTime.unsafeMakeZoned(millis, { timeZone: zone }))

/** @internal The offset of a named zone at an instant, as effect's `DateTime.zonedOffset` gives it. */
export const namedOffset = (zone: DateTime.TimeZone.Named, millis: number): number => {
  let days = offsetsByDay.get(zone.id)
  if (days === undefined) {
    days = new Map()
    offsetsByDay.set(zone.id, days)
  }
  const day = Math.floor(millis / DAY_MS)
  let offset = days.get(day)
  if (offset === undefined) {
    const first = intlOffset(zone, day * DAY_MS)
    offset = first === intlOffset(zone, day * DAY_MS + DAY_MS - 1) ? first : TRANSITION
    if (days.size >= MEMO_DAYS_PER_ZONE) days.clear()
    days.set(day, offset)
  }
  return Number.isNaN(offset) ? intlOffset(zone, millis) : offset
}

const offsetIso = (offset: number): string => {
  const abs = Math.abs(offset)
  let hours = Math.floor(abs / 3_600_000)
  let minutes = Math.round((abs % 3_600_000) / 60_000)
  if (minutes === 60) {
    hours += 1
    minutes = 0
  }
  return `${offset < 0 ? "-" : "+"}${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`
}

/**
 * @internal `DateTime.formatIsoZoned`, the same text, with the offset of a named zone taken from
 * {@link namedOffset} instead of asking `Intl` for every value.
 */
export const formatIsoZoned = (zoned: DateTime.Zoned): string => {
  const zone = zoned.zone
  if (zone._tag !== "Named") return DateTime.formatIsoZoned(zoned)
  const offset = namedOffset(zone, zoned.epochMillis)
  return `${new Date(zoned.epochMillis + offset).toISOString().slice(0, -1)}${offsetIso(offset)}[${zone.id}]`
}
