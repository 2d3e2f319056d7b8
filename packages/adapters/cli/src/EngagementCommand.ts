/**
 * `liaison engagement …`: engagements (接待/外联事项) in a database, from application to closed.
 *
 * - `create application.json --id …`: a new engagement from a reception application (接待申请单);
 * - `list`: the engagements, by status, owner, tier and event dates;
 * - `show <id>`: its state, approvals, tasks and ledger lines (台帐);
 * - the lifecycle: `submit`, `approve`, `reject`, `plan`, `start`, `complete-task`, `hold`, `settle`,
 *   `close`, `cancel`, and `edit-budget` before submission.
 *
 * Every command works on `--db` (a SQLite file or a PostgreSQL URL) as `--actor`, a person of the
 * `--directory` file, and the core's `Engagements` service decides: it authorises the actor by their
 * roles, checks the transition, and commits the change with its ledger lines and outgoing messages
 * together. What it refuses is reported with an exit code a script can branch on: 4 not found,
 * 5 forbidden, 6 conflict (the state does not allow it, or someone changed it first), 7 refused by a
 * rule (a budget with blocks, approvals pending).
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as FileSystem from "@effect/platform/FileSystem"
import {
  ApprovalRouting,
  BusinessCalendar,
  DecodeProblem,
  Engagement,
  type EngagementRepo,
  type Engagements,
  Expense,
  Ledger,
  Money,
  Plan,
  ReceptionApplication
} from "@liaison/core"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { decodeFile, localDate } from "./internal/inputs.js"
import * as Opt from "./internal/options.js"
import type { Problem } from "./internal/problem.js"
import { type Answer, respond } from "./internal/respond.js"
import * as Store from "./internal/store.js"
import { table } from "./internal/text.js"

// ---------------------------------------------------------------------------------------------
// JSON and text
// ---------------------------------------------------------------------------------------------

const encodeEngagement = Schema.encodeSync(Engagement.Engagement)
const encodeEntry = Schema.encodeSync(Ledger.Entry)
const encodeMoney = Schema.encodeSync(Money.Money)

/** `2026-12-15 10:00`, in the zone the moment was recorded in. */
const minute = (at: DateTime.Zoned): string => DateTime.formatIsoOffset(at).slice(0, 16).replace("T", " ")

/** Where the approval stands: none asked yet, waiting for a role, approved, or rejected. */
const approvalsOf = (
  e: Engagement.Engagement
): {
  readonly state: "none" | "pending" | "approved" | "rejected"
  readonly next?: string
  readonly steps: ReadonlyArray<string>
} => {
  if (e.route === undefined) return { state: "none", steps: [] }
  const steps = e.route.steps.map((s) => s.role)
  const progress = ApprovalRouting.progress(e.route, e.decisions)
  switch (progress._tag) {
    case "Pending":
      return { state: "pending", next: progress.next.role, steps }
    case "Approved":
      return { state: "approved", steps }
    case "Rejected":
      return { state: "rejected", steps }
  }
}

/** What comes next, in words: `waiting for approval by department-head`, `2 of 6 tasks done`. */
const nextText = (e: Engagement.Engagement): string => {
  const approvals = approvalsOf(e)
  const done = e.tasks.filter((t) => t.done !== undefined).length
  return [
    ...(approvals.state === "pending" ? [`waiting for approval by ${approvals.next}`] : []),
    ...(e.tasks.length > 0 ? [`${done} of ${e.tasks.length} tasks done`] : [])
  ].join("; ")
}

/** One line per engagement in a list. */
const row = (e: Engagement.Engagement) => ({
  id: e.id,
  version: e.version,
  status: e.status,
  title: e.title,
  procedureId: e.procedureId,
  counterpart: e.counterpart,
  ...(e.tier !== undefined ? { tier: e.tier } : {}),
  eventStart: e.eventStart,
  ...(e.eventEnd !== undefined ? { eventEnd: e.eventEnd } : {}),
  requesterId: e.requesterId,
  ownerId: e.ownerId,
  confidential: Engagement.isConfidential(e),
  emergency: e.emergency,
  ...(e.budget !== undefined ? { budget: encodeMoney(e.budget) } : {}),
  approval: approvalsOf(e).state,
  openTasks: e.tasks.filter((t) => t.done === undefined).length,
  tasks: e.tasks.length
})

