/**
 * `liaison plan` and `liaison procedures`: procedures (工作程序) planned as dated tasks, and the catalog.
 *
 * A plan is one procedure for one engagement: dated tasks with owners, from the catalog below.
 *
 * `plan <procedure-id> --event-start …` plans a built-in procedure, or one of a host's given with
 * `--procedure-file` (a host procedure with a built-in's id replaces it), on a business calendar:
 * each task with its step, due moment (and opening, for windows), owner role, explanation, and,
 * with `--notice` or `--now`, where it stood at that moment. Deadlines already missed then are
 * listed; steps waiting for a named anchor (`--anchor returnArrival=…`) are listed as unscheduled.
 * `procedures` lists the catalog: id, names, step count and source.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as FileSystem from "@effect/platform/FileSystem"
import { BusinessCalendar, Deadline, LocalDate, Plan } from "@liaison/core"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { assumptionLines, calendarLine, dayText, weekdayName } from "./internal/calendarText.js"
import { type Entry, loadCatalog, procedureFiles } from "./internal/catalog.js"
import { loadCalendar } from "./internal/inputs.js"
import * as Opt from "./internal/options.js"
import { planProblem } from "./internal/planProblem.js"
import { type Problem, UsageError } from "./internal/problem.js"
import { type Answer, respond } from "./internal/respond.js"
import * as Store from "./internal/store.js"
import { plural, table } from "./internal/text.js"

// ---------------------------------------------------------------------------------------------
// liaison plan
// ---------------------------------------------------------------------------------------------

const moment = Opt.moment

/** A plan that could not be made, as the problem behind it (which carries the exit code). */
const problemOf = (error: Plan.PlanError): Effect.Effect<never, Problem> => planProblem(error, Effect.die)

/**
 * Reads the event and anchor moments given, so a bad one is refused even when no step of the
 * procedure uses it (core reads a moment only when a rule needs it). `--notice` and `--now` are
 * always read by the plan itself.
 */
const checkMoments = (
  calendar: BusinessCalendar.BusinessCalendar,
  input: Plan.PlanInput
): Effect.Effect<void, BusinessCalendar.InvalidArgument> => {
  const anchors: ReadonlyArray<Deadline.Anchor> = [
    Deadline.eventStart,
    ...(input.eventEnd !== undefined ? [Deadline.eventEnd] : []),
    ...Object.keys(input.anchors ?? {}).map(Deadline.named)
  ]
  const context: Deadline.Context = {
    calendar,
    eventStart: input.eventStart,
    ...(input.eventEnd !== undefined ? { eventEnd: input.eventEnd } : {}),
    ...(input.anchors !== undefined ? { anchors: input.anchors } : {}),
    beyondCoverage: "provisional"
  }
  for (const anchor of anchors) {
    const read = Deadline.evaluate(Deadline.point(anchor, Deadline.after(0, "minutes")), context)
    if (Either.isLeft(read) && read.left._tag === "InvalidArgument") return Effect.fail(read.left)
  }
  return Effect.void
}

type Lang = "en" | "zh"

/** `2026-02-10 Tue 18:00`; a day with no working hours ends at midnight, shown as its own 24:00. */
const when = (instant: DateTime.Zoned, date: LocalDate.LocalDate): string => {
  const iso = DateTime.formatIsoOffset(instant)
  const time = iso.slice(11, 16)
  return iso.slice(0, 10) === date
    ? `${date} ${weekdayName(date)} ${time}`
    : time === "00:00"
      ? `${date} ${weekdayName(date)} 24:00`
      : `${iso.slice(0, 10)} ${weekdayName(LocalDate.unsafeMake(iso.slice(0, 10)))} ${time}`
}

const hoursText = (millis: number): string => `${Math.round(millis / 360_000) / 10}`

