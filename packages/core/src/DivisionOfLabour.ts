/**
 * The division-of-labour table (分工推进表, seed 001 附件二), generated from a plan: per phase (前期 before,
 * 现场 on site, 收尾 wrap-up) its rows — deadline (完成时间), work item (工作项目), owner (责任人),
 * assistants (辅助人) and duties (职责) — and the same duties grouped by the reception team's roles.
 *
 * Every task of the plan is one row; within a phase the rows run by due moment (the plan's order
 * among equals, tasks waiting for an anchor last). A row's phase comes from its due day against
 * the event: before the event's first day, on one of its days, or after its last day; a team mapping
 * may pin a step's phase (the seed's wrap-up, 收拾会场, is on the day of the event but in the 收尾
 * phase). The team roles of the seed — driver (司机), guest group (嘉宾组), logistics (后勤组), process
 * (流程组) and service (服务组) — are attached to the steps where their duties fall by a
 * {@link TeamMapping}; {@link seedMapping} encodes the seed's table, and a host app passes its own.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type * as BusinessCalendar from "./BusinessCalendar.js"
import * as Deadline from "./Deadline.js"
import * as DecodeProblem from "./DecodeProblem.js"
import * as Directory from "./Directory.js"
import * as Label from "./Label.js"
import * as LocalDate from "./LocalDate.js"
import type * as Plan from "./Plan.js"
import * as Procedure from "./Procedure.js"
import * as ProcedureCatalog from "./ProcedureCatalog.js"
import * as Role from "./Role.js"

// ---------------------------------------------------------------------------------------------
// Phases and the team mapping
// ---------------------------------------------------------------------------------------------

/**
 * The phases of the table (分类): before (前期), on site (现场), wrap-up (收尾).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Phase = Schema.Literal("before", "onSite", "wrapUp")

/**
 * @since 0.1.0
 * @category models
 */
export type Phase = typeof Phase.Type

/**
 * The phases in order.
 *
 * @since 0.1.0
 * @category constants
 */
export const phases: ReadonlyArray<Phase> = ["before", "onSite", "wrapUp"]

/**
 * The phases' names, as the seed's table writes them.
 *
 * @since 0.1.0
 * @category constants
 */
export const phaseLabels: { readonly [P in Phase]: Label.Label } = {
  before: Label.make("前期", "Before"),
  onSite: Label.make("现场", "On site"),
  wrapUp: Label.make("收尾", "Wrap-up")
}

/**
 * A team role's duties on some steps: the role assists the steps' owners with these duties.
 * `procedures` limits the entry to those procedures (every procedure when omitted).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TeamDuty = Schema.Struct({
  role: Role.RoleId,
  duties: Label.Label,
  steps: Schema.NonEmptyArray(Procedure.StepId),
  procedures: Schema.optionalWith(Schema.NonEmptyArray(Procedure.StepId), { exact: true })
}).annotations({ identifier: "TeamDuty" })

/**
 * @since 0.1.0
 * @category models
 */
export interface TeamDuty extends Schema.Schema.Type<typeof TeamDuty> {}

/**
 * A step placed in a phase whatever its date says.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PhasePin = Schema.Struct({
  step: Procedure.StepId,
  phase: Phase,
  procedures: Schema.optionalWith(Schema.NonEmptyArray(Procedure.StepId), { exact: true })
}).annotations({ identifier: "PhasePin" })

/**
 * @since 0.1.0
 * @category models
 */
export interface PhasePin extends Schema.Schema.Type<typeof PhasePin> {}