const taskRows = (e: Engagement.Engagement): ReadonlyArray<string> =>
  table([
    ["due", "task", "owner", "done"],
    ...e.tasks.map((t) => [
      t.due !== undefined ? t.due.slice(0, 16).replace("T", " ") : "—",
      t.id,
      t.ownerRole,
      t.done !== undefined ? `${t.done.by} ${minute(t.done.at)}${t.done.note ? `: ${t.done.note}` : ""}` : "open"
    ])
  ]).map((l) => `  ${l}`)

const ledgerRows = (entries: ReadonlyArray<Ledger.Entry>): ReadonlyArray<string> =>
  table(entries.map((e) => [minute(e.at), e.actor.name, e.to ?? e.kind, e.reason])).map((l) => `  ${l}`)

/** The answer of a lifecycle command: the engagement after it (and the plan a `plan` made). */
const resultAnswer = (verb: string, result: Engagements.Result): Answer => {
  const e = result.engagement
  const next = nextText(e)
  return {
    json: {
      engagement: encodeEngagement(e),
      ...(result.plan !== undefined ? { plan: Plan.toJson(result.plan, { explanations: false }) } : {})
    },
    text: [
      `${e.id}: ${verb}; now ${e.status} (version ${e.version})${next === "" ? "." : `, ${next}.`}`,
      ...(result.plan !== undefined
        ? table([
            ["due", "task", "owner", "assigned to"],
            ...result.plan.tasks.map((t) => [
              t.deadline ? minute(t.deadline.due) : "—",
              t.id,
              t.ownerRole,
              t.assignees.map((p) => p.name).join(", ") || "nobody holds the role"
            ])
          ]).map((l) => `  ${l}`)
        : [])
    ]
  }
}

// ---------------------------------------------------------------------------------------------
// Running a command
// ---------------------------------------------------------------------------------------------

const engagementId = Args.text({ name: "id" }).pipe(Args.withDescription("The engagement's id."))

const note = Options.text("note").pipe(
  Options.withDescription("A note recorded with the decision or the task (free text)."),
  Options.optional
)

const noteField = (text: Option.Option<string>): { readonly note?: string } =>
  Option.match(text, { onNone: () => ({}), onSome: (note) => ({ note }) })

const expectedVersion = Options.integer("expected-version").pipe(
  Options.withDescription(
    "Act only if the engagement is still at this version (the `version` `show` printed): otherwise exit 6 " +
      "(VersionConflict, with the version it is at), so nothing decided on what was shown is applied to a changed engagement."
  ),
  Options.optional
)

/** Applies one command to an engagement through the core service and prints the engagement after it. */
const lifecycle = <Config extends Command.Command.Config>(
  name: string,
  description: string,
  verb: string,
  options: Config,
  toCommand: (
    args: Command.Command.ParseConfig<Config> & { readonly id: string }
  ) => Effect.Effect<Engagement.Command, Problem, FileSystem.FileSystem>
) =>
  Command.make(name, { id: engagementId, ...options, expectedVersion, ...Store.acting }, (parsed) => {
    // The generic config hides the shared options' types from the checker; they are there.
    const args = parsed as unknown as Command.Command.ParseConfig<Config> &
      Store.ActingArgs & {
        readonly id: string
        readonly json: boolean
        readonly expectedVersion: Option.Option<number>
      }
    const execute = Option.match(args.expectedVersion, {
      onNone: () => ({}),
      onSome: (version) => ({ expectedVersion: version })
    })
    return respond(
      args.json,
      Effect.flatMap(toCommand(args), (command) =>
        Store.withOffice(args, ({ actor, engagements }) =>
          Effect.map(engagements.execute(actor, args.id, command, execute), (result) => resultAnswer(verb, result))
        )
      )
    )
  }).pipe(Command.withDescription(description))

// ---------------------------------------------------------------------------------------------
// create
// ---------------------------------------------------------------------------------------------

