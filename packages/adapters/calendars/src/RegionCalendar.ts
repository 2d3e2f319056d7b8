/**
 * Business calendars for regions outside mainland China (境外/港澳地区日历), from date-holidays.
 *
 * A country (and optionally a state and a region) becomes a core `BusinessCalendar` with that
 * place's weekend, its public holidays by name, and an honest version, source and coverage.
 *
 * - Holidays: the types that count (public by default; add `bank`, `school`, `optional` or
 *   `observance` if they close your office), each date named in English (and in Chinese where
 *   date-holidays has a Chinese name). A holiday that starts at noon or later (New Year's Eve in some
 *   countries) is a half-day holiday with the afternoon off; one spanning several days covers each.
 * - Weekends: the region's, from the CLDR data in the runtime's `Intl` (Friday–Saturday in Saudi
 *   Arabia, Sunday only in India), unless given.
 * - Coverage: exactly the years asked for; beyond them the calendar refuses, as every calendar does.
 * - Version and source name date-holidays' version, the region, the holiday types and the licence of
 *   its data (CC BY-SA 3.0, from Wikipedia).
 *
 * China mainland is refused (unless `acceptIncompleteChina`): date-holidays knows neither the make-up working days (调休) nor the
 * full holiday blocks of the State Council's notices (2026-02-14 is a working Saturday; 2026-02-20
 * is a holiday), so for CN use `OfficialCalendars.cnMainland`. Hong Kong (HK), Macau (MO) and Taiwan
 * (TW) are regions of their own here, with their own holidays.
 *
 * @since 0.1.0
 */
import { BusinessCalendar, type LocalDate } from "@liaison/core"
import Holidays, { type HolidaysTypes } from "date-holidays"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

/**
 * The version of date-holidays whose data these calendars are built from (pinned in package.json).
 *
 * @since 0.1.0
 * @category constants
 */
export const dateHolidaysVersion = "3.37.0"

/**
 * A holiday type of date-holidays.
 *
 * @since 0.1.0
 * @category models
 */
export type HolidayType = HolidaysTypes.HolidayType

const TYPES: ReadonlyArray<HolidayType> = ["public", "bank", "school", "optional", "observance"]

/**
 * Which region and years.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** ISO 3166-1 alpha-2 country code: `DE`, `US`, `HK`, `SG`. */
  readonly country: string
  /** A state or province code of that country (ISO 3166-2 subdivision): `BY` for Bavaria, `CA`. */
  readonly state?: string
  /** A region within the state, as date-holidays names it. */
  readonly region?: string
  /** First and last year of the calendar's coverage, inclusive. */
  readonly years: { readonly from: number; readonly to: number }
  /** Holiday types that are days off. Default `["public"]`. */
  readonly types?: ReadonlyArray<HolidayType>
  /** Default: the region's first zone in date-holidays (the capital's for most countries). */
  readonly timeZone?: string
  /** ISO weekdays off. Default: the region's weekend from CLDR (Intl). */
  readonly weekendDays?: ReadonlyArray<LocalDate.Weekday>
  /** Default 09:00–17:00 (an assumption: give your office's). */
  readonly workingHours?: ReadonlyArray<BusinessCalendar.WorkingInterval>
  /** Default `dh-<country>[-<state>[-<region>]]`, lower case. */
  readonly id?: string
  /**
   * Build mainland China (CN) from date-holidays anyway, knowing it lacks the make-up working days
   * (调休) and most of each holiday block: to compare, never to plan with. Default false: refused.
   */
  readonly acceptIncompleteChina?: boolean
}

/**
 * Why a region's calendar could not be made.
 *
 * @since 0.1.0
 * @category errors
 */
export class RegionError extends Schema.TaggedError<RegionError>()("RegionError", {
  reason: Schema.Literal("UnknownRegion", "InvalidOption", "UseOfficialCalendar"),
  /** Which option: `country`, `state`, `years.from`, `types[1]`… */
  path: Schema.String,
  message: Schema.String
}) {}

const fail = (reason: RegionError["reason"], path: string, message: string) =>
  Either.left(new RegionError({ reason, path, message: `${path}: ${message}` }))

