/**
 * Instant text read strictly: a day that does not exist, or an hour past 23, is not an instant,
 * where `Date.parse` would read it as another day.
 */
import { describe, expect, it } from "@effect/vitest"
import { fc, it as fit } from "@fast-check/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { Deadline, Engagement, LocalDate, OfficialCalendars } from "../../src/index.js"
import { instantMillis } from "../../src/internal/instantText.js"

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

describe("instant text", () => {
  it("refuses 30 February, 31 April, 24:00 and 23:60, which Date.parse reads as other moments", () => {
    for (const text of [
      "2026-02-30T10:00+08:00",
      "2026-02-29T10:00:00Z",
      "2026-04-31T09:00:00+08:00",
      "2026-03-01T24:00+08:00",
      "2026-03-01T23:60+08:00",
      "2026-13-01T10:00Z",
      "2026-03-01T10:00",
      "2026-03-01 10:00+08:00"
    ]) {
      expect(instantMillis(text), text).toBeNaN()
    }
    expect(instantMillis("2024-02-29T23:59:59.999+08:00")).toBe(Date.parse("2024-02-29T23:59:59.999+08:00"))
  })

  fit.prop([
    fc.integer({ min: 1900, max: 2100 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 59 }),
    fc.constantFrom("Z", "+08:00", "-05:30")
  ])(
    "is a real instant exactly when the day exists and the hour is 0–23, and then Date.parse's",
    (y, m, d, h, min, zone) => {
      const text = `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(h)}:${pad(min)}${zone}`
      const real = !Number.isNaN(LocalDate.toEpochDay(text.slice(0, 10))) && h <= 23
      const millis = instantMillis(text)
      expect(Number.isNaN(millis)).toBe(!real)
      if (real) expect(millis).toBe(Date.parse(text))
    }
  )

  it("an engagement command refuses such a moment, and a deadline names it instead of moving it", () => {
    const edit = (eventStart: string) => Schema.decodeUnknownEither(Engagement.Command)({ _tag: "Edit", eventStart })
    for (const bad of ["2026-02-30", "2026-02-30T10:00+08:00", "2026-03-01T24:00+08:00"]) {
      expect(Either.isLeft(edit(bad)), bad).toBe(true)
    }
    for (const good of ["2026-02-28", "2026-02-28T23:59+08:00", "2026-03-01T00:00:00Z"]) {
      expect(Either.isRight(edit(good)), good).toBe(true)
    }
    const rule = Deadline.point(Deadline.eventStart, Deadline.before(2, "workingDays"), { id: "prep" })
    const context = { calendar: OfficialCalendars.cnMainland, eventStart: "2026-02-30T10:00+08:00" }
    const result = Deadline.evaluate(rule, context)
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) expect(result.left.message).toContain('not a real instant: "2026-02-30T10:00+08:00"')
  })
})