const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  id: "--id",
  title: "--title",
  counterpart: "--counterpart",
  eventStart: "--event-start",
  eventEnd: "--event-end",
  notice: "--notice",
  ownerId: "--owner",
  tier: "--tier",
  level: "--level",
  receptionType: "--reception-type",
  confidential: "--confidential",
  anchors: "--anchor"
}

/** A command's own fields, checked by the core's Schema; a problem names its option. */
const decodeCommand =
  (name: string) =>
  (input: unknown): Either.Either<Engagement.Command, BusinessCalendar.InvalidArgument> =>
    Either.mapLeft(DecodeProblem.decoder(name, Engagement.Command)(input), (e) => {
      const problem = e.problems[0]
      const field = problem?.segments[0]
      const option = typeof field === "string" ? (OPTION_OF_FIELD[field] ?? field) : name
      return new BusinessCalendar.InvalidArgument({
        argument: option,
        message: `${option}: ${e.problems.map((p) => p.message).join("; ")}`
      })
    })

const decodeCreate = decodeCommand("create")

/**
 * `liaison engagement create application.json --id … --actor …`: `{"engagement": {…}}`, the
 * engagement as stored (a draft).
 *
 * @since 0.1.0
 * @category commands
 */
export const create = Command.make(
  "create",
  {
    application: Args.text({ name: "application.json" }).pipe(
      Args.withDescription("The reception application (接待申请单) as JSON (ReceptionApplication).")
    ),
    id: Options.text("id").pipe(
      Options.withPseudoName("id"),
      Options.withDescription("The new engagement's id: letters, digits and . _ : - (e.g. E-2026-031).")
    ),
    procedure: Options.text("procedure").pipe(
      Options.withPseudoName("procedure-id"),
      Options.withDescription("The procedure it follows (see liaison procedures)."),
      Options.withDefault("client-reception-standard")
    ),
    title: Options.text("title").pipe(
      Options.withDescription("Its title (default: the guest organisation and 来访 / visit)."),
      Options.optional
    ),
    eventStart: Opt.moment("event-start", "When it starts (default: the application's visitDate)").pipe(
      Options.optional
    ),
    eventEnd: Opt.moment("event-end", "When it ends (default: the application's departureDate)").pipe(Options.optional),
    notice: Opt.moment("notice", "When notice of it was received").pipe(Options.optional),
    owner: Options.text("owner").pipe(
      Options.withPseudoName("person-id"),
      Options.withDescription("Who runs it (default: the actor)."),
      Options.optional
    ),
    confidential: Options.boolean("confidential").pipe(
      Options.withDescription("Confidential (保密): only cleared people see it unredacted (tier A always is).")
    ),
    emergency: Options.boolean("emergency").pipe(
      Options.withDescription("An emergency (P3): acted on first, approved afterwards (事后补办).")
    ),
    anchors: Opt.anchors("A named anchor's moment, e.g. returnArrival=2026-12-16T19:30:00+08:00; repeatable."),
    ...Store.acting
  },
  (args) =>
    respond(
      args.json,
      Effect.gen(function* () {
        const application = yield* decodeFile(args.application, "application", ReceptionApplication.decode)
        const fields = {
          _tag: "Create",
          id: args.id,
          title: Option.getOrElse(args.title, () => `${application.guestOrganisation} 来访 / visit`),
          procedureId: args.procedure,
          counterpart: application.guestOrganisation,
          eventStart: Option.getOrElse(args.eventStart, () => application.visitDate),
          ...Option.match(
            Option.orElse(args.eventEnd, () => Option.fromNullable(application.departureDate)),
            {
              onNone: () => ({}),
              onSome: (eventEnd) => ({ eventEnd })
            }
          ),
          ...Option.match(args.notice, { onNone: () => ({}), onSome: (notice) => ({ notice }) }),
          ...Option.match(args.owner, { onNone: () => ({}), onSome: (ownerId) => ({ ownerId }) }),
          ...(args.confidential ? { confidential: true } : {}),
          ...(args.emergency ? { emergency: true } : {}),
          ...Opt.anchorsField(args.anchors),
          application: ReceptionApplication.encode(application)
        }
        const command = yield* decodeCreate(fields)
        if (command._tag !== "Create") return yield* Effect.die("decoded a create command as another")
        return yield* Store.withOffice(args, ({ actor, engagements }) =>
          Effect.map(engagements.create(actor, command), (e) => ({
            json: { engagement: encodeEngagement(e) },
            text: [
              `${e.id}: created as a draft (version ${e.version}) by ${actor.name}: ${e.title}`,
              `  procedure ${e.procedureId}, event ${e.eventStart}${e.eventEnd !== undefined ? ` to ${e.eventEnd}` : ""}, owner ${e.ownerId}${e.budget !== undefined ? `, budget ${Money.format(e.budget)}` : ""}`
            ]
          }))
        )
      })
    )
).pipe(Command.withDescription("Creates an engagement (a draft) from a reception application (接待申请单)."))