/** A code as date-holidays lists it, matched case-insensitively. */
const find = (listed: Readonly<Record<string, string>> | undefined, code: string): string | undefined =>
  Object.keys(listed ?? {}).find((k) => k.toUpperCase() === code.toUpperCase())

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

/** `YYYY-MM-DD` of the day after (proleptic Gregorian arithmetic on the date's own fields). */
const addDays = (date: string, days: number): string => {
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + days))
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** The region's weekend from CLDR, through `Intl.Locale` (Node 20 has `weekInfo`; newer runtimes `getWeekInfo()`). */
export const cldrWeekend = (country: string): ReadonlyArray<LocalDate.Weekday> | undefined => {
  try {
    const locale = new Intl.Locale(`und-${country.toUpperCase()}`) as Intl.Locale & {
      readonly weekInfo?: { readonly weekend: ReadonlyArray<number> }
      readonly getWeekInfo?: () => { readonly weekend: ReadonlyArray<number> }
    }
    const info = locale.getWeekInfo?.() ?? locale.weekInfo
    const weekend = info?.weekend.filter((d): d is LocalDate.Weekday => Number.isInteger(d) && d >= 1 && d <= 7)
    return weekend !== undefined && weekend.length > 0 ? weekend : undefined
  } catch {
    return undefined
  }
}

/**
 * The calendar data of a region: weekends, holidays by name, coverage, version and source.
 *
 * @since 0.1.0
 * @category constructors
 */
