/** Local wall-clock time in an IANA zone ⇄ instants, through effect's DateTime. */
import * as DateTime from "effect/DateTime"
import { epochDayOf, partsOfEpochDay } from "../LocalDate.js"

/** @internal Milliseconds in a day. */
export const DAY_MS = 86_400_000

/** @internal The instant of a local day and minute of that day in a zone (DST gaps resolve later). */
export const localToMillis = (zone: DateTime.TimeZone, epochDay: number, minuteOfDay: number): number => {
  const { day, month, year } = partsOfEpochDay(epochDay)
  const zoned = DateTime.unsafeMakeZoned(
    { year, month, day, hours: 0, minutes: 0, seconds: 0, millis: 0 },
    { timeZone: zone, adjustForTimeZone: true, disambiguation: "compatible" }
  )
  // Midnight plus minutes in local terms: add via the zone so a DST change inside the day is honoured.
  if (minuteOfDay === 0) return DateTime.toEpochMillis(zoned)
  const hours = Math.floor(minuteOfDay / 60)
  const minutes = minuteOfDay % 60
  if (hours >= 24) return localToMillis(zone, epochDay + 1, minuteOfDay - 1440)
  return DateTime.toEpochMillis(
    DateTime.unsafeMakeZoned(
      { year, month, day, hours, minutes, seconds: 0, millis: 0 },
      { timeZone: zone, adjustForTimeZone: true, disambiguation: "compatible" }
    )
  )
}

/** @internal The local day and millisecond of that day of an instant in a zone. */
export const millisToLocal = (
  zone: DateTime.TimeZone,
  millis: number
): { readonly epochDay: number; readonly msOfDay: number } => {
  const parts = DateTime.toParts(DateTime.unsafeMakeZoned(millis, { timeZone: zone }))
  return {
    epochDay: epochDayOf(parts.year, parts.month, parts.day),
    msOfDay: ((parts.hours * 60 + parts.minutes) * 60 + parts.seconds) * 1000 + parts.millis
  }
}

/** @internal An instant as a zoned DateTime. */
export const zoned = (zone: DateTime.TimeZone, millis: number): DateTime.Zoned =>
  DateTime.unsafeMakeZoned(millis, { timeZone: zone })
