/**
 * Procedures (工作程序) as data: the steps of a written reception or liaison procedure, each with its
 * owner role, deadline rule, dependencies, required artefacts and escalation.
 *
 * A procedure is validated before use ({@link validate}): step ids are unique, dependencies name
 * existing steps and form no cycle, every named anchor a deadline uses is declared, and every
 * window opens before it is due. Problems come back with their paths (`steps[2].dependsOn[0]`).
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as BusinessCalendar from "./BusinessCalendar.js"
import * as Deadline from "./Deadline.js"
import * as Issues from "./internal/issues.js"
import * as Label from "./Label.js"
import * as Role from "./Role.js"

/**
 * A step id: lower-case words joined by hyphens (`application`, `thank-guests`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const StepId = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: () => "expected lower-case words joined by hyphens" })
)

/**
 * The working documents a step produces, from the seeds' attachments and ledgers.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Artefact = Schema.Literal(
  "liaisonPlan",
  "application",
  "agenda",
  "divisionOfLabour",
  "itemList",
  "satisfactionSurvey",
  "invitation",
  "report",
  "writtenReview",
  "contingencyPlan",
  "receptionList",
  "ledgerEntry",
  "financialSettlement",
  "article",
  "roster",
  "mailingLedger",
  "minutes"
)

/**
 * @since 0.1.0
 * @category models
 */
export type Artefact = typeof Artefact.Type

/**
 * Who takes over when a step is not done in time: `to` a role, `after` an offset from the step's
 * due moment (`0 minutes after` = at once, as for major incidents that go to the GM immediately).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Escalation = Schema.Struct({
  to: Role.RoleId,
  after: Deadline.Offset
}).annotations({ identifier: "Escalation" })

/**
 * @since 0.1.0
 * @category models
 */
export type Escalation = typeof Escalation.Type

/**
 * One step of a procedure.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Step = Schema.Struct({
  id: StepId,
  name: Label.Label,
  ownerRole: Role.RoleId,
  deadline: Deadline.Rule,
  dependsOn: Schema.optionalWith(Schema.Array(StepId), { exact: true }),
  artefacts: Schema.optionalWith(Schema.Array(Artefact), { exact: true }),
  escalation: Schema.optionalWith(Escalation, { exact: true }),
  /** What the step involves, in the procedure's words. */
  work: Schema.optionalWith(Label.Label, { exact: true })
}).annotations({ identifier: "Step" })

/**
 * @since 0.1.0
 * @category models
 */
export type Step = typeof Step.Type

/**
 * A named anchor a procedure's deadlines use (e.g. `returnArrival`: when the guest's train home
 * arrives), which the engagement must supply.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NamedAnchor = Schema.Struct({
  name: Schema.NonEmptyTrimmedString,
  label: Label.Label
})

/**
 * A procedure.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Procedure = Schema.Struct({
  id: StepId,
  name: Label.Label,
  /** Where the procedure comes from (a seed document, a company rule). */
  source: Schema.NonEmptyTrimmedString,
  version: Schema.NonEmptyTrimmedString,
  /** The anchors besides event start/end and notice that the engagement must give. */
  anchors: Schema.optionalWith(Schema.Array(NamedAnchor), { exact: true }),
  steps: Schema.NonEmptyArray(Step)
}).annotations({ identifier: "Procedure" })

/**
 * @since 0.1.0
 * @category models
 */
export type Procedure = typeof Procedure.Type

/**
 * A procedure that cannot be used, with every problem and where it is.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidProcedure extends Schema.TaggedError<InvalidProcedure>()("InvalidProcedure", {
  procedureId: Schema.String,
  issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
}) {
  override get message(): string {
    return `invalid procedure ${this.procedureId}:\n${this.issues.map((i) => `  ${i.path || "(root)"}: ${i.message}`).join("\n")}`
  }
}

const windowProblem = (rule: Deadline.Rule): string | undefined => {
  if (rule._tag === "Recurring") return windowProblem(rule.rule)
  if (rule._tag !== "Window") return undefined
  const minutes = (o: Deadline.Offset) =>
    (o.direction === "before" ? -1 : 1) *
    o.amount *
    (o.unit === "weeks"
      ? 10080
      : o.unit === "hours" || o.unit === "workingHours"
        ? 60
        : o.unit === "minutes" || o.unit === "workingMinutes"
          ? 1
          : 1440)
  return minutes(rule.opens) > minutes(rule.due) ? "the window opens after it is due" : undefined
}

/**
 * Checks a procedure's consistency: unique step ids, dependencies that exist and form no cycle,
 * declared named anchors, windows that open before they are due.
 *
 * @since 0.1.0
 * @category validation
 */
