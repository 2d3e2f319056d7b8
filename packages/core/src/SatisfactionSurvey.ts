/**
 * The reception satisfaction survey (接待满意度调查表, seed 001 附件四): items scored against a reference
 * of 10 points each, totalled and averaged; a low score opens a follow-up.
 *
 * A survey form is data ({@link seedForm} holds the seed's items; a host app writes its own). A
 * response must answer every item of its form with an integer from 0 to the form's scale, or skip it
 * explicitly (`{ "skipped": true }`); anything else is rejected with the item's path and label. A
 * score below the threshold on any item, or an average below the average threshold, opens a follow-up
 * task ({@link followUpOf}), by default due 2 working days after the survey.
 *
 * @since 0.1.0
 */
import type * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Deadline from "./Deadline.js"
import * as DecodeProblem from "./DecodeProblem.js"
import * as FollowUp from "./FollowUp.js"
import * as Label from "./Label.js"
import { personal } from "./PersonalData.js"
import * as ProcedureCatalog from "./ProcedureCatalog.js"
import { ZonedDateTime } from "./ZonedDateTime.js"

/**
 * An item id: lower-case words joined by hyphens (`client-satisfaction`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ItemId = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: () => "expected lower-case words joined by hyphens" })
)

/**
 * An item of a survey (评议内容).
 *
 * @since 0.1.0
 * @category schemas
 */
export const SurveyItem = Schema.Struct({
  id: ItemId,
  label: Label.Label
}).annotations({ identifier: "SurveyItem" })

/**
 * @since 0.1.0
 * @category models
 */
export interface SurveyItem extends Schema.Schema.Type<typeof SurveyItem> {}

/**
 * A survey form: its items and the reference score of each (参照分值; 10 in the seed).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Form = Schema.Struct({
  id: Schema.NonEmptyTrimmedString,
  version: Schema.NonEmptyTrimmedString,
  title: Label.Label,
  scale: Schema.Int.pipe(Schema.between(1, 100)),
  items: Schema.NonEmptyArray(SurveyItem)
})
  .pipe(
    Schema.filter((form) => {
      const seen = new Set<string>()
      const issues: Array<{ path: ReadonlyArray<PropertyKey>; message: string }> = []
      form.items.forEach((item, i) => {
        if (seen.has(item.id)) issues.push({ path: ["items", i, "id"], message: `duplicate item id "${item.id}"` })
        seen.add(item.id)
      })
      return issues.length === 0 || issues
    })
  )
  .annotations({ identifier: "SurveyForm" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Form extends Schema.Schema.Type<typeof Form> {}

/**
 * Decodes a host's survey form, reporting every problem with its path.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeForm: (input: unknown) => Either.Either<Form, DecodeProblem.InvalidInput> = DecodeProblem.decoder(
  "survey form",
  Form
)

/**
 * The seed's form (附件四): four items of 10 points each. The seed is cut off after "邀请嘉宾，确认场地、";
 * the fourth item is named as far as it goes, and a host app that knows the rest writes its own form.
 *
 * @since 0.1.0
 * @category forms
 */
export const seedForm: Form = {
  id: "liaison.satisfaction",
  version: "seed-1",
  title: Label.make("接待满意度调查表", "Reception satisfaction survey"),
  scale: 10,
  items: [
    {
      id: "client-satisfaction",
      label: Label.make("客户对此次来访的满意度", "The client's satisfaction with the visit")
    },
    { id: "work-assigned", label: Label.make("工作分配明确、到位", "Work assigned clearly and fully") },
    { id: "tasks-done", label: Label.make("工作人员按质按量完成任务", "Staff did their tasks fully and well") },
    { id: "guests-and-venue", label: Label.make("邀请嘉宾，确认场地", "Leaders invited, venue confirmed") }
  ]
}

/**
 * An item explicitly left unanswered (不评), with an optional reason.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Skipped = Schema.Struct({
  skipped: Schema.Literal(true),
  reason: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
}).annotations({ identifier: "Skipped" })

/**
 * An answer: a score, or an explicit skip.
 *
 * @since 0.1.0
 * @category models
 */
export type Answer = number | Schema.Schema.Type<typeof Skipped>

/**
 * An answer as JSON: a score, or the skipped marker.
 *
 * @since 0.1.0
 * @category models
 */
export type AnswerEncoded = number | Schema.Schema.Encoded<typeof Skipped>

/**
 * Who answered (评议人), when the survey names them.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Respondent = Schema.Struct({
  name: personal(Schema.NonEmptyTrimmedString, "name"),
  organisation: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true }),
  /** The guest side (client) or the host side (staff, leaders). */
  side: Schema.optionalWith(Schema.Literal("client", "host"), { exact: true })
}).annotations({ identifier: "Respondent" })

/**
 * A response to a survey.
 *
 * @since 0.1.0
 * @category models
 */
export interface Response {
  readonly engagementId: string
  readonly respondent?: Schema.Schema.Type<typeof Respondent>
  /** When the survey was completed: the anchor of its follow-up. */
  readonly at: DateTime.Zoned
  /** Every item of the form, by id. */
  readonly answers: Readonly<Record<string, Answer>>
}