// ---------------------------------------------------------------------------------------------
// list and show
// ---------------------------------------------------------------------------------------------

const date = (name: string, description: string) =>
  Options.text(name).pipe(Options.withPseudoName("YYYY-MM-DD"), Options.withDescription(description), Options.optional)

/**
 * `liaison engagement list [--status …] [--owner …] [--tier …] [--from …] [--to …] [--limit n]`:
 * `{"engagements": [{"id", "version", "status", "title", "counterpart", "eventStart", "ownerId",
 * "approval", "openTasks", …}]}`, the engagements the actor may see (confidential ones redacted).
 *
 * @since 0.1.0
 * @category commands
 */
export const list = Command.make(
  "list",
  {
    status: Options.choice("status", Engagement.Status.literals).pipe(
      Options.withDescription("Only engagements in this state; repeatable."),
      Options.repeated
    ),
    owner: Options.text("owner").pipe(
      Options.withPseudoName("person-id"),
      Options.withDescription("Only engagements this person owns."),
      Options.optional
    ),
    tier: Options.text("tier").pipe(Options.withDescription("Only engagements of this client tier."), Options.optional),
    from: date("from", "Only engagements starting on or after this date."),
    to: date("to", "Only engagements starting on or before this date."),
    limit: Options.integer("limit").pipe(
      Options.withDescription("At most this many engagements (default 200)."),
      Options.withDefault(200)
    ),
    ...Store.acting
  },
  (args) =>
    respond(
      args.json,
      Effect.gen(function* () {
        const from = yield* checkDate("--from", args.from)
        const to = yield* checkDate("--to", args.to)
        if (args.limit < 1) {
          return yield* new BusinessCalendar.InvalidArgument({
            argument: "--limit",
            message: `--limit: expected a positive number, got ${args.limit}`
          })
        }
        const query: EngagementRepo.ListQuery = {
          ...(args.status.length > 0 ? { status: args.status } : {}),
          ...Option.match(args.owner, { onNone: () => ({}), onSome: (ownerId) => ({ ownerId }) }),
          ...Option.match(args.tier, { onNone: () => ({}), onSome: (tier) => ({ tier }) }),
          ...(from !== undefined ? { from } : {}),
          ...(to !== undefined ? { to } : {}),
          limit: args.limit
        }
        return yield* Store.withOffice(args, ({ actor, engagements }) =>
          Effect.map(engagements.list(actor, query), (found) => ({
            json: { engagements: found.map(row) },
            text:
              found.length === 0
                ? ["No engagements match."]
                : table([
                    ["id", "status", "event", "owner", "title", "next"],
                    ...found.map((e) => [e.id, e.status, e.eventStart.slice(0, 10), e.ownerId, e.title, nextText(e)])
                  ])
          }))
        )
      })
    )
).pipe(Command.withDescription("Lists engagements by state, owner, tier and event date."))

const checkDate = (
  option: string,
  value: Option.Option<string>
): Effect.Effect<string | undefined, BusinessCalendar.InvalidArgument> =>
  Option.match(value, { onNone: () => Effect.succeed(undefined), onSome: (d) => localDate(option, d) })

/**
 * `liaison engagement show <id>`: `{"engagement": {…}, "approvals": {"state", "next"?, "steps",
 * "decisions"}, "tasks": [{"id", "stepId", "ownerRole", "due"?, "done"?}], "ledger": [entries]}`.
 *
 * @since 0.1.0
 * @category commands
 */