export const validate = (procedure: Procedure): Either.Either<Procedure, InvalidProcedure> => {
  const issues: Array<{ path: string; message: string }> = []
  const index = new Map<string, number>()
  procedure.steps.forEach((step, i) => {
    if (index.has(step.id)) issues.push({ path: `steps[${i}].id`, message: `duplicate step id "${step.id}"` })
    else index.set(step.id, i)
  })
  const declared = new Set((procedure.anchors ?? []).map((a) => a.name))
  procedure.steps.forEach((step, i) => {
    step.dependsOn?.forEach((dep, j) => {
      if (!index.has(dep)) issues.push({ path: `steps[${i}].dependsOn[${j}]`, message: `unknown step "${dep}"` })
      if (dep === step.id)
        issues.push({ path: `steps[${i}].dependsOn[${j}]`, message: "a step cannot depend on itself" })
    })
    for (const name of Deadline.namedAnchors(step.deadline)) {
      if (!declared.has(name)) {
        issues.push({
          path: `steps[${i}].deadline`,
          message: `anchor "${name}" is not declared in the procedure's anchors`
        })
      }
    }
    const window = windowProblem(step.deadline)
    if (window) issues.push({ path: `steps[${i}].deadline`, message: window })
  })
  // Cycles: depth-first search, reporting each cycle once with its path of step ids.
  const state = new Map<string, "visiting" | "done">()
  const reported = new Set<string>()
  const visit = (id: string, trail: ReadonlyArray<string>): void => {
    if (state.get(id) === "done") return
    if (state.get(id) === "visiting") {
      const cycle = [...trail.slice(trail.indexOf(id)), id]
      const key = [...cycle].sort().join(",")
      if (!reported.has(key)) {
        reported.add(key)
        issues.push({ path: `steps[${index.get(id)}].dependsOn`, message: `dependency cycle: ${cycle.join(" → ")}` })
      }
      return
    }
    state.set(id, "visiting")
    const step = procedure.steps[index.get(id)!]!
    for (const dep of step.dependsOn ?? []) if (index.has(dep) && dep !== id) visit(dep, [...trail, id])
    state.set(id, "done")
  }
  for (const step of procedure.steps) visit(step.id, [])
  return issues.length > 0
    ? Either.left(new InvalidProcedure({ procedureId: procedure.id, issues }))
    : Either.right(procedure)
}

/**
 * Decodes a procedure from an unknown value (parsed JSON) and validates it, reporting every
 * problem with its path.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decode = (input: unknown): Either.Either<Procedure, InvalidProcedure> =>
  Issues.decodeUnknownEither(Procedure, { errors: "all", onExcessProperty: "error" })(input).pipe(
    Either.mapLeft(
      (e) =>
        new InvalidProcedure({
          procedureId:
            typeof input === "object" && input !== null && "id" in input && typeof input.id === "string"
              ? input.id
              : "(unknown)",
          issues: BusinessCalendar.issuesOf(e)
        })
    ),
    Either.flatMap(validate)
  )

/**
 * The steps in an order where every step comes after the steps it depends on (ties keep the
 * procedure's order). The procedure must be valid.
 *
 * @since 0.1.0
 * @category utils
 */
export const topologicalOrder = (procedure: Procedure): ReadonlyArray<Step> => {
  const byId = new Map(procedure.steps.map((s) => [s.id, s] as const))
  const done = new Set<string>()
  const out: Array<Step> = []
  const place = (step: Step): void => {
    if (done.has(step.id)) return
    done.add(step.id)
    for (const dep of step.dependsOn ?? []) {
      const d = byId.get(dep)
      if (d) place(d)
    }
    out.push(step)
  }
  for (const step of procedure.steps) place(step)
  return out
}