/**
 * A response as JSON writes it.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResponseEncoded {
  readonly engagementId: string
  readonly respondent?: Schema.Schema.Encoded<typeof Respondent>
  readonly at: string
  readonly answers: Readonly<Record<string, AnswerEncoded>>
}

const answerOf = (scale: number) =>
  Schema.Union(Schema.Int.pipe(Schema.between(0, scale)), Skipped).annotations({
    message: () => ({
      message: `expected an integer score from 0 to ${scale}, or { "skipped": true } to skip the item`,
      override: true
    })
  })

/**
 * The Schema of a response to a form: every item answered (an integer from 0 to the scale) or
 * explicitly skipped, no item that is not on the form. Each answer is labelled with its item, so a
 * problem names it in both languages.
 *
 * @since 0.1.0
 * @category schemas
 */
export const responseSchema = (form: Form): Schema.Schema<Response, ResponseEncoded> => {
  const answer = answerOf(form.scale)
  const fields: Record<string, Schema.Schema<Answer, AnswerEncoded>> = {}
  for (const item of form.items) fields[item.id] = Label.labelled(answer, item.label["zh-CN"], item.label.en)
  return Schema.Struct({
    engagementId: Schema.NonEmptyTrimmedString,
    respondent: Schema.optionalWith(Respondent, { exact: true }),
    at: ZonedDateTime,
    answers: Schema.Struct(fields)
  }).annotations({ identifier: `SurveyResponse(${form.id})` })
}

/**
 * Decodes a response to a form from JSON, reporting every problem with its path and the item's label.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeResponse = (form: Form): ((input: unknown) => Either.Either<Response, DecodeProblem.InvalidInput>) =>
  DecodeProblem.decoder(`response to ${form.id}`, responseSchema(form))

/**
 * The score of one item.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ItemResult = Schema.Union(
  Schema.TaggedStruct("Scored", { item: ItemId, label: Label.Label, score: Schema.Int }),
  Schema.TaggedStruct("Skipped", {
    item: ItemId,
    label: Label.Label,
    reason: Schema.optionalWith(Schema.String, { exact: true })
  })
).annotations({ identifier: "ItemResult" })

/**
 * @since 0.1.0
 * @category models
 */
export type ItemResult = typeof ItemResult.Type

/**
 * A scored survey: each item's score or skip, the total of the scored items against their maximum,
 * the average, the lowest and highest scores (none of these when every item was skipped).
 *
 * @since 0.1.0
 * @category schemas
 */
export const SurveyResult = Schema.Struct({
  engagementId: Schema.String,
  form: Schema.Struct({ id: Schema.String, version: Schema.String }),
  at: ZonedDateTime,
  respondent: Schema.optionalWith(Respondent, { exact: true }),
  scale: Schema.Int,
  items: Schema.Array(ItemResult),
  answered: Schema.Int,
  skipped: Schema.Int,
  total: Schema.Int,
  /** The answered items' reference points added up (answered × scale). */
  maximum: Schema.Int,
  average: Schema.optionalWith(Schema.Number, { exact: true }),
  lowest: Schema.optionalWith(Schema.Int, { exact: true }),
  highest: Schema.optionalWith(Schema.Int, { exact: true })
}).annotations({ identifier: "SurveyResult" })

/**
 * @since 0.1.0
 * @category models
 */
export interface SurveyResult extends Schema.Schema.Type<typeof SurveyResult> {}

/**
 * Scores a response on its form: validates it (every item answered or skipped, integers in range, no
 * item off the form) and adds it up.
 *
 * @since 0.1.0
 * @category scoring
 */
export const score = (form: Form, response: Response): Either.Either<SurveyResult, DecodeProblem.InvalidInput> => {
  const schema = responseSchema(form)
  return Schema.validateEither(schema)(response, { errors: "all", onExcessProperty: "error" }).pipe(
    Either.mapLeft((e) => DecodeProblem.fromParseError(`response to ${form.id}`, Schema.typeSchema(schema), e)),
    Either.map((valid) => {
      const items: Array<ItemResult> = []
      let total = 0
      let answered = 0
      let lowest: number | undefined
      let highest: number | undefined
      for (const item of form.items) {
        const answer = valid.answers[item.id]
        if (typeof answer === "number") {
          items.push({ _tag: "Scored", item: item.id, label: item.label, score: answer })
          total += answer
          answered++
          lowest = lowest === undefined ? answer : Math.min(lowest, answer)
          highest = highest === undefined ? answer : Math.max(highest, answer)
        } else {
          items.push({
            _tag: "Skipped",
            item: item.id,
            label: item.label,
            ...(answer?.reason !== undefined ? { reason: answer.reason } : {})
          })
        }
      }
      return {
        engagementId: valid.engagementId,
        form: { id: form.id, version: form.version },
        at: valid.at,
        ...(valid.respondent !== undefined ? { respondent: valid.respondent } : {}),
        scale: form.scale,
        items,
        answered,
        skipped: form.items.length - answered,
        total,
        maximum: answered * form.scale,
        ...(answered > 0 ? { average: total / answered } : {}),
        ...(lowest !== undefined ? { lowest } : {}),
        ...(highest !== undefined ? { highest } : {})
      }
    })
  )
}