/**
 * A team mapping: the reception team's roles (with their names), their duties by step, and phase pins.
 * Every duty's role must be one of the mapping's teams.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TeamMapping = Schema.Struct({
  id: Schema.NonEmptyTrimmedString,
  version: Schema.NonEmptyTrimmedString,
  teams: Schema.Array(Role.Role),
  duties: Schema.Array(TeamDuty),
  pins: Schema.optionalWith(Schema.Array(PhasePin), { exact: true })
})
  .pipe(
    Schema.filter((mapping) => {
      const teams = new Set(mapping.teams.map((t) => t.id))
      const issues: Array<{ path: ReadonlyArray<PropertyKey>; message: string }> = []
      mapping.duties.forEach((duty, i) => {
        if (!teams.has(duty.role)) {
          issues.push({ path: ["duties", i, "role"], message: `"${duty.role}" is not one of the mapping's teams` })
        }
      })
      return issues.length === 0 || issues
    })
  )
  .annotations({ identifier: "TeamMapping" })

/**
 * @since 0.1.0
 * @category models
 */
export interface TeamMapping extends Schema.Schema.Type<typeof TeamMapping> {}

/**
 * Decodes a host's team mapping, reporting every problem with its path.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeMapping: (input: unknown) => Either.Either<TeamMapping, DecodeProblem.InvalidInput> =
  DecodeProblem.decoder("team mapping", TeamMapping)

const r = ProcedureCatalog.roles
const P9 = ["client-reception-standard"] as const
const P4 = ["visit-reception"] as const
const P10 = ["client-visit-14-steps"] as const
const duty = (
  role: Role.Role,
  procedures: readonly [string, ...Array<string>],
  steps: readonly [string, ...Array<string>],
  zh: string,
  en: string
): TeamDuty => ({ role: role.id, duties: Label.make(zh, en), steps, procedures })

/**
 * The seed's table (附件二) as a mapping, for the built-in reception procedures:
 *
 * - before (前期): driver — pick-up and drop-off (vehicles arranged ahead, 提前安排接机车辆); guest
 *   group — invites the leaders; logistics — tableware rental, gifts; process — venue, time, agenda;
 * - on site (现场): logistics — venue set-up (tables and chairs, fruit) and other items (computer,
 *   clicker); service — on-site service (pouring water); the driver drives;
 * - wrap-up (收尾): logistics — clears the venue, counts and returns the items.
 *
 * For P9 (client-reception-standard) the duties fall on its assignment, preparation, on-site and
 * wrap-up steps, and its wrap-up step is pinned to 收尾; for P4 (visit-reception) on its agenda,
 * invitations, preparation, final check and hosting; for P10 the driver and logistics own steps
 * themselves, and the callback (timed from the guest's return) is pinned to 收尾.
 *
 * @since 0.1.0
 * @category mappings
 */