/** How late a missed task is, in words. */
const lateText = (st: Plan.AtPlanning, lang: Lang): string =>
  st.lateByWorkingDays > 0
    ? lang === "zh"
      ? `已逾期 ${st.lateByWorkingDays} 个工作日`
      : `late by ${plural(st.lateByWorkingDays, "working day")}`
    : lang === "zh"
      ? `已逾期 ${hoursText(st.lateByMillis)} 小时`
      : `late by ${hoursText(st.lateByMillis)} h`

/** Where a task stood at planning, in words. */
const statusText = (task: Plan.Task, waitingFor: ReadonlyArray<string>, lang: Lang): string => {
  if (task.deadline === undefined) {
    // Not waiting for an anchor: the calendar has no data for its date yet (see --provisional).
    if (waitingFor.length === 0)
      return lang === "zh" ? `待定：${task.unscheduled ?? ""}` : `unscheduled: ${task.unscheduled ?? ""}`
    const anchors = waitingFor.map((a) => `--anchor ${a}=…`).join(", ")
    return lang === "zh" ? `待定：需 ${anchors}` : `unscheduled: needs ${anchors}`
  }
  const st = task.atPlanning
  if (st === undefined) return ""
  switch (st.status) {
    case "missed":
      return lang === "zh" ? lateText(st, lang) : `missed, ${lateText(st, lang)}`
    case "notYetOpen":
      return lang === "zh"
        ? `尚未开始，剩余 ${st.workingDaysLeft} 个工作日`
        : `not yet open, ${plural(st.workingDaysLeft, "working day")} left`
    case "open":
      return lang === "zh"
        ? `进行中，剩余 ${st.workingDaysLeft} 个工作日`
        : `open, ${plural(st.workingDaysLeft, "working day")} left`
  }
}

const planLines = (
  plan: Plan.Plan,
  entry: Entry,
  judgedAt: Option.Option<Opt.JudgedAt>,
  calendar: BusinessCalendar.BusinessCalendar,
  lang: Lang
): ReadonlyArray<string> => {
  const { procedure } = entry
  const steps = new Map(procedure.steps.map((s) => [s.id, s] as const))
  const waitingFor = (task: Plan.Task) => {
    const step = steps.get(task.stepId)
    return step ? Deadline.namedAnchors(step.deadline) : []
  }
  const name = (task: Plan.Task) => (lang === "zh" ? task.name["zh-CN"] : task.name.en)
  const input = plan.input
  const eventDay = (m: Deadline.MomentInput) =>
    typeof m !== "string" ? DateTime.formatIsoOffset(m) : LocalDate.isLocalDate(m) ? dayText(m) : m
  const header = [
    `${procedure.id} ${procedure.name["zh-CN"]} / ${procedure.name.en} (${procedure.source}, version ${procedure.version}${entry.origin === "built-in" ? "" : `, from ${entry.origin}`})`,
    `Event ${eventDay(input.eventStart)}${input.eventEnd !== undefined ? ` to ${eventDay(input.eventEnd)}` : ""}, engagement "${plan.engagementId}"` +
      Option.match(judgedAt, {
        onNone: () => "; no --notice or --now, so no task is judged.",
        onSome: ({ at, basis }) => `; judged at ${at} (${basis === "now" ? "--now" : "notice received"}).`
      })
  ]
  const windows = plan.tasks.some((t) => t.deadline?.opens !== undefined)
  const rows = [
    ["due", ...(windows ? ["opens"] : []), "step", "owner", "status", lang === "zh" ? "名称" : "name"],
    ...plan.tasks.map((task) => [
      task.deadline ? when(task.deadline.due, task.deadline.dueDate) : "—",
      ...(windows
        ? [task.deadline?.opens && task.deadline.opensDate ? when(task.deadline.opens, task.deadline.opensDate) : ""]
        : []),
      task.stepId,
      task.ownerRole,
      statusText(task, waitingFor(task), lang),
      name(task)
    ])
  ]
  const byId = new Map(plan.tasks.map((t) => [t.id, t] as const))
  const missed = plan.missed.flatMap((id) => {
    const task = byId.get(id)
    return task?.deadline && task.atPlanning
      ? [
          `  ${task.stepId}: ${lang === "zh" ? "截止" : "due"} ${when(task.deadline.due, task.deadline.dueDate)}, ${lateText(task.atPlanning, lang)}`
        ]
      : []
  })
  const assumptions = [
    ...new Set(plan.tasks.flatMap((t) => (t.deadline?.provisional ? t.deadline.explanation.assumptions : [])))
  ]
  return [
    ...header,
    "",
    ...table(rows),
    ...(missed.length > 0
      ? ["", lang === "zh" ? `计划时已逾期（${missed.length}）：` : `Missed at planning (${missed.length}):`, ...missed]
      : []),
    ...(plan.warnings.length > 0 ? ["", "Warnings:", ...plan.warnings.map((w) => `  ${w}`)] : []),
    "",
    calendarLine(calendar),
    ...assumptionLines(assumptions)
  ]
}