export const show = Command.make("show", { id: engagementId, ...Store.acting }, (args) =>
  respond(
    args.json,
    Store.withOffice(args, ({ actor, engagements }) =>
      Effect.gen(function* () {
        const e = yield* Store.visible(engagements, actor, args.id)
        const entries = yield* engagements.ledger(actor, { engagementId: e.id })
        const approvals = approvalsOf(e)
        const encoded = encodeEngagement(e)
        const json = {
          engagement: encoded,
          approvals: { ...approvals, decisions: encoded.decisions },
          tasks: encoded.tasks,
          ledger: entries.map((entry) => encodeEntry(entry))
        }
        const decided = new Map(e.decisions.map((d) => [d.role, d] as const))
        const text = [
          `${e.id}  ${e.title}`,
          `  status       ${e.status}, version ${e.version}${e.emergency ? ", emergency" : ""}${Engagement.isConfidential(e) ? ", confidential 保密" : ""}`,
          `  procedure    ${e.procedureId}`,
          `  counterpart  ${e.counterpart}${e.tier !== undefined ? ` (tier ${e.tier})` : ""}`,
          `  event        ${e.eventStart}${e.eventEnd !== undefined ? ` to ${e.eventEnd}` : ""}${e.notice !== undefined ? `; notice ${e.notice}` : ""}`,
          `  people       requester ${e.requesterId}, owner ${e.ownerId}`,
          ...(e.budget !== undefined
            ? [
                `  budget       ${Money.format(e.budget)}${e.approvedBudget !== undefined ? `; frozen at approval: ${Money.format(e.approvedBudget.report.allowance.total)} allowance` : ""}${e.settlement !== undefined ? `; settled ${Money.format(e.settlement.report.spent.total)} (${e.settlement.outcome})` : ""}`
              ]
            : []),
          ...(e.cancellation !== undefined
            ? [`  cancelled    by ${e.cancellation.by} ${minute(e.cancellation.at)}: ${e.cancellation.reason}`]
            : []),
          "",
          e.route === undefined
            ? "Approvals: not submitted yet."
            : `Approvals (${e.route.policyId} ${e.route.policyVersion}, ${Money.format(e.route.amount)}): ${approvals.state}`,
          ...(e.route?.steps ?? []).map((s) => {
            const d = decided.get(s.role)
            return `  ${s.role.padEnd(20)} ${d === undefined ? "waiting" : `${d.outcome} by ${d.by} ${minute(d.at)}${d.note ? `: ${d.note}` : ""}`}`
          }),
          "",
          e.tasks.length === 0 ? "Tasks: not planned yet." : `Tasks (${nextText(e)}):`,
          ...(e.tasks.length === 0 ? [] : taskRows(e)),
          "",
          `Ledger (${entries.length} ${entries.length === 1 ? "entry" : "entries"}):`,
          ...ledgerRows(entries)
        ]
        return { json, text }
      })
    )
  )
).pipe(Command.withDescription("Shows an engagement: its state, approvals, tasks and ledger lines (台帐)."))

// ---------------------------------------------------------------------------------------------
// The lifecycle
// ---------------------------------------------------------------------------------------------

/**
 * `liaison engagement submit <id>`: submits a draft (or a rejected engagement) for approval; its
 * budget is checked against `--rules` and routed.
 *
 * @since 0.1.0
 * @category commands
 */
export const submit = lifecycle(
  "submit",
  "Submits a draft for approval: checks its budget against the rule set and routes it to its approvers.",
  "submitted",
  {},
  () => Effect.succeed({ _tag: "Submit" as const })
)

/**
 * `liaison engagement approve <id> [--note …]`: the actor approves the route's next step.
 *
 * @since 0.1.0
 * @category commands
 */
export const approve = lifecycle(
  "approve",
  "Approves the next step of the approval route, as the actor (who must hold its role).",
  "approved a step",
  { note },
  (args) => Effect.succeed({ _tag: "Decide" as const, outcome: "approved" as const, ...noteField(args.note) })
)