export const seedMapping: TeamMapping = {
  id: "liaison.seed-teams",
  version: "seed-1",
  teams: [r.driver, r.guestGroup, r.logisticsGroup, r.processGroup, r.serviceGroup],
  duties: [
    duty(r.processGroup, P9, ["assignment"], "确认场地、时间、流程", "Confirms the venue, time and agenda"),
    duty(r.guestGroup, P9, ["assignment"], "邀请领导", "Invites the leaders"),
    duty(r.logisticsGroup, P9, ["preparation"], "茶具租借、礼品准备等", "Tableware rental, gifts and the like"),
    duty(r.driver, P9, ["preparation"], "安排接送客户的车辆及备用车辆", "Arranges the pick-up car and a standby"),
    duty(
      r.logisticsGroup,
      P9,
      ["on-site"],
      "会场布置（桌椅、水果等），其他物品准备（电脑、翻页笔等）",
      "Sets up the venue (tables and chairs, fruit) and other items (computer, clicker)"
    ),
    duty(r.serviceGroup, P9, ["on-site"], "现场服务（倒水等）", "On-site service (pouring water and the like)"),
    duty(r.driver, P9, ["on-site"], "负责接送客户", "Picks up and drops off the client"),
    duty(
      r.logisticsGroup,
      P9,
      ["wrap-up"],
      "整理会场，物品清点、归还等",
      "Clears the venue, counts and returns the items"
    ),
    duty(r.processGroup, P4, ["agenda"], "确认场地、时间、流程", "Confirms the venue, time and agenda"),
    duty(r.guestGroup, P4, ["invitations"], "邀请领导及嘉宾", "Invites the leaders and guests"),
    duty(
      r.logisticsGroup,
      P4,
      ["prepare", "final-check"],
      "茶具租借、礼品、食品及其他物品准备",
      "Tableware rental, gifts, food and other items"
    ),
    duty(r.driver, P4, ["prepare"], "落实接送车辆及备用车辆", "Arranges the cars and a standby"),
    duty(r.driver, P4, ["host"], "负责接送客人", "Picks up and drops off the guests"),
    duty(
      r.logisticsGroup,
      P4,
      ["host"],
      "会场布置，接待结束后整理会场，物品清点、归还",
      "Sets up the venue; afterwards clears it, counts and returns the items"
    ),
    duty(r.serviceGroup, P4, ["host"], "现场服务（倒水等）", "On-site service (pouring water and the like)"),
    duty(r.processGroup, P10, ["assign-staff"], "确认场地、时间、流程", "Confirms the venue, time and agenda"),
    duty(r.guestGroup, P10, ["meet-leaders"], "邀请领导出席", "Invites the leaders to the meeting"),
    duty(r.serviceGroup, P10, ["meet-leaders"], "现场服务（倒水等）", "On-site service (pouring water and the like)")
  ],
  pins: [
    { step: "wrap-up", phase: "wrapUp", procedures: P9 },
    { step: "callback", phase: "wrapUp", procedures: P10 }
  ]
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

/**
 * The deadline column (完成时间): the due instant and day, the window's opening when it has one, and
 * the explanation sentence.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DeadlineColumn = Schema.Struct({
  due: Schema.String,
  dueDate: LocalDate.LocalDate,
  opens: Schema.optionalWith(Schema.String, { exact: true }),
  opensDate: Schema.optionalWith(LocalDate.LocalDate, { exact: true }),
  provisional: Schema.Boolean,
  explanation: Schema.Struct({ en: Schema.String, "zh-CN": Schema.String })
}).annotations({ identifier: "DeadlineColumn" })

/**
 * A role and the people who hold it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Party = Schema.Struct({
  role: Role.RoleId,
  label: Schema.optionalWith(Label.Label, { exact: true }),
  assignees: Schema.Array(Directory.Person)
}).annotations({ identifier: "Party" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Party extends Schema.Schema.Type<typeof Party> {}

/**
 * A team role's duties on a row.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Duty = Schema.Struct({
  role: Role.RoleId,
  label: Schema.optionalWith(Label.Label, { exact: true }),
  duties: Label.Label
}).annotations({ identifier: "Duty" })

/**
 * A row: one task of the plan.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Row = Schema.Struct({
  taskId: Schema.String,
  stepId: Schema.String,
  phase: Phase,
  /** Absent while the task waits for an anchor (`unscheduled` says which). */
  deadline: Schema.optionalWith(DeadlineColumn, { exact: true }),
  unscheduled: Schema.optionalWith(Schema.String, { exact: true }),
  workItem: Label.Label,
  /** The step's work in the procedure's words, when the procedure is given. */
  work: Schema.optionalWith(Label.Label, { exact: true }),
  owner: Party,
  assistants: Schema.Array(Party),
  duties: Schema.Array(Duty)
}).annotations({ identifier: "Row" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Row extends Schema.Schema.Type<typeof Row> {}

/**
 * A team role's part of the table: its people and its duties row by row.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TeamSection = Schema.Struct({
  role: Role.RoleId,
  label: Label.Label,
  assignees: Schema.Array(Directory.Person),
  rows: Schema.Array(
    Schema.Struct({
      taskId: Schema.String,
      phase: Phase,
      dueDate: Schema.optionalWith(LocalDate.LocalDate, { exact: true }),
      duties: Label.Label
    })
  )
}).annotations({ identifier: "TeamSection" })

/**
 * @since 0.1.0
 * @category models
 */
export interface TeamSection extends Schema.Schema.Type<typeof TeamSection> {}

/**
 * The table of an engagement.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DivisionOfLabour = Schema.Struct({
  engagementId: Schema.String,
  procedure: Schema.Struct({ id: Schema.String, version: Schema.String, name: Label.Label }),
  calendar: Schema.Struct({ id: Schema.String, version: Schema.String }),
  mapping: Schema.Struct({ id: Schema.String, version: Schema.String }),
  /** The event's first and last day in the calendar's zone. */
  event: Schema.Struct({ firstDay: LocalDate.LocalDate, lastDay: LocalDate.LocalDate }),
  /** The three phases in order, each with its rows by due moment. */
  phases: Schema.Array(Schema.Struct({ phase: Phase, label: Label.Label, rows: Schema.Array(Row) })),
  /** The mapping's teams that have duties in this table, in the mapping's order. */
  teams: Schema.Array(TeamSection)
}).annotations({ identifier: "DivisionOfLabour" })

