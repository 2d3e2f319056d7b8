import type * as Schema from "effect/Schema"
import * as LocalDate from "../LocalDate.js"

/**
 * `LocalDate`'s Schema with an arbitrary of real dates (2000–2099), so that arbitraries derived from
 * this package's Schemas do not filter random strings for dates. Decodes exactly as `LocalDate` does.
 */
export const LocalDateField: Schema.Schema<LocalDate.LocalDate, string> = LocalDate.LocalDate.annotations({
  arbitrary: () => (fc) =>
    fc
      .integer({ min: LocalDate.epochDayOf(2000, 1, 1), max: LocalDate.epochDayOf(2099, 12, 31) })
      .map(LocalDate.fromEpochDay)
})