/** A procedure of the catalog by id, or an argument error naming the known ones. */
const catalogEntry = (
  catalog: ReadonlyMap<string, Entry>,
  procedureId: string
): Effect.Effect<Entry, BusinessCalendar.InvalidArgument> => {
  const entry = catalog.get(procedureId)
  return entry !== undefined
    ? Effect.succeed(entry)
    : Effect.fail(
        new BusinessCalendar.InvalidArgument({
          argument: "procedure-id",
          message: `procedure-id: unknown procedure ${JSON.stringify(procedureId)}; known procedures: ${[...catalog.keys()].join(", ")}`
        })
      )
}

/** Plans and answers: the core's plan as JSON, with the procedure's source and origin, and the table. */
const planAnswer = (
  entry: Entry,
  input: Plan.PlanInput,
  calendar: BusinessCalendar.BusinessCalendar,
  judgedAt: Option.Option<Opt.JudgedAt>,
  lang: Lang
): Effect.Effect<Answer, Problem> =>
  Effect.map(
    Either.match(Plan.make(entry.procedure, input, calendar), { onLeft: problemOf, onRight: Effect.succeed }),
    (plan) => {
      const json = Plan.toJson(plan)
      return {
        json: {
          ...json,
          procedure: { ...json.procedure, source: entry.procedure.source, origin: entry.origin },
          ...Option.match(judgedAt, { onNone: () => ({}), onSome: (judgedAt) => ({ judgedAt }) })
        },
        text: planLines(plan, entry, judgedAt, calendar, lang)
      }
    }
  )

interface StoredPlanArgs extends Store.DatabaseArgs {
  readonly procedureId: Option.Option<string>
  readonly engagement: Option.Option<string>
  readonly directory: Option.Option<string>
  readonly actor: Option.Option<string>
  readonly now: Option.Option<string>
  readonly procedureFiles: ReadonlyArray<string>
  readonly calendar: Option.Option<string>
  readonly calendarFile: Option.Option<string>
  readonly notices: ReadonlyArray<string>
  readonly provisional: boolean
  readonly lang: Lang
  readonly access: Option.Option<string>
}

const needed = (option: Option.Option<string>, name: string, why: string) =>
  Option.match(option, {
    onNone: () => Effect.fail(new BusinessCalendar.InvalidArgument({ argument: name, message: `${name}: ${why}` })),
    onSome: Effect.succeed
  })

/**
 * The plan of a stored engagement as the actor may see it: its procedure planned from its event,
 * notice and anchors, judged at `--now` (or its notice), with each task's stored state.
 */
