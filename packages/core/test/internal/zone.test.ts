/**
 * The fast formatting of zoned date-times (`ZonedDateTime`'s encoding): the same text as effect's
 * `DateTime.formatIsoZoned`, which asks `Intl` for every value, in every zone the runtime knows, at
 * any instant, and through every transition of the zones with the strangest histories.
 */
import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { ZonedDateTime } from "../../src/index.js"
import { formatIsoZoned, namedOffset } from "../../src/internal/zone.js"

const zones: ReadonlyArray<string> = Intl.supportedValuesOf("timeZone")
const named = (id: string) => DateTime.zoneUnsafeMakeNamed(id)
/** What effect says, from a value that has never been formatted (effect caches its answer on the value). */
const reference = (millis: number, zone: string) =>
  DateTime.formatIsoZoned(DateTime.unsafeMakeZoned(millis, { timeZone: named(zone) }))

const YEAR_1850 = Date.UTC(1850, 0, 1)
const YEAR_2150 = Date.UTC(2150, 0, 1)

describe("formatIsoZoned", () => {
  it("knows hundreds of zones (the runtime's time-zone data is there)", () => {
    expect(zones.length).toBeGreaterThan(300)
  })

  describe("laws", () => {
    it("writes the text effect writes, in any zone, at any millisecond from 1850 to 2150", () => {
      fc.assert(
        fc.property(fc.constantFrom(...zones), fc.integer({ min: YEAR_1850, max: YEAR_2150 }), (zone, millis) => {
          const zoned = DateTime.unsafeMakeZoned(millis, { timeZone: named(zone) })
          expect(formatIsoZoned(zoned)).toBe(reference(millis, zone))
          expect(namedOffset(named(zone), millis)).toBe(DateTime.zonedOffset(zoned))
        }),
        { numRuns: 20_000 }
      )
    })

    it("writes the text effect writes at instants close together, as storage meets them (same day, next hour)", () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...zones),
          fc.integer({ min: YEAR_1850, max: YEAR_2150 }),
          fc.array(fc.integer({ min: -36 * 3_600_000, max: 36 * 3_600_000 }), { minLength: 1, maxLength: 20 }),
          (zone, base, deltas) => {
            for (const millis of [base, ...deltas.map((d) => base + d)]) {
              expect(formatIsoZoned(DateTime.unsafeMakeZoned(millis, { timeZone: named(zone) }))).toBe(
                reference(millis, zone)
              )
            }
          }
        ),
        { numRuns: 3_000 }
      )
    })
  })

  it("writes the text effect writes through every transition of zones with odd histories, every three minutes", () => {
    const cases: ReadonlyArray<readonly [zone: string, from: string, days: number]> = [
      ["Asia/Shanghai", "1991-04-13T00:00:00Z", 3], // the last summer time in China
      ["Asia/Shanghai", "1991-09-14T00:00:00Z", 3],
      ["Europe/Berlin", "2026-03-28T12:00:00Z", 2],
      ["Europe/Berlin", "2026-10-24T12:00:00Z", 2],
      ["America/New_York", "2026-03-07T12:00:00Z", 2],
      ["America/New_York", "2026-10-31T12:00:00Z", 2],
      ["Australia/Lord_Howe", "2026-04-04T00:00:00Z", 2], // a half-hour shift
      ["Europe/Dublin", "2026-03-28T12:00:00Z", 2], // negative summer time in the data
      ["Pacific/Apia", "2011-12-28T00:00:00Z", 4], // skipped 30 December 2011
      ["Africa/Casablanca", "2026-02-13T00:00:00Z", 6], // Ramadan
      ["Asia/Kolkata", "1941-09-30T00:00:00Z", 3],
      ["Europe/Amsterdam", "1937-06-30T00:00:00Z", 2], // +00:19:32 to +00:20
      ["Asia/Kathmandu", "1985-12-31T00:00:00Z", 2] // +05:30 to +05:45
    ]
    let checked = 0
    for (const [zone, from, days] of cases) {
      const start = Date.parse(from)
      for (let millis = start; millis < start + days * 86_400_000; millis += 180_000 + 7) {
        expect(formatIsoZoned(DateTime.unsafeMakeZoned(millis, { timeZone: named(zone) }))).toBe(
          reference(millis, zone)
        )
        checked++
      }
    }
    expect(checked).toBeGreaterThan(15_000)
  })

  it("is what ZonedDateTime's decoding checks an offset against: any text effect writes (1975–2150) is read back, the same text with its offset a minute off is refused", () => {
    const decode = Schema.decodeEither(ZonedDateTime.ZonedDateTime)
    const YEAR_1975 = Date.UTC(1975, 0, 1)
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: YEAR_1975, max: YEAR_2150 }), (zone, millis) => {
        const text = reference(millis, zone)
        const back = decode(text)
        expect(back._tag === "Right" && DateTime.toEpochMillis(back.right)).toBe(millis)
        const [, sign, hh, mm] = /([+-])(\d{2}):(\d{2})\[/.exec(text)!
        const minutes = (sign === "-" ? -1 : 1) * (Number(hh) * 60 + Number(mm)) + 1
        const moved = `${minutes < 0 ? "-" : "+"}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, "0")}:${String(Math.abs(minutes) % 60).padStart(2, "0")}`
        expect(decode(text.replace(/[+-]\d{2}:\d{2}\[/, `${moved}[`))._tag).toBe("Left")
      }),
      { numRuns: 5_000 }
    )
  })

  it("is ZonedDateTime's encoding, read back to the same instant and zone", () => {
    const encode = Schema.encodeSync(ZonedDateTime.ZonedDateTime)
    const decode = Schema.decodeSync(ZonedDateTime.ZonedDateTime)
    const summer = DateTime.unsafeMakeZoned(Date.parse("2026-07-01T09:30:00.123+02:00"), { timeZone: "Europe/Berlin" })
    expect(encode(summer)).toBe("2026-07-01T09:30:00.123+02:00[Europe/Berlin]")
    const back = decode(encode(summer))
    expect(DateTime.toEpochMillis(back)).toBe(DateTime.toEpochMillis(summer))
    expect(DateTime.zoneToString(back.zone)).toBe("Europe/Berlin")
    const fixed = DateTime.unsafeMakeZoned(0, { timeZone: 5 * 3_600_000 + 45 * 60_000 })
    expect(encode(fixed)).toBe("1970-01-01T05:45:00.000+05:45")
  })
})
