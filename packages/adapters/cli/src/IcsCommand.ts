/**
 * `liaison ics`: a procedure planned for one engagement, written as an ICS calendar file (日历文件).
 *
 * `ics <procedure-id> --event-start … [--event-end …] [--out plan.ics] [--lang zh|en|both]
 * [--assignee <role-id>] [--alarm 1 day]…` plans the procedure as `liaison plan` does and writes the
 * event and every scheduled task deadline as VEVENTs in the calendar's zone (TZID and a VTIMEZONE),
 * with alarms, stable UIDs (`<engagement>/<step>@liaison`) and the owner role and rule in each
 * description (`@liaison/calendars`' `Ics.fromPlan`). With `--out` the file is written and a summary
 * printed; without, the calendar itself goes to stdout. `--assignee` keeps one role's tasks: a feed
 * for the people holding it. `--region DE-BY` plans on a region's public holidays (date-holidays)
 * instead of the China calendar.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as FileSystem from "@effect/platform/FileSystem"
import { Ics, RegionCalendar } from "@liaison/calendars"
import { BusinessCalendar, Deadline, LocalDate, Plan, Procedure, ProcedureCatalog } from "@liaison/core"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { decodeEach, loadCalendar } from "./internal/inputs.js"
import * as Opt from "./internal/options.js"
import { planProblem } from "./internal/planProblem.js"
import type { Problem } from "./internal/problem.js"
import { respond } from "./internal/respond.js"

const procedureFiles = Options.text("procedure-file").pipe(
  Options.withPseudoName("path.json"),
  Options.withDescription(
    "A procedure as JSON (Procedure.Procedure), or an array of them, added to the catalog; one with a built-in's id replaces it. Repeatable."
  ),
  Options.repeated
)

const invalid = (argument: string, message: string) =>
  new BusinessCalendar.InvalidArgument({ argument, message: `${argument}: ${message}` })

/** A plan that could not be made, as the problem behind it. */
const problemOf = (error: Plan.PlanError): Effect.Effect<never, Problem> =>
  planProblem(error, (e) => Effect.fail(invalid("procedure-id", e.message)))

/** The option an export problem came from, as the command line spells it. */
const OPTION_OF: Readonly<Record<string, string>> = {
  eventStart: "--event-start",
  eventEnd: "--event-end",
  language: "--lang",
  assignee: "--assignee"
}

const icsProblem = (e: Ics.IcsError): Problem => {
  const option = OPTION_OF[e.path] ?? (e.path.startsWith("alarms[") ? "--alarm" : e.path || "ics")
  const text = e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message
  return invalid(option, text)
}

/**
 * A region's calendar from date-holidays for the event's year and the years either side (deadlines
 * reach back and forward), or why not.
 */
const regionCalendar = (
  region: string,
  eventStart: string,
  others: {
    readonly calendar: Option.Option<string>
    readonly calendarFile: Option.Option<string>
    readonly notices: ReadonlyArray<string>
  }
): Effect.Effect<BusinessCalendar.BusinessCalendar, Problem> => {
  if (Option.isSome(others.calendar) || Option.isSome(others.calendarFile) || others.notices.length > 0) {
    return Effect.fail(invalid("--region", "give --region or --calendar/--calendar-file/--notice-file, not both"))
  }
  const [country = "", state, subRegion] = region.split("-")
  const year = Number(eventStart.slice(0, 4))
  if (!/^\d{4}-/.test(eventStart))
    return Effect.fail(invalid("--event-start", `expected a date or an instant, got ${JSON.stringify(eventStart)}`))
  return Either.match(
    RegionCalendar.make({
      country,
      ...(state !== undefined ? { state } : {}),
      ...(subRegion !== undefined ? { region: subRegion } : {}),
      years: { from: year - 1, to: year + 1 }
    }),
    {
      onLeft: (e): Effect.Effect<never, Problem> =>
        e._tag !== "RegionError"
          ? Effect.fail(e)
          : e.reason === "UseOfficialCalendar"
            ? Effect.fail(
                invalid(
                  "--region",
                  "for mainland China use --calendar cn-mainland (the official calendar, with the make-up working days 调休 that date-holidays lacks)"
                )
              )
            : Effect.fail(
                invalid(
                  "--region",
                  e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message
                )
              ),
      onRight: Effect.succeed
    }
  )
}

