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