/**
 * When a survey is low: any item scored below `itemBelow`, or the average below `averageBelow`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Threshold = Schema.Struct({
  itemBelow: Schema.NonNegative,
  averageBelow: Schema.NonNegative
}).annotations({ identifier: "SurveyThreshold" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Threshold extends Schema.Schema.Type<typeof Threshold> {}

/**
 * liaison's default (not the seed's, which names no threshold): an item below 6 or an average below 7.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultThreshold: Threshold = { itemBelow: 6, averageBelow: 7 }

/**
 * Why a survey is low.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LowScore = Schema.Union(
  Schema.TaggedStruct("ItemBelow", { item: ItemId, label: Label.Label, score: Schema.Int, threshold: Schema.Number }),
  Schema.TaggedStruct("AverageBelow", { average: Schema.Number, threshold: Schema.Number })
).annotations({ identifier: "LowScore" })

/**
 * @since 0.1.0
 * @category models
 */
export type LowScore = typeof LowScore.Type

/**
 * The reasons a survey is low (none when it is not): each item below the item threshold, then the
 * average below the average threshold.
 *
 * @since 0.1.0
 * @category assessment
 */
export const assess = (result: SurveyResult, threshold: Threshold = defaultThreshold): ReadonlyArray<LowScore> => {
  const out: Array<LowScore> = []
  for (const item of result.items) {
    if (item._tag === "Scored" && item.score < threshold.itemBelow) {
      out.push({
        _tag: "ItemBelow",
        item: item.item,
        label: item.label,
        score: item.score,
        threshold: threshold.itemBelow
      })
    }
  }
  if (result.average !== undefined && result.average < threshold.averageBelow) {
    out.push({ _tag: "AverageBelow", average: result.average, threshold: threshold.averageBelow })
  }
  return out
}

/**
 * The follow-up a low survey opens (满意度回访): the admin department calls the client back about what
 * scored low, by 2 working days after the survey (liaison's default; a host passes its own rule).
 *
 * @since 0.1.0
 * @category follow-ups
 */
export const lowScoreFollowUp: FollowUp.FollowUp = {
  kind: "survey-follow-up",
  name: Label.make("满意度低分回访", "Follow up a low satisfaction score"),
  ownerRole: ProcedureCatalog.roles.adminDepartment.id,
  rule: Deadline.point(Deadline.named(FollowUp.anchors.surveyCompleted), Deadline.after(2, "workingDays"), {
    id: "survey-follow-up"
  }),
  channels: ["phone"],
  artefacts: ["report"],
  source: "liaison default (seed 001 五(三) asks for a summary naming shortcomings; the threshold is not in the seeds)"
}

/**
 * A follow-up opened by a low survey: the follow-up (its `work` names what scored low), the anchor
 * value it needs, and the reasons.
 *
 * @since 0.1.0
 * @category models
 */
export interface OpenedFollowUp {
  readonly followUp: FollowUp.FollowUp
  /** `surveyCompleted`: pass these to {@link FollowUp.make} with the engagement's moments. */
  readonly anchors: Readonly<Record<string, DateTime.Zoned>>
  readonly reasons: ReadonlyArray<LowScore>
}

const formatAverage = (n: number): string => String(Math.round(n * 100) / 100)

const describeReasons = (reasons: ReadonlyArray<LowScore>, scale: number): Label.Label => {
  const zh = reasons.map((r) =>
    r._tag === "ItemBelow"
      ? `${r.label["zh-CN"]} ${r.score}/${scale}（低于 ${r.threshold}）`
      : `平均分 ${formatAverage(r.average)}（低于 ${r.threshold}）`
  )
  const en = reasons.map((r) =>
    r._tag === "ItemBelow"
      ? `${r.label.en} ${r.score}/${scale} (below ${r.threshold})`
      : `average ${formatAverage(r.average)} (below ${r.threshold})`
  )
  return Label.make(`就低分项回访客户：${zh.join("；")}`, `Call the client back about: ${en.join("; ")}`)
}

/**
 * The follow-up a survey opens, if it is low (see {@link assess}); none otherwise.
 *
 * @since 0.1.0
 * @category follow-ups
 */
export const followUpOf = (
  result: SurveyResult,
  options?: { readonly threshold?: Threshold; readonly followUp?: FollowUp.FollowUp }
): Option.Option<OpenedFollowUp> => {
  const reasons = assess(result, options?.threshold)
  if (reasons.length === 0) return Option.none()
  const base = options?.followUp ?? lowScoreFollowUp
  return Option.some({
    followUp: { ...base, work: describeReasons(reasons, result.scale) },
    anchors: { [FollowUp.anchors.surveyCompleted]: result.at },
    reasons
  })
}
