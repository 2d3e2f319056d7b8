/**
 * `liaison calendar …`: business-calendar questions (工作日查询) from the command line.
 *
 * - `is-working-day <date>`: whether a date is a working day, and why (weekend, holiday by name,
 *   make-up working day 调休);
 * - `add-working-days <date> <n>`: the date `n` working days after (or, for negative `n`, before);
 * - `between <from> <to>`: working days stepped over from one date to another;
 * - `info`: the calendar's id, version, source and coverage.
 *
 * Each takes `--calendar id` or `--calendar-file path.json`, `--notice path.json` (repeatable) and
 * `--json`; the day questions also take `--provisional`.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import { BusinessCalendar } from "@liaison/core"
import * as Effect from "effect/Effect"
import {
  answerJson,
  answerLines,
  dayJson,
  dayLines,
  dayText,
  notableDays,
  PROVISIONAL,
  WEEKDAYS,
  weekdayName,
  withCoverage
} from "./internal/calendarText.js"
import { loadCalendar, localDate } from "./internal/inputs.js"
import * as Opt from "./internal/options.js"
import { respond } from "./internal/respond.js"

const calendarOptions = {
  calendar: Opt.calendar,
  calendarFile: Opt.calendarFile,
  notices: Opt.noticeFiles,
  json: Opt.json
}

const date = (name: string, description: string) =>
  Args.text({ name }).pipe(Args.withDescription(`${description} (YYYY-MM-DD)`))

/**
 * `liaison calendar is-working-day <date>`: `{"date", "working", "kind", "reason", "calendar", "provisional", …}`.
 *
 * @since 0.1.0
 * @category commands
 */
export const isWorkingDay = Command.make(
  "is-working-day",
  { date: date("date", "The date to ask about"), ...calendarOptions, provisional: Opt.provisional },
  (args) =>
    respond(
      args.json,
      Effect.gen(function* () {
        const day = yield* localDate("date", args.date)
        const calendar = yield* loadCalendar(args)
        const answer = yield* withCoverage(
          args.provisional,
          () => BusinessCalendar.isWorkingDay(calendar, day),
          () => BusinessCalendar.isWorkingDay(calendar, day, PROVISIONAL)
        )
        const info = yield* BusinessCalendar.dayInfo(calendar, day)
        const holiday = info.holiday?.nameZh ? ` ${info.holiday.nameZh}` : ""
        return {
          json: {
            date: day,
            weekday: weekdayName(day),
            working: answer.value,
            kind: info.kind,
            reason: info.reason,
            ...(info.holiday ? { holiday: info.holiday } : {}),
            ...answerJson(calendar, answer)
          },
          text: [
            `${dayText(day)} is ${answer.value ? "a working day" : "not a working day"}: ${info.reason}${holiday}.`,
            ...answerLines(calendar, answer)
          ]
        }
      })
    )
).pipe(Command.withDescription("Whether a date is a working day (工作日), and why."))

/**
 * `liaison calendar add-working-days <date> <n>`: `{"date", "from", "n", "days", "calendar", "provisional", …}`.
 * A negative `n` counts backwards and is written as is (`-5`); `-- -5` works too.
 *
 * @since 0.1.0
 * @category commands
 */
export const addWorkingDays = Command.make(
  "add-working-days",
  {
    from: date("date", "The date to count from (not itself counted)"),
    n: Args.integer({ name: "n" }).pipe(
      Args.withDescription("Working days to add; negative counts backwards, e.g. -5 for 5 working days before")
    ),
    ...calendarOptions,
    provisional: Opt.provisional
  },
  (args) =>
    respond(
      args.json,
      Effect.gen(function* () {
        const from = yield* localDate("date", args.from)
        const calendar = yield* loadCalendar(args)
        const answer = yield* withCoverage(
          args.provisional,
          () => BusinessCalendar.addWorkingDays(calendar, from, args.n),
          () => BusinessCalendar.addWorkingDays(calendar, from, args.n, PROVISIONAL)
        )
        const days = yield* notableDays(calendar, from, answer.value)
        const count = Math.abs(args.n)
        const how = `${count} working day${count === 1 ? "" : "s"} ${args.n < 0 ? "before" : "after"}`
        return {
          json: {
            date: answer.value,
            from,
            n: args.n,
            days: days.map(dayJson),
            ...answerJson(calendar, answer)
          },
          text: [
            args.n === 0
              ? `${dayText(answer.value)}: 0 working days added.`
              : `${dayText(answer.value)} is ${how} ${dayText(from)}.`,
            ...dayLines(days),
            ...answerLines(calendar, answer)
          ]
        }
      })
    )
).pipe(Command.withDescription("The date n working days after a date (before it for negative n)."))