const storedPlan = (args: StoredPlanArgs): Effect.Effect<Answer, Problem, FileSystem.FileSystem> =>
  Effect.gen(function* () {
    const id = yield* needed(args.engagement, "--engagement", "with --db, name the stored engagement")
    const directory = yield* needed(args.directory, "--directory", "with --db, give the directory of people")
    const actor = yield* needed(args.actor, "--actor", "with --db, say who is asking")
    return yield* Store.withOffice({ ...args, directory, actor, rules: "seed", routing: Option.none() }, (office) =>
      Effect.gen(function* () {
        const e = yield* Store.visible(office.engagements, office.actor, id)
        if (Option.isSome(args.procedureId) && args.procedureId.value !== e.procedureId) {
          return yield* new BusinessCalendar.InvalidArgument({
            argument: "procedure-id",
            message: `procedure-id: engagement ${e.id} follows ${e.procedureId}, not ${args.procedureId.value}`
          })
        }
        const catalog = yield* loadCatalog(args.procedureFiles)
        const entry = yield* catalogEntry(catalog, e.procedureId)
        const input: Plan.PlanInput = {
          engagementId: e.id,
          eventStart: e.eventStart,
          ...(e.eventEnd !== undefined ? { eventEnd: e.eventEnd } : {}),
          ...(e.notice !== undefined ? { notice: e.notice } : {}),
          ...(e.anchors !== undefined ? { anchors: e.anchors } : {}),
          ...Option.match(args.now, { onNone: () => ({}), onSome: (now) => ({ now }) }),
          beyondCoverage: args.provisional ? "provisional" : "fail"
        }
        const answer = yield* planAnswer(
          entry,
          input,
          office.policies.calendar,
          Opt.judgedAt(args.now, Option.fromNullable(e.notice)),
          args.lang
        )
        const done = e.tasks.filter((t) => t.done !== undefined)
        return {
          json: {
            ...answer.json,
            stored: {
              status: e.status,
              version: e.version,
              tasks: e.tasks.map((t) => ({
                id: t.id,
                ...(t.due !== undefined ? { due: t.due } : {}),
                ...(t.done !== undefined ? { done: { by: t.done.by, at: DateTime.formatIsoOffset(t.done.at) } } : {})
              }))
            }
          },
          text: [
            `Stored engagement ${e.id}: ${e.status} (version ${e.version}), ${e.tasks.length === 0 ? "not planned yet" : `${done.length} of ${e.tasks.length} tasks done${done.length > 0 ? `: ${done.map((t) => t.stepId).join(", ")}` : ""}`}.`,
            ...answer.text
          ]
        }
      })
    )
  })