/**
 * `liaison engagement reject <id> [--note …]`: the actor rejects at the route's next step.
 *
 * @since 0.1.0
 * @category commands
 */
export const reject = lifecycle(
  "reject",
  "Rejects the engagement at the next step of the approval route, as the actor.",
  "rejected",
  { note },
  (args) => Effect.succeed({ _tag: "Decide" as const, outcome: "rejected" as const, ...noteField(args.note) })
)

/**
 * `liaison engagement plan <id>`: plans an approved engagement: dated tasks assigned to the people
 * holding their roles; `{"engagement", "plan"}`.
 *
 * @since 0.1.0
 * @category commands
 */
export const plan = lifecycle(
  "plan",
  "Plans an approved engagement: its procedure's tasks, dated on the calendar and assigned.",
  "planned",
  {},
  () => Effect.succeed({ _tag: "Plan" as const })
)

/**
 * `liaison engagement start <id>`: starts a planned engagement (an emergency starts from draft).
 *
 * @since 0.1.0
 * @category commands
 */
export const start = lifecycle(
  "start",
  "Starts a planned engagement (an emergency starts from its draft and is approved afterwards).",
  "started",
  {},
  () => Effect.succeed({ _tag: "Start" as const })
)

/**
 * `liaison engagement complete-task <id> <task-id> [--note …]`: the task's holder marks it done.
 *
 * @since 0.1.0
 * @category commands
 */
export const completeTask = lifecycle(
  "complete-task",
  "Marks a task done (its id, or just its step: definition for <id>/definition).",
  "task done",
  {
    task: Args.text({ name: "task-id" }).pipe(
      Args.withDescription("The task: <engagement>/<step> as show lists it, or just the step.")
    ),
    note
  },
  (args) =>
    Effect.succeed({
      _tag: "CompleteTask" as const,
      taskId: args.task.includes("/") ? args.task : `${args.id}/${args.task}`,
      ...noteField(args.note)
    })
)

/**
 * `liaison engagement hold <id>`: the reception has been held (接待完成), awaiting settlement.
 *
 * @since 0.1.0
 * @category commands
 */
export const hold = lifecycle(
  "hold",
  "Records that the engagement has been held, awaiting settlement.",
  "held",
  {},
  () => Effect.succeed({ _tag: "Hold" as const })
)

/**
 * `liaison engagement settle <id> --expenses expenses.json`: settles the actual expenses against the
 * budget frozen at approval.
 *
 * @since 0.1.0
 * @category commands
 */
export const settle = lifecycle(
  "settle",
  "Settles the actual expenses (a JSON array of Expense.ExpenseLine) against the budget frozen at approval.",
  "settled",
  {
    expenses: Options.text("expenses").pipe(
      Options.withPseudoName("expenses.json"),
      Options.withDescription("The actual expenses as a JSON array of lines (Expense.ExpenseLine).")
    )
  },
  (args) =>
    Effect.map(decodeFile(args.expenses, "expenses", Expense.decodeLines), (expenses) => ({
      _tag: "Settle" as const,
      expenses
    }))
)

/**
 * `liaison engagement close <id>`: closes a settled engagement.
 *
 * @since 0.1.0
 * @category commands
 */
export const close = lifecycle(
  "close",
  "Closes a settled engagement (an emergency's approvals must be in).",
  "closed",
  {},
  () => Effect.succeed({ _tag: "Close" as const })
)

/**
 * `liaison engagement cancel <id> --reason …`: cancels it, telling its owner and requester.
 *
 * @since 0.1.0
 * @category commands
 */
export const cancel = lifecycle(
  "cancel",
  "Cancels the engagement, with the reason; its owner and requester are told.",
  "cancelled",
  { reason: Options.text("reason").pipe(Options.withDescription("Why it is cancelled (recorded in the ledger).")) },
  (args) => Effect.succeed({ _tag: "Cancel" as const, reason: args.reason })
)

const given = <A, K extends string>(key: K, value: Option.Option<A>): { readonly [k in K]?: A } =>
  Option.match(value, { onNone: () => ({}), onSome: (a) => ({ [key]: a }) as { readonly [k in K]: A } })