/**
 * @since 0.1.0
 * @category models
 */
export interface DivisionOfLabour extends Schema.Schema.Type<typeof DivisionOfLabour> {}

/**
 * A table that could not be made: the plan was made on another calendar, or its event moments are
 * unreadable.
 *
 * @since 0.1.0
 * @category errors
 */
export class DivisionOfLabourError extends Schema.TaggedError<DivisionOfLabourError>()("DivisionOfLabourError", {
  engagementId: Schema.String,
  reason: Schema.Literal("CalendarMismatch", "InvalidEvent"),
  message: Schema.String
}) {}

/**
 * Options of {@link make}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Default {@link seedMapping}. */
  readonly mapping?: TeamMapping
  /** The plan's procedure, for the work text of each row. */
  readonly procedure?: Procedure.Procedure
  /** The holders of a team role (the owners' come from the plan). */
  readonly assign?: (role: Role.RoleId) => ReadonlyArray<Directory.Person>
  /** Names of roles beyond the built-in ones and the mapping's teams. */
  readonly roles?: ReadonlyArray<Role.Role>
}

const applies = (procedures: ReadonlyArray<string> | undefined, procedureId: string) =>
  procedures === undefined || procedures.includes(procedureId)

const column = (evaluation: Deadline.Evaluation): Schema.Schema.Type<typeof DeadlineColumn> => ({
  due: DateTime.formatIsoOffset(evaluation.due),
  dueDate: evaluation.dueDate,
  ...(evaluation.opens !== undefined && evaluation.opensDate !== undefined
    ? { opens: DateTime.formatIsoOffset(evaluation.opens), opensDate: evaluation.opensDate }
    : {}),
  provisional: evaluation.provisional,
  explanation: evaluation.explanation.sentence
})

/** Rows by due moment (完成时间), the plan's order among equals, rows waiting for an anchor last. */
const chronological = (rows: ReadonlyArray<Row>, dueMillis: ReadonlyMap<string, number>): Array<Row> =>
  rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      const x = dueMillis.get(a.row.taskId) ?? Number.POSITIVE_INFINITY
      const y = dueMillis.get(b.row.taskId) ?? Number.POSITIVE_INFINITY
      return x === y ? a.i - b.i : x < y ? -1 : 1
    })
    .map(({ row }) => row)