const LANGUAGE: Readonly<Record<"zh" | "en" | "both", Ics.Language>> = { zh: "zh-CN", en: "en", both: "bilingual" }

/**
 * `liaison ics <procedure-id> --event-start …`: with `--json`, `{"file"?, "ics"? (without --out),
 * "engagementId", "procedure", "calendar", "timeZone", "entries": [{"uid", "kind", "taskId"?,
 * "start", "end"?}], "unscheduled": [{"taskId", "reason"}]}`.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make(
  "ics",
  {
    procedureId: Args.text({ name: "procedure-id" }).pipe(
      Args.withDescription("The procedure to plan: a built-in id (see liaison procedures) or one of --procedure-file.")
    ),
    eventStart: Opt.moment("event-start", "When the event starts (a date makes an all-day event)"),
    eventEnd: Opt.moment("event-end", "When the event ends").pipe(Options.optional),
    notice: Opt.moment("notice", "When notice was received (for steps timed from it)").pipe(Options.optional),
    anchors: Opt.anchors("A named anchor's value, e.g. returnArrival=2026-02-11T19:30:00+08:00; repeatable."),
    engagement: Options.text("engagement").pipe(
      Options.withPseudoName("id"),
      Options.withDescription("The engagement's id; entries' UIDs are <engagement>/<step>@liaison."),
      Options.withDefault("engagement")
    ),
    out: Options.file("out").pipe(
      Options.withPseudoName("plan.ics"),
      Options.withDescription("Write the calendar to this file (default: print it)."),
      Options.optional
    ),
    lang: Options.choice("lang", ["zh", "en", "both"]).pipe(
      Options.withDescription("Language of summaries and descriptions: zh, en or both (default)."),
      Options.withDefault("both" as const)
    ),
    assignee: Options.text("assignee").pipe(
      Options.withPseudoName("role-id"),
      Options.withDescription("Only the tasks owned by this role (a feed for its holders); the event stays."),
      Options.optional
    ),
    alarms: Options.text("alarm").pipe(
      Options.withPseudoName("duration"),
      Options.withDescription(
        'An alarm this long before each due moment, e.g. "1 day", "2 hours"; repeatable; "none" for no alarms (default: 1 day).'
      ),
      Options.repeated
    ),
    procedureFiles,
    calendar: Opt.calendar,
    calendarFile: Opt.calendarFile,
    region: Options.text("region").pipe(
      Options.withPseudoName("CC[-STATE]"),
      Options.withDescription(
        "Plan on a region's public holidays from date-holidays instead of --calendar, e.g. DE-BY, US, HK (the event's year and the years either side)."
      ),
      Options.optional
    ),
    notices: Opt.noticeFileOnly,
    provisional: Opt.provisional,
    json: Opt.json
  },
  (args) =>
    respond(
      args.json,
      Effect.gen(function* () {
        const catalog = new Map<string, Procedure.Procedure>(ProcedureCatalog.builtIn)
        for (const file of args.procedureFiles) {
          const { items } = yield* decodeEach(file, "procedure", Procedure.decode)
          for (const procedure of items) catalog.set(procedure.id, procedure)
        }
        const procedure = catalog.get(args.procedureId)
        if (procedure === undefined) {
          return yield* invalid(
            "procedure-id",
            `unknown procedure ${JSON.stringify(args.procedureId)}; known procedures: ${[...catalog.keys()].join(", ")}`
          )
        }
        const roles = [...new Set(procedure.steps.map((s) => s.ownerRole))]
        if (Option.isSome(args.assignee) && !roles.includes(args.assignee.value)) {
          return yield* invalid(
            "--assignee",
            `no step of ${procedure.id} is owned by ${JSON.stringify(args.assignee.value)}; its roles: ${roles.join(", ")}`
          )
        }
        const calendar = Option.isSome(args.region)
          ? yield* regionCalendar(args.region.value, args.eventStart, args)
          : yield* loadCalendar(args)
        const input: Plan.PlanInput = {
          engagementId: args.engagement,
          eventStart: args.eventStart,
          ...Option.match(args.eventEnd, { onNone: () => ({}), onSome: (eventEnd) => ({ eventEnd }) }),
          ...Option.match(args.notice, { onNone: () => ({}), onSome: (notice) => ({ notice }) }),
          ...Opt.anchorsField(args.anchors),
          beyondCoverage: args.provisional ? "provisional" : "fail"
        }
        // A calendar file silently missing every deadline is a trap: an event beyond the calendar's
        // data is refused unless --provisional (deadlines past its edge are listed as not written).
        for (const [argument, moment] of [
          ["eventStart", args.eventStart],
          ...Option.match(args.eventEnd, { onNone: () => [], onSome: (m) => [["eventEnd", m] as const] })
        ] as const) {
          const read = yield* Deadline.readMoment(calendar, moment, argument)
          if (!args.provisional) yield* BusinessCalendar.isWorkingDay(calendar, LocalDate.fromEpochDay(read.day))
        }
        const plan = yield* Either.match(Plan.make(procedure, input, calendar), {
          onLeft: problemOf,
          onRight: Effect.succeed
        })
        const stamp = yield* DateTime.now
        const alarms = args.alarms.length === 0 ? ["1 day"] : args.alarms.includes("none") ? [] : args.alarms
        const exported = yield* Either.mapLeft(
          Ics.fromPlan(plan, {
            calendar,
            stamp,
            language: LANGUAGE[args.lang],
            alarms,
            ...Option.match(args.assignee, { onNone: () => ({}), onSome: (role) => ({ assignee: { role } }) })
          }),
          icsProblem
        )
        if (Option.isSome(args.out)) {
          const fs = yield* FileSystem.FileSystem
          yield* fs
            .writeFileString(args.out.value, exported.ics)
            .pipe(
              Effect.mapError((e) =>
                invalid("--out", `cannot write ${args.out.pipe(Option.getOrElse(() => ""))}: ${e.message}`)
              )
            )
        }
        const iso = (millis: number) =>
          DateTime.formatIsoOffset(DateTime.unsafeMakeZoned(millis, { timeZone: calendar.zone }))
        const tasks = exported.entries.filter((e) => e.kind === "task").length
        const events = exported.entries.length - tasks
        const summary = `${exported.entries.length} entries (${events} event${events === 1 ? "" : "s"}, ${tasks} task${tasks === 1 ? "" : "s"}) in ${calendar.data.timeZone}`
        return {
          json: {
            ...Option.match(args.out, { onNone: () => ({ ics: exported.ics }), onSome: (file) => ({ file }) }),
            engagementId: plan.engagementId,
            procedure: plan.procedure,
            calendar: plan.calendar,
            timeZone: calendar.data.timeZone,
            entries: exported.entries.map((e) => ({
              uid: e.uid,
              kind: e.kind,
              ...(e.taskId !== undefined ? { taskId: e.taskId } : {}),
              start: iso(e.startMillis),
              ...(e.endMillis !== undefined ? { end: iso(e.endMillis) } : {}),
              ...(e.allDay ? { allDay: true } : {})
            })),
            unscheduled: exported.unscheduled
          },
          text: Option.match(args.out, {
            onNone: () => [exported.ics],
            onSome: (file) => [
              `Wrote ${file}: ${summary}.`,
              ...exported.unscheduled.map((u) => `  not in the calendar (no date yet): ${u.taskId}: ${u.reason}`)
            ]
          })
        }
      })
    )
).pipe(
  Command.withDescription(
    "Writes a procedure's plan for one engagement as an ICS calendar (Outlook, phones): the event and every deadline, in the calendar's zone, with alarms."
  )
)