export const data = (options: Options): Either.Either<BusinessCalendar.CalendarData, RegionError> => {
  const { years } = options
  if (
    !Number.isInteger(years.from) ||
    !Number.isInteger(years.to) ||
    years.from < 1900 ||
    years.to > 2199 ||
    years.from > years.to
  ) {
    return fail(
      "InvalidOption",
      "years",
      `expected whole years from ≤ to, within 1900–2199, got ${years.from}–${years.to}`
    )
  }
  const types = options.types ?? ["public"]
  if (types.length === 0) return fail("InvalidOption", "types", "name at least one holiday type")
  for (const [i, t] of types.entries()) {
    if (!TYPES.includes(t)) {
      return fail("InvalidOption", `types[${i}]`, `expected one of ${TYPES.join(", ")}, got ${JSON.stringify(t)}`)
    }
  }
  const catalogue = new Holidays()
  const country = find(catalogue.getCountries("en"), options.country)
  if (country === undefined) {
    return fail(
      "UnknownRegion",
      "country",
      `date-holidays ${dateHolidaysVersion} has no country ${JSON.stringify(options.country)} (ISO 3166-1 alpha-2 codes such as DE, US, HK, SG)`
    )
  }
  if (country === "CN" && options.acceptIncompleteChina !== true) {
    return fail(
      "UseOfficialCalendar",
      "country",
      "date-holidays lacks mainland China's make-up working days (调休) and full holiday blocks; use OfficialCalendars.cnMainland (HK, MO and TW are regions of their own)"
    )
  }
  let state: string | undefined
  if (options.state !== undefined) {
    const states = catalogue.getStates(country, "en")
    state = find(states, options.state)
    if (state === undefined) {
      return fail(
        "UnknownRegion",
        "state",
        `${country} has no state ${JSON.stringify(options.state)} in date-holidays${states ? `; known: ${Object.keys(states).join(", ")}` : " (it lists none)"}`
      )
    }
  }
  let region: string | undefined
  if (options.region !== undefined) {
    if (state === undefined) return fail("InvalidOption", "region", "a region is named within a state: give state too")
    const regions = catalogue.getRegions(country, state, "en")
    region = find(regions, options.region)
    if (region === undefined) {
      return fail(
        "UnknownRegion",
        "region",
        `${country}-${state} has no region ${JSON.stringify(options.region)} in date-holidays${regions ? `; known: ${Object.keys(regions).join(", ")}` : " (it lists none)"}`
      )
    }
  }
  const place = [country, state, region].filter((p): p is string => p !== undefined)
  const holidays = new Holidays(
    { country, ...(state !== undefined ? { state } : {}), ...(region !== undefined ? { region } : {}) },
    { types: [...types] }
  )
  const zones = holidays.getTimezones()
  const timeZone = options.timeZone ?? zones[0] ?? "UTC"
  const byDate = new Map<string, BusinessCalendar.Holiday>()
  for (let year = years.from; year <= years.to; year++) {
    const en = holidays.getHolidays(year, "en")
    const zh = holidays.getHolidays(year, "zh")
    en.forEach((h, i) => {
      if (!types.includes(h.type)) return
      const date = h.date.slice(0, 10)
      const hour = Number(h.date.slice(11, 13))
      const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000))
      const other = zh[i]
      const nameZh = other !== undefined && other.rule === h.rule && other.name !== h.name ? other.name : undefined
      for (let k = 0; k < days; k++) {
        const day = addDays(date, k)
        if (day < `${pad(years.from, 4)}-01-01` || day > `${pad(years.to, 4)}-12-31`) continue
        const before = byDate.get(day)
        const halfDay = k === 0 && hour >= 12 ? ("afternoon" as const) : undefined
        if (before !== undefined) {
          // Two holidays on one day: one entry naming both; a full day off wins over a half.
          byDate.set(day, {
            date: day as LocalDate.LocalDate,
            name: `${before.name}; ${h.name}`,
            ...(before.nameZh !== undefined || nameZh !== undefined
              ? { nameZh: [before.nameZh ?? before.name, nameZh ?? h.name].join("；") }
              : {}),
            ...(before.halfDay !== undefined && halfDay !== undefined ? { halfDay } : {})
          })
        } else {
          byDate.set(day, {
            date: day as LocalDate.LocalDate,
            name: h.name,
            ...(nameZh !== undefined ? { nameZh } : {}),
            ...(halfDay !== undefined ? { halfDay } : {})
          })
        }
      }
    })
  }
  const weekendDays = options.weekendDays ?? cldrWeekend(country) ?? [6, 7]
  const placeName = [
    catalogue.getCountries("en")[country],
    state !== undefined ? catalogue.getStates(country, "en")?.[state] : undefined,
    region !== undefined && state !== undefined ? catalogue.getRegions(country, state, "en")?.[region] : undefined
  ]
    .filter((p) => p !== undefined)
    .join(", ")
  return Either.right({
    id: options.id ?? `dh-${place.join("-").toLowerCase()}`,
    name: `${placeName} (${types.join(", ")} holidays)`,
    timeZone,
    weekendDays: [...weekendDays],
    holidays: [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1)),
    makeUpWorkingDays: [],
    workingHours: options.workingHours ?? [{ start: "09:00", end: "17:00" }],
    coverage: {
      from: `${pad(years.from, 4)}-01-01` as LocalDate.LocalDate,
      to: `${pad(years.to, 4)}-12-31` as LocalDate.LocalDate
    },
    version: `date-holidays-${dateHolidaysVersion}/${place.join("-")}/${types.join("+")}/${years.from}-${years.to}`,
    source: `date-holidays ${dateHolidaysVersion} (ISC; holiday data CC BY-SA 3.0, from Wikipedia) for ${place.join("-")}, ${types.join(", ")} holidays; weekend ${options.weekendDays !== undefined ? "as given" : "from CLDR (Intl)"}`
  })
}

/**
 * A region's business calendar, indexed: {@link data} made into a `BusinessCalendar`.
 *
 * @example
 * import { RegionCalendar } from "@liaison/calendars"
 * import { BusinessCalendar, LocalDate } from "@liaison/core"
 * import * as Either from "effect/Either"
 *
 * const bavaria = Either.getOrThrow(RegionCalendar.make({ country: "DE", state: "BY", years: { from: 2026, to: 2027 } }))
 * BusinessCalendar.isWorkingDay(bavaria, LocalDate.unsafeMake("2026-06-04")) // Right(false): Corpus Christi
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Either.Either<BusinessCalendar.BusinessCalendar, RegionError | BusinessCalendar.CalendarDataError> =>
  Either.flatMap(data(options), BusinessCalendar.decode)