/**
 * Makes the table of a plan. Pure: the team roles' holders come from `options.assign` (see
 * {@link fromPlan} for the version that asks the {@link Directory.Directory}). Pass the calendar the
 * plan was made on: it places the event's days in its zone.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  plan: Plan.Plan,
  calendar: BusinessCalendar.BusinessCalendar,
  options?: Options
): Either.Either<DivisionOfLabour, DivisionOfLabourError> => {
  if (plan.calendar.id !== calendar.id || plan.calendar.version !== calendar.data.version) {
    return Either.left(
      new DivisionOfLabourError({
        engagementId: plan.engagementId,
        reason: "CalendarMismatch",
        message: `the plan was made on ${plan.calendar.id} ${plan.calendar.version}, not ${calendar.id} ${calendar.data.version}`
      })
    )
  }
  const start = Deadline.readMoment(calendar, plan.input.eventStart, "eventStart")
  const end = Deadline.readMoment(calendar, plan.input.eventEnd ?? plan.input.eventStart, "eventEnd")
  if (Either.isLeft(start) || Either.isLeft(end)) {
    const e = Either.isLeft(start) ? start.left : Either.isLeft(end) ? end.left : undefined
    return Either.left(
      new DivisionOfLabourError({
        engagementId: plan.engagementId,
        reason: "InvalidEvent",
        message: e?.message ?? "unreadable event moments"
      })
    )
  }
  const firstDay = start.right.day
  const lastDay = Math.max(firstDay, end.right.day)
  const mapping = options?.mapping ?? seedMapping
  const procedureId = plan.procedure.id
  const assign = options?.assign ?? (() => [])

  const labels = new Map<string, Label.Label>()
  for (const role of [...Role.seedRoles, ...Object.values(ProcedureCatalog.roles), ...mapping.teams]) {
    labels.set(role.id, role.label)
  }
  for (const role of options?.roles ?? []) labels.set(role.id, role.label)
  const labelled = (role: string) => {
    const label = labels.get(role)
    return label !== undefined ? { label } : {}
  }

  const pins = new Map<string, Phase>()
  for (const pin of mapping.pins ?? []) if (applies(pin.procedures, procedureId)) pins.set(pin.step, pin.phase)
  const dutiesByStep = new Map<string, Array<TeamDuty>>()
  for (const d of mapping.duties) {
    if (!applies(d.procedures, procedureId)) continue
    for (const step of d.steps) {
      const list = dutiesByStep.get(step) ?? []
      list.push(d)
      dutiesByStep.set(step, list)
    }
  }
  const work = new Map((options?.procedure?.id === procedureId ? options.procedure.steps : []).map((s) => [s.id, s]))
  const holders = new Map<string, ReadonlyArray<Directory.Person>>()
  const holdersOf = (role: string) => {
    let people = holders.get(role)
    if (people === undefined) {
      people = assign(role)
      holders.set(role, people)
    }
    return people
  }

  const phaseOfTask = new Map<string, Phase>()
  const dueMillis = new Map<string, number>()
  const rows: Array<Row> = []
  for (const task of plan.tasks) {
    if (task.deadline !== undefined) dueMillis.set(task.id, task.deadline.dueMillis)
    let phase = pins.get(task.stepId)
    if (phase === undefined) {
      if (task.deadline !== undefined) {
        const due = LocalDate.toEpochDay(task.deadline.dueDate)
        phase = due < firstDay ? "before" : due <= lastDay ? "onSite" : "wrapUp"
      } else {
        // A task waiting for an anchor comes after what it depends on.
        phase = "before"
        for (const dep of task.dependsOn) {
          const p = phaseOfTask.get(dep)
          if (p !== undefined && phases.indexOf(p) > phases.indexOf(phase)) phase = p
        }
      }
    }
    phaseOfTask.set(task.id, phase)
    const duties = dutiesByStep.get(task.stepId) ?? []
    const assistants: Array<Party> = []
    for (const d of duties) {
      if (d.role === task.ownerRole || assistants.some((a) => a.role === d.role)) continue
      assistants.push({ role: d.role, ...labelled(d.role), assignees: holdersOf(d.role) })
    }
    const step = work.get(task.stepId)
    rows.push({
      taskId: task.id,
      stepId: task.stepId,
      phase,
      ...(task.deadline !== undefined ? { deadline: column(task.deadline) } : {}),
      ...(task.unscheduled !== undefined ? { unscheduled: task.unscheduled } : {}),
      workItem: task.name,
      ...(step?.work !== undefined ? { work: step.work } : {}),
      owner: { role: task.ownerRole, ...labelled(task.ownerRole), assignees: task.assignees },
      assistants,
      duties: duties.map((d) => ({ role: d.role, ...labelled(d.role), duties: d.duties }))
    })
  }

  const teams: Array<TeamSection> = []
  for (const team of mapping.teams) {
    const own = rows.flatMap((row) =>
      row.duties
        .filter((d) => d.role === team.id)
        .map((d) => ({
          taskId: row.taskId,
          phase: row.phase,
          ...(row.deadline !== undefined ? { dueDate: row.deadline.dueDate } : {}),
          duties: d.duties
        }))
    )
    if (own.length > 0) teams.push({ role: team.id, label: team.label, assignees: holdersOf(team.id), rows: own })
  }

  return Either.right({
    engagementId: plan.engagementId,
    procedure: plan.procedure,
    calendar: plan.calendar,
    mapping: { id: mapping.id, version: mapping.version },
    event: { firstDay: LocalDate.fromEpochDay(firstDay), lastDay: LocalDate.fromEpochDay(lastDay) },
    phases: phases.map((phase) => ({
      phase,
      label: phaseLabels[phase],
      rows: chronological(
        rows.filter((row) => row.phase === phase),
        dueMillis
      )
    })),
    teams
  })
}

/**
 * Makes the table of a plan, assigning each team role to its holders in the host's directory.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromPlan = (
  plan: Plan.Plan,
  calendar: BusinessCalendar.BusinessCalendar,
  options?: Omit<Options, "assign">
): Effect.Effect<DivisionOfLabour, DivisionOfLabourError | Directory.DirectoryUnavailable, Directory.Directory> =>
  Effect.gen(function* () {
    const directory = yield* Directory.Directory
    const mapping = options?.mapping ?? seedMapping
    const holders = new Map<string, ReadonlyArray<Directory.Person>>()
    for (const team of mapping.teams) holders.set(team.id, yield* Directory.activeHolders(directory, team.id))
    return yield* make(plan, calendar, { ...options, assign: (role) => holders.get(role) ?? [] })
  }).pipe(
    Effect.withSpan("DivisionOfLabour.fromPlan", {
      attributes: { procedure: plan.procedure.id, engagement: plan.engagementId }
    })
  )

/**
 * Every row of the table, in phase order.
 *
 * @since 0.1.0
 * @category getters
 */