/**
 * `liaison plan <procedure-id> --event-start …`: `{"engagementId", "procedure", "calendar",
 * "provisional", "missed", "warnings", "tasks": [{"id", "step", "ownerRole", "due", "opens"?,
 * "explanation", "atPlanning"?, …}], "judgedAt"?}` (the core's `Plan.toJson`, with the procedure's
 * source and origin and the moment the tasks were judged at).
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make(
  "plan",
  {
    procedureId: Args.text({ name: "procedure-id" }).pipe(
      Args.withDescription(
        "The procedure to plan: a built-in id (see liaison procedures) or one of --procedure-file. With --db, the stored engagement's."
      ),
      Args.optional
    ),
    eventStart: moment("event-start", "When the event starts (with --db, the stored engagement's)").pipe(
      Options.optional
    ),
    eventEnd: moment("event-end", "When the event ends (default: its start)").pipe(Options.optional),
    notice: moment(
      "notice",
      "When notice was received (for steps timed from it); also when tasks are judged, unless --now"
    ).pipe(Options.optional),
    now: moment("now", "Judge every task at this moment: open, not yet open, or missed").pipe(Options.optional),
    anchors: Opt.anchors(
      "A named anchor's value, e.g. returnArrival=2026-02-11T19:30:00+08:00; repeatable. Steps waiting for one are unscheduled without it."
    ),
    engagement: Options.text("engagement").pipe(
      Options.withPseudoName("id"),
      Options.withDescription(
        "The engagement's id; task ids are <engagement>/<step>. With --db, the stored engagement whose plan to show."
      ),
      Options.optional
    ),
    db: Options.text("db").pipe(
      Options.withPseudoName("path|url"),
      Options.withDescription(
        "Show the plan of the stored engagement --engagement in this database (a SQLite file or a postgres:// URL), as --actor sees it."
      ),
      Options.optional
    ),
    tablePrefix: Store.tablePrefix,
    directory: Store.directory.pipe(Options.optional),
    actor: Store.actor.pipe(Options.optional),
    access: Store.policy.access,
    procedureFiles,
    lang: Opt.lang("the step names in the text output"),
    calendar: Opt.calendar,
    calendarFile: Opt.calendarFile,
    notices: Opt.noticeFileOnly,
    provisional: Opt.provisional,
    json: Opt.json
  },
  (args) =>
    respond(
      args.json,
      Effect.gen(function* () {
        if (Option.isSome(args.db)) return yield* storedPlan({ ...args, db: args.db.value })
        const procedureId = yield* Option.match(args.procedureId, {
          onNone: () =>
            Effect.fail(new UsageError({ reason: "MissingValue", text: "Missing argument <procedure-id>" })),
          onSome: Effect.succeed
        })
        const eventStart = yield* Option.match(args.eventStart, {
          onNone: () =>
            Effect.fail(new UsageError({ reason: "MissingValue", text: "Expected to find option: '--event-start'" })),
          onSome: Effect.succeed
        })
        const catalog = yield* loadCatalog(args.procedureFiles)
        const entry = yield* catalogEntry(catalog, procedureId)
        const calendar = yield* loadCalendar(args)
        const input: Plan.PlanInput = {
          engagementId: Option.getOrElse(args.engagement, () => "engagement"),
          eventStart,
          ...Option.match(args.eventEnd, { onNone: () => ({}), onSome: (eventEnd) => ({ eventEnd }) }),
          ...Option.match(args.notice, { onNone: () => ({}), onSome: (notice) => ({ notice }) }),
          ...Option.match(args.now, { onNone: () => ({}), onSome: (now) => ({ now }) }),
          ...Opt.anchorsField(args.anchors),
          beyondCoverage: args.provisional ? "provisional" : "fail"
        }
        yield* checkMoments(calendar, input)
        return yield* planAnswer(entry, input, calendar, Opt.judgedAt(args.now, args.notice), args.lang)
      })
    )
).pipe(
  Command.withDescription(
    "Plans a procedure (工作程序) for one engagement: dated tasks with owners, explanations and missed deadlines."
  )
)

// ---------------------------------------------------------------------------------------------
// liaison procedures
// ---------------------------------------------------------------------------------------------

/**
 * `liaison procedures`: `{"procedures": [{"id", "name", "version", "source", "origin", "steps",
 * "stepIds", "anchors"}]}`.
 *
 * @since 0.1.0
 * @category commands
 */
export const procedures = Command.make("procedures", { procedureFiles, json: Opt.json }, (args) =>
  respond(
    args.json,
    Effect.map(loadCatalog(args.procedureFiles), (catalog) => {
      const entries = [...catalog.values()]
      return {
        json: {
          procedures: entries.map(({ origin, procedure }) => ({
            id: procedure.id,
            name: procedure.name,
            version: procedure.version,
            source: procedure.source,
            origin,
            steps: procedure.steps.length,
            stepIds: procedure.steps.map((s) => s.id),
            anchors: (procedure.anchors ?? []).map((a) => a.name)
          }))
        },
        text: table([
          ["id", "steps", "origin", "name and source"],
          ...entries.map(({ origin, procedure }) => [
            procedure.id,
            String(procedure.steps.length).padStart(5),
            origin,
            `${procedure.name.en} ${procedure.name["zh-CN"]} (${procedure.source})`
          ])
        ])
      }
    })
  )
).pipe(Command.withDescription("Lists the procedures (工作程序) liaison can plan: id, names, step count, source."))