/**
 * `liaison calendar between <from> <to>`: `{"from", "to", "workingDays", "calendar", "provisional", …}`.
 *
 * @since 0.1.0
 * @category commands
 */
export const between = Command.make(
  "between",
  {
    from: date("from", "The first date (not counted)"),
    to: date("to", "The last date (counted)"),
    ...calendarOptions,
    provisional: Opt.provisional
  },
  (args) =>
    respond(
      args.json,
      Effect.gen(function* () {
        const from = yield* localDate("from", args.from)
        const to = yield* localDate("to", args.to)
        const calendar = yield* loadCalendar(args)
        const answer = yield* withCoverage(
          args.provisional,
          () => BusinessCalendar.workingDaysBetween(calendar, from, to),
          () => BusinessCalendar.workingDaysBetween(calendar, from, to, PROVISIONAL)
        )
        const n = answer.value
        return {
          json: {
            from,
            to,
            workingDays: n,
            ...answerJson(calendar, answer)
          },
          text: [
            `${n} working day${Math.abs(n) === 1 ? "" : "s"} from ${dayText(from)} to ${dayText(to)} ` +
              `(the first date not counted, the last counted${n < 0 ? "; negative: the second date is earlier" : ""}).`,
            ...answerLines(calendar, answer)
          ]
        }
      })
    )
).pipe(Command.withDescription("Working days from one date to another: the first not counted, the last counted."))

/**
 * `liaison calendar info`: `{"id", "name", "version", "source", "timeZone", "coverage", …}`.
 *
 * @since 0.1.0
 * @category commands
 */
export const info = Command.make("info", calendarOptions, (args) =>
  respond(
    args.json,
    Effect.map(loadCalendar(args), (calendar) => {
      const data = calendar.data
      const hours = data.workingHours ?? []
      const rows: ReadonlyArray<readonly [string, string]> = [
        ["id", data.id],
        ["name", data.name],
        ["version", data.version],
        ["source", data.source],
        ["time zone", data.timeZone],
        ["coverage", `${data.coverage.from} to ${data.coverage.to}`],
        ["weekend", data.weekendDays.map((d) => WEEKDAYS[d]).join(", ") || "none"],
        ["working hours", hours.map((h) => `${h.start}–${h.end}`).join(", ") || "none defined"],
        ["holidays", `${data.holidays.length} dates`],
        ["make-up days", `${data.makeUpWorkingDays.length} dates`]
      ]
      return {
        json: {
          id: data.id,
          name: data.name,
          version: data.version,
          source: data.source,
          timeZone: data.timeZone,
          coverage: data.coverage,
          weekendDays: data.weekendDays,
          workingHours: hours,
          holidays: data.holidays.length,
          makeUpWorkingDays: data.makeUpWorkingDays.length
        },
        text: rows.map(([k, v]) => `${k.padEnd(14)}${v}`)
      }
    })
  )
).pipe(Command.withDescription("The calendar's id, data version, source and coverage."))

/**
 * `liaison calendar`: the business-calendar commands.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("calendar").pipe(
  Command.withDescription("Business-calendar questions: working days, holidays, make-up working days (调休)."),
  Command.withSubcommands([isWorkingDay, addWorkingDays, between, info])
)