export const rows = (table: DivisionOfLabour): ReadonlyArray<Row> => table.phases.flatMap((p) => p.rows)

/**
 * The table as text, one line per row, in either language: for a terminal, an e-mail, a log.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (table: DivisionOfLabour, locale: Label.Locale = "zh-CN"): string => {
  const lines: Array<string> = [`${table.procedure.name[locale]} — ${table.engagementId}`]
  const zh = locale === "zh-CN"
  const list = (names: ReadonlyArray<string>) => names.join(zh ? "、" : ", ")
  const people = (party: Party) => {
    const who = list(party.assignees.map((p) => p.name))
    return `${party.label?.[locale] ?? party.role}${who === "" ? "" : zh ? `（${who}）` : ` (${who})`}`
  }
  for (const section of table.phases) {
    lines.push(`[${section.label[locale]}]`)
    for (const row of section.rows) {
      const when = row.deadline?.dueDate ?? (zh ? "待定" : "to be scheduled")
      const assistants = list(row.assistants.map(people))
      const duties = row.duties
        .map((d) => `${d.label?.[locale] ?? d.role}${zh ? "：" : ": "}${d.duties[locale]}`)
        .join(zh ? "；" : "; ")
      lines.push(
        `  ${when}  ${row.workItem[locale]}  ${people(row.owner)}${assistants !== "" ? `  + ${assistants}` : ""}${duties !== "" ? `  — ${duties}` : ""}`
      )
    }
  }
  return lines.join("\n")
}