/**
 * `liaison engagement edit <id> [--event-start …] [--event-end …] [--notice …] [--title …]
 * [--counterpart …] [--owner …] [--anchor name=moment]… [--tier …] [--level …] [--reception-type …]
 * [--confidential true|false]`: reschedules, renames or hands over an engagement; a planned one's
 * tasks are re-dated. After approval, tier, level, reception type and confidentiality need a new
 * approval (exit 7, `NeedsReapproval`); once under way only its end and anchors may be recorded
 * (exit 7, `UnderWay`).
 *
 * @since 0.1.0
 * @category commands
 */
export const edit = lifecycle(
  "edit",
  "Reschedules, renames or hands over an engagement; a planned one's tasks are re-dated.",
  "edited",
  {
    eventStart: Opt.moment("event-start", "When it now starts").pipe(Options.optional),
    eventEnd: Opt.moment("event-end", "When it now ends").pipe(Options.optional),
    notice: Opt.moment("notice", "When notice of it was received").pipe(Options.optional),
    title: Options.text("title").pipe(Options.withDescription("Its new title."), Options.optional),
    counterpart: Options.text("counterpart").pipe(
      Options.withDescription("The organisation it is with (对方单位)."),
      Options.optional
    ),
    owner: Options.text("owner").pipe(
      Options.withPseudoName("person-id"),
      Options.withDescription("Who runs it from now on."),
      Options.optional
    ),
    tier: Options.text("tier").pipe(Options.withDescription("The client tier (before approval)."), Options.optional),
    level: Options.text("level").pipe(
      Options.withDescription("The reception grade (before approval)."),
      Options.optional
    ),
    receptionType: Options.text("reception-type").pipe(
      Options.withDescription("The reception type (before approval)."),
      Options.optional
    ),
    confidential: Options.choice("confidential", ["true", "false"]).pipe(
      Options.withDescription("Confidential (保密) or not (before approval)."),
      Options.optional
    ),
    anchors: Opt.anchors("A named anchor's moment, e.g. returnArrival=2026-12-16T19:30:00+08:00; repeatable.")
  },
  (args) => {
    const fields = {
      ...given("eventStart", args.eventStart),
      ...given("eventEnd", args.eventEnd),
      ...given("notice", args.notice),
      ...given("title", args.title),
      ...given("counterpart", args.counterpart),
      ...given("ownerId", args.owner),
      ...given("tier", args.tier),
      ...given("level", args.level),
      ...given("receptionType", args.receptionType),
      ...given(
        "confidential",
        Option.map(args.confidential, (c) => c === "true")
      ),
      ...Opt.anchorsField(args.anchors)
    }
    if (Object.keys(fields).length === 0) {
      return Effect.fail(
        new BusinessCalendar.InvalidArgument({
          argument: "edit",
          message:
            "edit: nothing to change: give at least one of --event-start, --event-end, --notice, --title, --counterpart, --owner, --anchor, --tier, --level, --reception-type, --confidential"
        })
      )
    }
    return decodeCommand("edit")({ _tag: "Edit", ...fields })
  }
)

/**
 * `liaison engagement edit-budget <id> application.json`: replaces the application (and so the
 * budget) of a draft or a rejected engagement, before it is submitted again.
 *
 * @since 0.1.0
 * @category commands
 */
export const editBudget = lifecycle(
  "edit-budget",
  "Replaces the application and its budget of a draft or rejected engagement.",
  "budget edited",
  {
    application: Args.text({ name: "application.json" }).pipe(
      Args.withDescription("The revised reception application as JSON (ReceptionApplication).")
    )
  },
  (args) =>
    Effect.map(decodeFile(args.application, "application", ReceptionApplication.decode), (application) => ({
      _tag: "EditBudget" as const,
      application
    }))
)

/**
 * `liaison engagement …`: engagements in a database.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("engagement").pipe(
  Command.withDescription(
    "Engagements (接待/外联事项) in a database: create, list, show, and each step from submission to closing."
  ),
  Command.withSubcommands([
    create,
    list,
    show,
    submit,
    approve,
    reject,
    plan,
    start,
    completeTask,
    hold,
    settle,
    close,
    cancel,
    edit,
    editBudget
  ])
)
