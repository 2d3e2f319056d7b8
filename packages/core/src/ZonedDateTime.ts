/**
 * A date-time with its time zone, written `2026-03-10T09:30+08:00[Asia/Shanghai]` (RFC 9557).
 *
 * Arrival times, itineraries and approval decisions are instants that people read in a zone, so the
 * zone travels with the value. Unlike `Schema.DateTimeZoned`, text without an offset is read as wall
 * time *in the named zone* (`2026-03-10T09:30[Asia/Shanghai]` is 09:30 in Shanghai, whatever the host's
 * zone), text with neither an offset nor a zone is rejected, and an offset that contradicts the named
 * zone is rejected.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { formatIsoZoned, namedOffset } from "./internal/zone.js"
import * as LocalDate from "./LocalDate.js"

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?(?:\[([A-Za-z0-9_+\-/]+)\])?$/

const EXAMPLE = "2026-03-10T09:30+08:00[Asia/Shanghai]"

const read = (text: string): Option.Option<DateTime.Zoned> | string => {
  const m = PATTERN.exec(text)
  if (m === null) return `expected a date-time such as ${EXAMPLE}, got ${JSON.stringify(text)}`
  const [, y, mo, d, h, mi, s, ms, offset, zone] = m
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hours = Number(h)
  const minutes = Number(mi)
  const seconds = Number(s ?? "0")
  const millis = Number((ms ?? "0").padEnd(3, "0"))
  if (LocalDate.fromParts(year, month, day)._tag === "Left" || hours > 23 || minutes > 59 || seconds > 59) {
    return `${JSON.stringify(text)} names a date or time that does not exist`
  }
  if (offset === undefined && zone === undefined) {
    return `${JSON.stringify(text)} has neither a UTC offset nor a time zone; write it like ${EXAMPLE}`
  }
  if (offset === undefined) {
    const named = DateTime.zoneMakeNamed(zone!)
    if (Option.isNone(named)) return `unknown time zone ${JSON.stringify(zone)}`
    return DateTime.makeZoned(
      { year, month, day, hours, minutes, seconds, millis },
      { timeZone: named.value, adjustForTimeZone: true }
    )
  }
  const offsetMinutes =
    offset === "Z"
      ? 0
      : (offset.startsWith("-") ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)))
  const epochMillis =
    (LocalDate.epochDayOf(year, month, day) * 86_400 + hours * 3600 + minutes * 60 + seconds) * 1000 +
    millis -
    offsetMinutes * 60_000
  if (zone === undefined)
    return DateTime.makeZoned(epochMillis, { timeZone: DateTime.zoneMakeOffset(offsetMinutes * 60_000) })
  const named = DateTime.zoneMakeNamed(zone)
  if (Option.isNone(named)) return `unknown time zone ${JSON.stringify(zone)}`
  const zoned = DateTime.makeZoned(epochMillis, { timeZone: named.value })
  // The zone's offset from the per-day memo, not an Intl look-up per value (storage decodes
  // thousands of these a second); the same number as DateTime.zonedOffset.
  if (Option.isSome(zoned) && namedOffset(named.value, epochMillis) !== offsetMinutes * 60_000) {
    return `offset ${offset} contradicts ${zone}, which is ${DateTime.zonedOffsetIso(zoned.value)} at that moment`
  }
  return zoned
}

const SAMPLE_ZONES = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Tokyo", "Europe/Berlin", "America/New_York", "UTC"]

/**
 * The Schema of a zoned date-time, encoded as RFC 9557 text (`2026-03-10T09:30:00.000+08:00[Asia/Shanghai]`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ZonedDateTime: Schema.Schema<DateTime.Zoned, string> = Schema.transformOrFail(
  Schema.String,
  Schema.DateTimeZonedFromSelf,
  {
    strict: true,
    decode: (text, _, ast) => {
      const result = read(text)
      if (typeof result === "string") return ParseResult.fail(new ParseResult.Type(ast, text, result))
      return Option.match(result, {
        onNone: () =>
          ParseResult.fail(new ParseResult.Type(ast, text, `${JSON.stringify(text)} is not a valid date-time`)),
        onSome: ParseResult.succeed
      })
    },
    // The same text as DateTime.formatIsoZoned, without an Intl look-up per value (storage encodes
    // thousands of them a second).
    encode: (zoned) => ParseResult.succeed(formatIsoZoned(zoned))
  }
).annotations({
  identifier: "ZonedDateTime",
  description: `a date-time with its time zone, e.g. ${EXAMPLE}`,
  arbitrary: () => (fc) =>
    fc
      .record({
        // 2000-01-01 … 2099-12-31, whole minutes or milliseconds
        epochMillis: fc.integer({ min: 946_684_800_000, max: 4_102_358_400_000 }),
        zone: fc.oneof(
          fc.constantFrom(...SAMPLE_ZONES),
          fc.integer({ min: -12 * 60, max: 14 * 60 }).map((minutes) => minutes * 60_000)
        )
      })
      .map(({ epochMillis, zone }) => DateTime.unsafeMakeZoned(epochMillis, { timeZone: zone }))
})

/**
 * Reads RFC 9557 text as a zoned date-time, for literals in tests and examples.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (text: string): Option.Option<DateTime.Zoned> => {
  const result = read(text)
  return typeof result === "string" ? Option.none() : result
}
