/**
 * Instants whose day in the calendar's zone is outside 0001-01-01…9999-12-31, which `YYYY-MM-DD` cannot
 * write: the working-hours functions refuse them with `InvalidArgument` instead of answering with an
 * impossible date (the fuzz suite found `10000-01-01`).
 */
import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import fc from "fast-check"
import { BusinessCalendar, LocalDate, OfficialCalendars } from "../src/index.js"

const cn = OfficialCalendars.cnMainland // Asia/Shanghai, UTC+8
const P = { beyondCoverage: "provisional" } as const
const utc = (iso: string): DateTime.Utc => DateTime.unsafeMake(new Date(iso))

const refused = <A>(result: Either.Either<A, BusinessCalendar.CalendarError>, argument: string, side: string) => {
  if (Either.isRight(result)) throw new Error(`expected a refusal, got ${JSON.stringify(result.right)}`)
  expect(result.left).toBeInstanceOf(BusinessCalendar.InvalidArgument)
  expect(result.left).toMatchObject({ argument })
  expect(result.left.message).toBe(`${argument}: falls ${side} in the calendar's zone, which YYYY-MM-DD cannot write`)
}

/** A calendar at the end of the writable years: working hours round the clock, or none. */
const lastYear = (workingHours?: ReadonlyArray<BusinessCalendar.WorkingInterval>) =>
  Either.getOrThrow(
    BusinessCalendar.decode({
      id: "last-year",
      name: "Last year",
      timeZone: "Asia/Shanghai",
      weekendDays: [],
      holidays: [],
      makeUpWorkingDays: [],
      coverage: { from: "9999-01-01", to: "9999-12-31" },
      version: "1",
      source: "test",
      ...(workingHours ? { workingHours } : {})
    })
  )

describe("BusinessCalendar beyond the years YYYY-MM-DD can write", () => {
  it("localDateOfEither gives 9999-12-31 up to its last instant in the zone, and refuses the next", () => {
    expect(BusinessCalendar.localDateOfEither(cn, utc("9999-12-31T15:59:59.999Z"))).toEqual(Either.right("9999-12-31"))
    refused(BusinessCalendar.localDateOfEither(cn, utc("9999-12-31T16:00:00Z")), "instant", "after 9999-12-31")
  })

  it("localDateOfEither gives 0001-01-01 from its first instant in the zone, and refuses the one before", () => {
    // Before 1901 Asia/Shanghai keeps local mean time, UTC+08:05:43.
    expect(BusinessCalendar.localDateOfEither(cn, utc("0000-12-31T15:54:17Z"))).toEqual(Either.right("0001-01-01"))
    refused(BusinessCalendar.localDateOfEither(cn, utc("0000-12-31T15:54:16.999Z")), "instant", "before 0001-01-01")
    expect(BusinessCalendar.localDateOf(cn, utc("0000-12-31T15:54:16.999Z"))).not.toBe("0001-12-31")
  })

  it("localDateOfEither answers a real date exactly when localDateOf does, and the same one", () => {
    const edges = fc.constantFrom(
      new Date("9999-12-31T16:00:00Z").getTime(),
      new Date("0000-12-31T15:54:17Z").getTime(),
      -8.64e15,
      8.64e15
    )
    fc.assert(
      fc.property(
        fc.oneof(
          fc
            .tuple(edges, fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }))
            .map(([e, d]) => Math.min(8.64e15, Math.max(-8.64e15, e + d))),
          fc.integer({ min: -8.64e15, max: 8.64e15 })
        ),
        (millis) => {
          const instant = DateTime.unsafeMake(millis)
          const result = BusinessCalendar.localDateOfEither(cn, instant)
          const text = BusinessCalendar.localDateOf(cn, instant)
          if (Either.isRight(result)) expect(result.right).toBe(text)
          else expect(result.left.argument).toBe("instant")
          expect(Either.isRight(result)).toBe(LocalDate.isLocalDate(text))
        }
      )
    )
  })

  it("addWorkingTime refuses a start after 9999-12-31, and an answer that would fall after it", () => {
    refused(BusinessCalendar.addWorkingTime(cn, utc("9999-12-31T16:00:00Z"), 60_000, P), "start", "after 9999-12-31")
    // Thursday 9999-12-30 09:00: two working days of 7.5 hours remain, not three.
    const start = utc("9999-12-30T01:00:00Z")
    expect(Either.isRight(BusinessCalendar.addWorkingTime(cn, start, 15 * 3_600_000, P))).toBe(true)
    refused(BusinessCalendar.addWorkingTime(cn, start, 16 * 3_600_000, P), "duration", "after 9999-12-31")
  })

  it("workingTimeBetween refuses an end after 9999-12-31, naming it in either order", () => {
    const before = utc("9999-12-30T01:00:00Z")
    const after = utc("9999-12-31T16:00:00Z")
    refused(BusinessCalendar.workingTimeBetween(cn, before, after, P), "to", "after 9999-12-31")
    refused(BusinessCalendar.workingTimeBetween(cn, after, before, P), "from", "after 9999-12-31")
    refused(
      BusinessCalendar.workingTimeBetween(cn, utc("0000-12-31T00:00:00Z"), before, P),
      "from",
      "before 0001-01-01"
    )
  })

  it("instantAt refuses 24:00 of 9999-12-31, midnight of a day it cannot write", () => {
    expect(Either.isRight(BusinessCalendar.instantAt(cn, "9999-12-31" as LocalDate.LocalDate, "23:59"))).toBe(true)
    refused(BusinessCalendar.instantAt(cn, "9999-12-31" as LocalDate.LocalDate, "24:00"), "time", "after 9999-12-31")
  })

  it("endOfWorkingDay and workingIntervals refuse a 9999-12-31 whose working day ends at midnight after it", () => {
    const last = "9999-12-31" as LocalDate.LocalDate
    refused(BusinessCalendar.endOfWorkingDay(lastYear(), last), "date", "after 9999-12-31")
    refused(
      BusinessCalendar.endOfWorkingDay(lastYear([{ start: "00:00", end: "24:00" }]), last),
      "date",
      "after 9999-12-31"
    )
    refused(
      BusinessCalendar.workingIntervals(lastYear([{ start: "00:00", end: "24:00" }]), last),
      "date",
      "after 9999-12-31"
    )
    const office = lastYear(OfficialCalendars.defaultOfficeHours)
    expect(Either.map(BusinessCalendar.endOfWorkingDay(office, last), DateTime.formatIso)).toEqual(
      Either.right("9999-12-31T10:00:00.000Z")
    )
    expect(Either.map(BusinessCalendar.workingIntervals(office, last), (xs) => xs.length)).toEqual(Either.right(2))
  })
})
