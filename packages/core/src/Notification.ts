/**
 * Notifications (通知): outbox messages rendered for their recipients, in zh-CN and English.
 *
 * A notification has its recipients resolved to people, a channel, a template, the text in zh-CN
 * and English, and the idempotency key a receiver drops repeats by.
 *
 * Templates are data ({@link templates}): a subject and a body per language with `{placeholders}`
 * filled from the message's payload, the engagement and the procedure. A line whose placeholder has
 * no value is left out, so one template serves messages with and without, say, a due date. A host
 * replaces any template with its own wording.
 *
 * A confidential (保密) engagement reaches a recipient without clearance redacted, as
 * `Engagement.redactFor` shows it: its title, counterpart and every free text of the payload become
 * `［保密 confidential］`. Recipients with clearance and those without get separate notifications,
 * with separate idempotency keys, so that no redacted recipient receives the cleared text.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Directory from "./Directory.js"
import * as Engagement from "./Engagement.js"
import * as Label from "./Label.js"
import * as Outbox from "./Outbox.js"
import { personal } from "./PersonalData.js"
import type * as Procedure from "./Procedure.js"
import * as ProcedureCatalog from "./ProcedureCatalog.js"
import * as Role from "./Role.js"
import { ZonedDateTime } from "./ZonedDateTime.js"

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

/**
 * The templates: one per kind of outbox message, the daily digest included.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TemplateId = Outbox.Template

/**
 * @since 0.1.0
 * @category models
 */
export type TemplateId = typeof TemplateId.Type

/**
 * How a notification travels. A host's notifier may serve several (see `Notifier.byChannel`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Channel = Schema.Literal("email", "webhook", "sms", "console")

/**
 * @since 0.1.0
 * @category models
 */
export type Channel = typeof Channel.Type

/**
 * Someone a notification reaches: a member of staff from the host's directory, or a guest named in
 * the message (thanks, the post-visit message).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Recipient = Schema.Struct({
  kind: Schema.Literal("staff", "guest"),
  id: Schema.String,
  name: Schema.String,
  email: Schema.optionalWith(Schema.String, { exact: true }),
  phone: Schema.optionalWith(Schema.String, { exact: true })
}).annotations({ identifier: "Recipient" })

/**
 * @since 0.1.0
 * @category models
 */
export type Recipient = typeof Recipient.Type

/**
 * A subject and a body in one language.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Content = Schema.Struct({ subject: Schema.String, body: Schema.String })

/**
 * @since 0.1.0
 * @category models
 */
export type Content = typeof Content.Type

/**
 * A calendar entry for the notification's deadline, which the e-mail channel attaches as an ICS
 * file. The uid is the task's, so a later notice about the same task updates the same entry.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CalendarEvent = Schema.Struct({
  uid: Schema.String,
  summary: Schema.String,
  description: Schema.String,
  start: ZonedDateTime,
  end: ZonedDateTime
}).annotations({ identifier: "CalendarEvent" })

/**
 * @since 0.1.0
 * @category models
 */
export interface CalendarEvent extends Schema.Schema.Type<typeof CalendarEvent> {}

/**
 * A rendered notification.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Notification = Schema.Struct({
  /**
   * What a receiver drops repeats by: the outbox message's id, with `~redacted` for the redacted
   * audience of a confidential message. Every delivery attempt of one message carries the same key.
   */
  idempotencyKey: Schema.NonEmptyTrimmedString,
  messageId: Schema.String,
  channel: Channel,
  template: TemplateId,
  /** Absent for a digest, which spans engagements. */
  engagementId: Schema.optionalWith(Schema.String, { exact: true }),
  taskId: Schema.optionalWith(Schema.String, { exact: true }),
  recipients: Schema.Array(Recipient),
  content: Schema.Struct({ "zh-CN": Content, en: Content }),
  redacted: Schema.Boolean,
  event: Schema.optionalWith(CalendarEvent, { exact: true }),
  createdAt: ZonedDateTime
}).annotations({ identifier: "Notification" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Notification extends Schema.Schema.Type<typeof Notification> {}

/**
 * @since 0.1.0
 * @category models
 */
export type NotificationEncoded = Schema.Schema.Encoded<typeof Notification>

/**
 * A message that cannot be rendered: nobody to send it to, an engagement that is gone, a payload
 * that does not fit its template. Retrying does not help; the dispatcher parks it with this reason.
 *
 * @since 0.1.0
 * @category errors
 */
export class RenderError extends Schema.TaggedError<RenderError>()("RenderError", {
  messageId: Schema.String,
  reason: Schema.Literal("NoRecipients", "UnknownEngagement", "BadPayload"),
  message: Schema.String
}) {}

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------

/**
 * The wording of one template: subject and body per language with `{placeholders}`; a digest has
 * a line per item (`item`) under a heading per status (`sections`); `variants` replace the wording
 * by the payload's `variant` (the post-visit message differs for a customer who bought and one who
 * did not).
 *
 * @since 0.1.0
 * @category models
 */
export interface TemplateText {
  readonly subject: Label.Label
  readonly body: Label.Label
  /** A digest's line per task: `{due}`, `{task}`, `{title}`, `{taskId}`, `{status}`. */
  readonly item?: Label.Label
  /** A digest's heading over the tasks of one status, `{n}` of them; a status without tasks has none. */
  readonly sections?: Readonly<Record<DigestItem["status"], Label.Label>>
  readonly variants?: Readonly<Record<string, Omit<TemplateText, "variants">>>
}

/**
 * A wording for every template.
 *
 * @since 0.1.0
 * @category models
 */
export type Templates = { readonly [K in TemplateId]: TemplateText }

const text = (zhCN: string, en: string): Label.Label => Label.make(zhCN, en)

/**
 * The built-in wording. Placeholders: `{names}` (the recipients), `{title}`, `{counterpart}`,
 * `{eventStart}`, `{task}` (the step's name), `{taskId}`, `{due}`, `{opens}`, `{stage}`, `{owner}`
 * (the task's role), `{approverRole}`, `{role}`, `{by}`, `{amount}`, `{reason}`, `{organisation}`,
 * `{signature}`, `{contact}`, and any other text or number of the payload by its key. The digest
 * has its own: `{date}`, `{count}`, `{tasks}` (the count in words: `3 项任务`, `3 tasks`),
 * `{overdue}`, `{dueToday}`, `{dueSoon}` (counts), `{overdueItems}`, `{dueTodayItems}`,
 * `{dueSoonItems}` (a status's heading and lines, absent when it has none) and `{items}` (every
 * line).
 *
 * @since 0.1.0
 * @category templates
 */
export const templates: Templates = {
  "task-assigned": {
    subject: text("【新任务】{task}｜{title}", "New task: {task} | {title}"),
    body: text(
      "{names}，您好：\n您有一项新任务：{task}\n事项：{title}（{counterpart}）\n截止：{due}\n任务编号：{taskId}",
      "Dear {names},\nYou have a new task: {task}\nEngagement: {title} ({counterpart})\nDue: {due}\nTask: {taskId}"
    )
  },
  "due-soon": {
    subject: text("【即将到期】{task}｜{due}", "Due soon: {task} | {due}"),
    body: text(
      "{names}，您好：\n任务“{task}”将于 {due} 到期（{stage}）。\n事项：{title}（{counterpart}）\n任务编号：{taskId}",
      'Dear {names},\nThe task "{task}" is due {due} ({stage}).\nEngagement: {title} ({counterpart})\nTask: {taskId}'
    )
  },
  overdue: {
    subject: text("【已逾期】{task}｜{title}", "Overdue: {task} | {title}"),
    body: text(
      "{names}，您好：\n任务“{task}”已于 {due} 到期，尚未完成，请尽快处理。\n事项：{title}（{counterpart}）\n任务编号：{taskId}",
      'Dear {names},\nThe task "{task}" was due {due} and is not done yet: please see to it now.\nEngagement: {title} ({counterpart})\nTask: {taskId}'
    )
  },
  escalated: {
    subject: text("【升级上报】{title}｜{task}", "Escalated: {title} | {task}"),
    body: text(
      "{names}，您好：\n以下事项需要您关注：{reason}\n事项：{title}（{counterpart}）\n任务：{task}（负责：{owner}）\n截止：{due}",
      "Dear {names},\nThis needs your attention: {reason}\nEngagement: {title} ({counterpart})\nTask: {task} (owner: {owner})\nDue: {due}"
    )
  },
  "approval-needed": {
    subject: text("【待审批】{title}｜{amount}", "Approval needed: {title} | {amount}"),
    body: text(
      "{names}，您好：\n“{title}”（{counterpart}）待您以{approverRole}身份审批。\n预算：{amount}\n时间：{eventStart}",
      'Dear {names},\n"{title}" ({counterpart}) awaits your approval as {approverRole}.\nBudget: {amount}\nWhen: {eventStart}'
    )
  },
  approved: {
    subject: text("【已批准】{title}", "Approved: {title}"),
    body: text(
      "{names}，您好：\n“{title}”（{counterpart}）已由{by}（{role}）批准。\n时间：{eventStart}",
      'Dear {names},\n"{title}" ({counterpart}) was approved by {by} ({role}).\nWhen: {eventStart}'
    )
  },
  rejected: {
    subject: text("【未批准】{title}", "Rejected: {title}"),
    body: text(
      "{names}，您好：\n“{title}”（{counterpart}）未获{by}（{role}）批准，可修改后重新提交。",
      'Dear {names},\n"{title}" ({counterpart}) was rejected by {by} ({role}); it may be edited and submitted again.'
    )
  },
  cancelled: {
    subject: text("【已取消】{title}", "Cancelled: {title}"),
    body: text(
      "{names}，您好：\n“{title}”（{counterpart}）已取消。\n原因：{reason}",
      'Dear {names},\n"{title}" ({counterpart}) was cancelled.\nReason: {reason}'
    )
  },
  thanks: {
    subject: text("感谢您莅临{organisation}", "Thank you for visiting {organisation}"),
    body: text(
      "尊敬的{names}：\n感谢您于{eventDate}莅临{organisation}。如对本次接待有任何意见或建议，敬请告知，我们将不断改进。\n{signature}",
      "Dear {names},\nThank you for visiting {organisation} on {eventDate}. We would be glad to hear how we could make your next visit better.\n{signature}"
    )
  },
  "post-visit": {
    subject: text("感谢光临{organisation}", "Thank you for visiting {organisation}"),
    body: text(
      "{names}您好，感谢您今天光临{organisation}，欢迎随时再来。如需帮助请联系{contact}。",
      "Dear {names}, thank you for visiting {organisation} today; you are welcome back any time. For help, contact {contact}."
    ),
    variants: {
      bought: {
        subject: text("感谢您选购{organisation}的商品", "Thank you for your purchase at {organisation}"),
        body: text(
          "{names}您好，感谢您今天在{organisation}选购商品，我们将按约定时间送货安装。如有问题请联系{contact}。",
          "Dear {names}, thank you for your purchase at {organisation} today; we will deliver and install it as agreed. For any question, contact {contact}."
        )
      }
    }
  },
  "callback-reminder": {
    subject: text("【回访提醒】{title}", "Callback due: {title}"),
    body: text(
      "{names}，您好：\n客人已于 {opens} 返程抵达，请于 {due} 前电话回访，了解行程是否顺利及对本次接待的意见。\n事项：{title}（{counterpart}）\n任务编号：{taskId}",
      "Dear {names},\nThe guests arrived home at {opens}: please call them back by {due} to ask how the journey went and what they thought of the visit.\nEngagement: {title} ({counterpart})\nTask: {taskId}"
    )
  },
  digest: {
    subject: text("【每日待办】{date}｜{tasks}，逾期 {overdue} 项", "Daily digest {date}: {tasks}, {overdue} overdue"),
    body: text(
      "{names}，您好：\n以下是您 {date} 需要关注的任务，共 {tasks}。\n{overdueItems}\n{dueTodayItems}\n{dueSoonItems}\n逾期任务将按规定升级上报，请及时处理。",
      "Dear {names},\nYour tasks to watch on {date}: {tasks}.\n{overdueItems}\n{dueTodayItems}\n{dueSoonItems}\nOverdue tasks are escalated as the procedures require: please see to them."
    ),
    item: text("· {due}　{task}｜{title}（{taskId}）", "· {due}  {task} | {title} ({taskId})"),
    sections: {
      overdue: text("■ 已逾期（{n} 项）", "■ Overdue ({n})"),
      dueToday: text("■ 今日到期（{n} 项）", "■ Due today ({n})"),
      dueSoon: text("■ 近期到期（{n} 项）", "■ Due soon ({n})")
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Payloads of the messages liaison writes itself
// ---------------------------------------------------------------------------------------------

/**
 * A guest a thanks or post-visit message goes to.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Guest = Schema.Struct({
  name: personal(Schema.NonEmptyTrimmedString, "name"),
  email: Schema.optionalWith(personal(Schema.String, "email"), { exact: true }),
  phone: Schema.optionalWith(personal(Schema.String, "phone"), { exact: true })
}).annotations({ identifier: "Guest" })

/**
 * @since 0.1.0
 * @category models
 */
export type Guest = typeof Guest.Type

/**
 * One line of a daily digest: a task of an engagement and where it stands.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DigestItem = Schema.Struct({
  engagementId: Schema.String,
  taskId: Schema.String,
  stepId: Schema.String,
  due: Schema.String,
  status: Schema.Literal("overdue", "dueToday", "dueSoon")
}).annotations({ identifier: "DigestItem" })

/**
 * @since 0.1.0
 * @category models
 */
export type DigestItem = typeof DigestItem.Type

const DigestPayload = Schema.Struct({
  personId: Schema.String,
  date: Schema.String,
  items: Schema.Array(DigestItem)
})

const GuestsPayload = Schema.Struct({ guests: Schema.NonEmptyArray(Guest) })

/**
 * Whether an outbox message is a daily digest (its template is `digest`).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isDigest = (message: Outbox.Message): boolean => message.template === "digest"

/**
 * The template a message renders with: its own.
 *
 * @since 0.1.0
 * @category getters
 */
export const templateOf = (message: Outbox.Message): TemplateId => message.template

/**
 * A message to guests — thanks within a week (答谢) or the message after a visit (e.g. the SMS within
 * 5 minutes after a customer leaves) — with a deterministic id per engagement, template and
 * variant, so writing it twice never sends it twice.
 *
 * @since 0.1.0
 * @category constructors
 */
export const guestMessage = (
  engagement: Pick<Engagement.Engagement, "id" | "confidential" | "tier" | "ownerId">,
  at: DateTime.Zoned,
  template: "thanks" | "post-visit",
  guests: ReadonlyArray<Guest>,
  options?: {
    readonly variant?: string
    /** Staff who get a copy (the owner, say). */
    readonly copyTo?: ReadonlyArray<string>
    readonly payload?: Readonly<Record<string, string | number>>
  }
): Outbox.Message => ({
  id: `${engagement.id}/guest/${template}${options?.variant !== undefined ? `/${options.variant}` : ""}`,
  template,
  engagementId: engagement.id,
  recipients: { roles: [], personIds: [...new Set(options?.copyTo ?? [])] },
  payload: {
    ...options?.payload,
    guests: guests.map((g) => ({ ...g })),
    ...(options?.variant !== undefined ? { variant: options.variant } : {})
  },
  confidential: Engagement.isConfidential(engagement),
  createdAt: at
})

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

/**
 * What a notification says in place of what a recipient may not see.
 *
 * @since 0.1.0
 * @category redaction
 */
export const REDACTED = "［保密 confidential］"

/** Payload keys that are not free text: kept when redacting. */
const structuralKeys: ReadonlySet<string> = new Set([
  "taskId",
  "step",
  "due",
  "opens",
  "amount",
  "by",
  "role",
  "stage",
  "percent",
  "lead",
  "kind",
  "variant",
  "date",
  "count"
])

/**
 * How messages are rendered: the channel, the wording, the rules for confidential engagements and
 * what names roles and steps.
 *
 * @since 0.1.0
 * @category models
 */
export interface RenderOptions {
  readonly channel?: Channel
  /** Templates replacing the built-in wording. */
  readonly templates?: Partial<Templates>
  readonly access?: Engagement.AccessPolicy
  /** For the names of tasks' steps. Default: the built-in catalogue. */
  readonly procedures?: ReadonlyMap<string, Procedure.Procedure>
  /** For the names of roles. Default: the seed roles and those of the built-in catalogue. */
  readonly roles?: ReadonlyArray<Role.Role>
  /** The zone dates are written in. Default: Asia/Shanghai. */
  readonly zone?: DateTime.TimeZone
  /** The host organisation, as guests read it. */
  readonly organisation?: Label.Label
  readonly signature?: Label.Label
  /** Whom a guest contacts (a phone number, a name). */
  readonly contact?: string
}

/**
 * What a message is rendered with: the engagements it concerns and the staff its recipients
 * resolved to.
 *
 * @since 0.1.0
 * @category models
 */
export interface RenderInput {
  readonly message: Outbox.Message
  readonly engagements: ReadonlyMap<string, Engagement.Engagement>
  readonly staff: ReadonlyArray<Directory.Person>
}

/**
 * The engagements a message needs for rendering: its own, and for a digest those of its items.
 *
 * @since 0.1.0
 * @category getters
 */
export const engagementIdsOf = (message: Outbox.Message): ReadonlyArray<string> => {
  const ids = new Set<string>()
  if (message.engagementId !== "") ids.add(message.engagementId)
  if (isDigest(message)) {
    const decoded = Schema.decodeUnknownOption(DigestPayload)(message.payload)
    if (Option.isSome(decoded)) for (const item of decoded.value.items) ids.add(item.engagementId)
  }
  return [...ids]
}

const SHANGHAI = DateTime.zoneUnsafeMakeNamed("Asia/Shanghai")

const defaultRoles: ReadonlyArray<Role.Role> = [...Role.seedRoles, ...Object.values(ProcedureCatalog.roles)]

const pad = (n: number) => String(n).padStart(2, "0")

const instantOf = (value: unknown): DateTime.Utc | undefined => {
  if (typeof value !== "string") return undefined
  return Option.getOrUndefined(DateTime.make(value).pipe(Option.map(DateTime.toUtc)))
}

/** `2026-02-23 18:00` in the zone, or a bare date as it is. */
const formatMoment = (value: unknown, zone: DateTime.TimeZone): string | undefined => {
  if (typeof value !== "string") return undefined
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  const instant = instantOf(value)
  if (instant === undefined) return value
  const p = DateTime.toParts(DateTime.setZone(instant, zone))
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hours)}:${pad(p.minutes)}`
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g

/** What separates the parts of a subject line: `｜` in Chinese, ` | ` in English. */
const SUBJECT_PARTS = /(｜| \| )/

/** A template line read once: its texts around the placeholders' keys (`texts.length = keys.length + 1`). */
interface TemplateLine {
  readonly texts: ReadonlyArray<string>
  readonly keys: ReadonlyArray<string>
}

/**
 * Templates already read, by their text: a notification's wording is read once, not per message
 * (a batch renders the same few templates thousands of times). Bounded: a host with more wordings
 * than this starts over.
 */
const readTemplates = new Map<string, ReadonlyArray<TemplateLine>>()
const readSubjects = new Map<string, ReadonlyArray<string>>()
const TEMPLATES_KEPT = 512

const remember = <A>(cache: Map<string, A>, key: string, make: (key: string) => A): A => {
  const known = cache.get(key)
  if (known !== undefined) return known
  const made = make(key)
  if (cache.size >= TEMPLATES_KEPT) cache.clear()
  cache.set(key, made)
  return made
}

const readTemplate = (template: string): ReadonlyArray<TemplateLine> =>
  template.split("\n").map((line) => {
    const texts: Array<string> = []
    const keys: Array<string> = []
    let from = 0
    for (const m of line.matchAll(PLACEHOLDER)) {
      texts.push(line.slice(from, m.index))
      keys.push(m[1]!)
      from = m.index + m[0].length
    }
    texts.push(line.slice(from))
    return { texts, keys }
  })

/**
 * Fills a template's placeholders; a line with a placeholder that has no value (or an empty one)
 * is left out. Only the values' own keys count: `{constructor}` without a value is missing.
 *
 * @since 0.1.0
 * @category templates
 */
export const fill = (template: string, vars: Readonly<Record<string, string | undefined>>): string => {
  let out: string | undefined
  for (const line of remember(readTemplates, template, readTemplate)) {
    let filled = line.texts[0]!
    let missing = false
    for (let i = 0; i < line.keys.length; i++) {
      const key = line.keys[i]!
      const value = Object.hasOwn(vars, key) ? vars[key] : undefined
      if (value === undefined || value === "") {
        missing = true
        break
      }
      filled += value + line.texts[i + 1]!
    }
    if (!missing) out = out === undefined ? filled : `${out}\n${filled}`
  }
  return out ?? ""
}

/**
 * Fills a subject line part by part: the parts after the first (separated by `｜` or ` | `) that
 * lack a value are left out, so `Approval needed: {title} | {amount}` without an amount still says
 * `Approval needed: {title}` instead of nothing. The first part is left out only when it lacks a
 * value itself, like a line of {@link fill}.
 *
 * @since 0.1.0
 * @category templates
 */
export const fillSubject = (template: string, vars: Readonly<Record<string, string | undefined>>): string => {
  const pieces = remember(readSubjects, template, (t) => t.split(SUBJECT_PARTS))
  const first = fill(pieces[0] ?? "", vars)
  if (first === "") return ""
  let subject = first
  for (let i = 1; i + 1 < pieces.length; i += 2) {
    const part = fill(pieces[i + 1]!, vars)
    if (part !== "") subject += pieces[i]! + part
  }
  return subject
}

type Locale = Label.Locale
const locales: ReadonlyArray<Locale> = ["zh-CN", "en"]

const stageText = (payload: Outbox.Message["payload"], locale: Locale): string | undefined => {
  const zh = locale === "zh-CN"
  switch (payload.stage) {
    case "lead": {
      const n = typeof payload.lead === "number" ? payload.lead : 1
      return zh ? `提前 ${n} 个工作日提醒` : `${n} working day${n === 1 ? "" : "s"} ahead`
    }
    case "percent":
      return zh ? `时限已用 ${String(payload.percent)}%` : `${String(payload.percent)}% of the time limit used`
    case "opens":
      return zh ? "时间窗口已开始" : "its window is open"
    default:
      return undefined
  }
}

const knownReasons: ReadonlyArray<readonly [RegExp, Label.Label]> = [
  [
    /^emergency/,
    text(
      "紧急事项：已先行处置，立即报告，审批事后补办",
      "emergency: acting first, reported at once, approved afterwards"
    )
  ]
]

const digestStatus: Readonly<Record<DigestItem["status"], Label.Label>> = {
  overdue: text("已逾期", "overdue"),
  dueToday: text("今日到期", "due today"),
  dueSoon: text("即将到期", "due soon")
}

interface Audience {
  readonly redacted: boolean
  readonly staff: ReadonlyArray<Directory.Person>
}

const actorOf = (p: Directory.Person): Engagement.Actor => ({
  personId: p.id,
  name: p.name,
  roles: p.roles,
  ...(p.confidentialClearance !== undefined ? { confidentialClearance: p.confidentialClearance } : {})
})

const cleared = (access: Engagement.AccessPolicy, p: Directory.Person, e: Engagement.Engagement | undefined) =>
  e === undefined ? p.confidentialClearance === true : Engagement.canSeeConfidential(access, actorOf(p), e)

const staffRecipient = (p: Directory.Person): Recipient => ({
  kind: "staff",
  id: p.id,
  name: p.name,
  ...(p.email !== undefined ? { email: p.email } : {})
})

const guestRecipient = (g: Guest, i: number): Recipient => ({
  kind: "guest",
  id: `guest-${i + 1}`,
  name: g.name,
  ...(g.email !== undefined ? { email: g.email } : {}),
  ...(g.phone !== undefined ? { phone: g.phone } : {})
})

const joinNames = (names: ReadonlyArray<string>, locale: Locale) => names.join(locale === "zh-CN" ? "、" : ", ")

/**
 * Renders an outbox message for its recipients: one notification per audience (cleared and
 * redacted) on the channel of the options.
 *
 * @since 0.1.0
 * @category rendering
 */
export const render = (
  input: RenderInput,
  options: RenderOptions = {}
): Either.Either<ReadonlyArray<Notification>, RenderError> => renderer(options)(input)

/**
 * {@link render} with its options read once: the role names, the wording and the zone are looked
 * up when the renderer is made, not for every message (the dispatcher makes one per batch and
 * channel).
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderer = (
  options: RenderOptions = {}
): ((input: RenderInput) => Either.Either<ReadonlyArray<Notification>, RenderError>) => {
  const shared: Shared = {
    options,
    zone: options.zone ?? SHANGHAI,
    roleLabels: new Map((options.roles ?? defaultRoles).map((r) => [r.id, r.label] as const)),
    procedures: options.procedures ?? ProcedureCatalog.builtIn,
    wordings: { ...templates, ...options.templates },
    access: options.access ?? Engagement.defaultAccess
  }
  return (input) => renderWith(shared, input)
}

interface Shared extends Omit<Ctx, "wording"> {
  readonly wordings: Templates
  readonly access: Engagement.AccessPolicy
}

const renderWith = (shared: Shared, input: RenderInput): Either.Either<ReadonlyArray<Notification>, RenderError> => {
  const { options } = shared
  const { message } = input
  const template = templateOf(message)
  const fail = (reason: RenderError["reason"], text: string) =>
    Either.left(new RenderError({ messageId: message.id, reason, message: text }))
  const engagement = message.engagementId === "" ? undefined : input.engagements.get(message.engagementId)
  if (message.engagementId !== "" && engagement === undefined) {
    return fail("UnknownEngagement", `no engagement ${message.engagementId}`)
  }
  let guests: ReadonlyArray<Guest> = []
  if (template === "thanks" || template === "post-visit") {
    const decoded = Schema.decodeUnknownEither(GuestsPayload)(message.payload)
    if (Either.isLeft(decoded)) return fail("BadPayload", `a ${template} message names its guests: payload.guests`)
    guests = decoded.right.guests
  }
  let digest: typeof DigestPayload.Type | undefined
  if (template === "digest") {
    const decoded = Schema.decodeUnknownEither(DigestPayload)(message.payload)
    if (Either.isLeft(decoded)) return fail("BadPayload", "a digest lists its items: payload.items")
    digest = decoded.right
  }
  if (input.staff.length === 0 && guests.length === 0) {
    const named = [...message.recipients.roles.map((r) => `role ${r}`), ...message.recipients.personIds]
    return fail(
      "NoRecipients",
      `nobody to send ${message.id} to${named.length > 0 ? `: nobody found for ${named.join(", ")}` : ""}`
    )
  }
  const { access } = shared
  const confidential = message.confidential || (engagement !== undefined && Engagement.isConfidential(engagement))
  // Guests are parties to their own visit; staff without clearance get the redacted text.
  const audiences: Array<Audience> = []
  if (!confidential || digest !== undefined) audiences.push({ redacted: false, staff: input.staff })
  else {
    const full = input.staff.filter((p) => cleared(access, p, engagement))
    const partial = input.staff.filter((p) => !cleared(access, p, engagement))
    if (full.length > 0 || guests.length > 0) audiences.push({ redacted: false, staff: full })
    if (partial.length > 0) audiences.push({ redacted: true, staff: partial })
  }
  const ctx: Ctx = {
    options,
    zone: shared.zone,
    roleLabels: shared.roleLabels,
    procedures: shared.procedures,
    wording: shared.wordings[template]
  }
  const out: Array<Notification> = []
  for (const audience of audiences) {
    const recipients = [...(audience.redacted ? [] : guests.map(guestRecipient)), ...audience.staff.map(staffRecipient)]
    let redacted = audience.redacted
    const content = {} as Record<Locale, Content>
    for (const locale of locales) {
      const rendered =
        digest !== undefined
          ? renderDigest(ctx, input, digest, audience.staff[0], locale, access)
          : renderOne(ctx, message, engagement, recipients, audience.redacted, locale)
      redacted = redacted || rendered.redacted
      content[locale] = rendered.content
    }
    const taskId = typeof message.payload.taskId === "string" ? message.payload.taskId : undefined
    const event = eventOf(message, template, taskId, content, redacted)
    out.push({
      idempotencyKey: audience.redacted ? `${message.id}~redacted` : message.id,
      messageId: message.id,
      channel: options.channel ?? "email",
      template,
      ...(message.engagementId !== "" ? { engagementId: message.engagementId } : {}),
      ...(taskId !== undefined ? { taskId } : {}),
      recipients,
      content,
      redacted,
      ...(event !== undefined ? { event } : {}),
      createdAt: message.createdAt
    })
  }
  return Either.right(out)
}

interface Ctx {
  readonly options: RenderOptions
  readonly zone: DateTime.TimeZone
  readonly roleLabels: ReadonlyMap<string, Label.Label>
  readonly procedures: ReadonlyMap<string, Procedure.Procedure>
  readonly wording: TemplateText
}

const roleName = (ctx: Ctx, role: unknown, locale: Locale): string | undefined =>
  typeof role === "string" ? (ctx.roleLabels.get(role)?.[locale] ?? role) : undefined

const stepName = (
  ctx: Ctx,
  engagement: Engagement.Engagement | undefined,
  stepId: unknown,
  locale: Locale
): string | undefined => {
  if (typeof stepId !== "string") return undefined
  const procedure = engagement === undefined ? undefined : ctx.procedures.get(engagement.procedureId)
  return procedure?.steps.find((s) => s.id === stepId)?.name[locale] ?? stepId
}

const wordingFor = (ctx: Ctx, variant: unknown): Omit<TemplateText, "variants"> =>
  (typeof variant === "string" ? ctx.wording.variants?.[variant] : undefined) ?? ctx.wording

const renderOne = (
  ctx: Ctx,
  message: Outbox.Message,
  engagement: Engagement.Engagement | undefined,
  recipients: ReadonlyArray<Recipient>,
  redacted: boolean,
  locale: Locale
): { readonly content: Content; readonly redacted: boolean } => {
  const { payload } = message
  const vars: Record<string, string | undefined> = {}
  for (const [key, value] of Object.entries(payload)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      vars[key] = redacted && !structuralKeys.has(key) ? REDACTED : String(value)
    }
  }
  const task = engagement?.tasks.find((t) => t.id === payload.taskId)
  const stepId = payload.step ?? task?.stepId
  const reason = typeof payload.reason === "string" && !redacted ? payload.reason : undefined
  const known = reason === undefined ? undefined : knownReasons.find(([pattern]) => pattern.test(reason))
  const ownerRole = task?.ownerRole ?? payload.ownerRole
  Object.assign(vars, {
    // A message to guests is addressed to them, whoever gets a copy.
    names: joinNames(
      (recipients.some((r) => r.kind === "guest") ? recipients.filter((r) => r.kind === "guest") : recipients).map(
        (r) => r.name
      ),
      locale
    ),
    title: engagement === undefined ? undefined : redacted ? REDACTED : engagement.title,
    counterpart: engagement === undefined ? undefined : redacted ? REDACTED : engagement.counterpart,
    eventStart: formatMoment(engagement?.eventStart, ctx.zone),
    eventDate: engagement?.eventStart.slice(0, 10),
    task: stepName(ctx, engagement, stepId, locale),
    due: formatMoment(payload.due ?? task?.due, ctx.zone),
    opens: formatMoment(payload.opens, ctx.zone),
    stage: stageText(payload, locale),
    owner: roleName(ctx, ownerRole, locale),
    role: roleName(ctx, payload.role, locale),
    approverRole: roleName(ctx, message.recipients.roles[0], locale),
    reason:
      payload.kind === "overdue"
        ? locale === "zh-CN"
          ? "任务逾期未完成"
          : "a task is overdue"
        : redacted && payload.reason !== undefined
          ? REDACTED
          : (known?.[1][locale] ?? reason),
    organisation: ctx.options.organisation?.[locale] ?? (locale === "zh-CN" ? "我司" : "our company"),
    signature: ctx.options.signature?.[locale],
    contact: ctx.options.contact
  })
  const wording = wordingFor(ctx, payload.variant)
  return {
    content: { subject: fillSubject(wording.subject[locale], vars), body: fill(wording.body[locale], vars) },
    redacted
  }
}

const digestOrder: ReadonlyArray<DigestItem["status"]> = ["overdue", "dueToday", "dueSoon"]

const defaultSections: Readonly<Record<DigestItem["status"], Label.Label>> = {
  overdue: text("{status}（{n} 项）", "{status} ({n})"),
  dueToday: text("{status}（{n} 项）", "{status} ({n})"),
  dueSoon: text("{status}（{n} 项）", "{status} ({n})")
}

const tasksText = (n: number, locale: Locale) => (locale === "zh-CN" ? `${n} 项任务` : `${n} task${n === 1 ? "" : "s"}`)

const renderDigest = (
  ctx: Ctx,
  input: RenderInput,
  digest: typeof DigestPayload.Type,
  person: Directory.Person | undefined,
  locale: Locale,
  access: Engagement.AccessPolicy
): { readonly content: Content; readonly redacted: boolean } => {
  let redacted = false
  const line = ctx.wording.item?.[locale] ?? "· {due} {task} | {title} ({status})"
  const lineOf = (item: DigestItem) => {
    const e = input.engagements.get(item.engagementId)
    // A task of a confidential engagement the person may not see keeps its step and time, not its title.
    const hidden =
      e !== undefined && Engagement.isConfidential(e) && (person === undefined || !cleared(access, person, e))
    if (hidden) redacted = true
    return fill(line, {
      due: formatMoment(item.due, ctx.zone),
      task: stepName(ctx, e, item.stepId, locale),
      title: e === undefined ? item.engagementId : hidden ? REDACTED : e.title,
      status: digestStatus[item.status][locale],
      taskId: item.taskId
    })
  }
  const vars: Record<string, string | undefined> = {
    names: joinNames(
      input.staff.map((p) => p.name),
      locale
    ),
    date: digest.date,
    count: String(digest.items.length),
    tasks: tasksText(digest.items.length, locale),
    items: digest.items.map(lineOf).join("\n")
  }
  for (const status of digestOrder) {
    const items = digest.items.filter((i) => i.status === status)
    vars[status] = String(items.length)
    if (items.length === 0) continue
    const heading = (ctx.wording.sections ?? defaultSections)[status][locale]
    vars[`${status}Items`] = [
      fill(heading, { n: String(items.length), status: digestStatus[status][locale] }),
      ...items.map(lineOf)
    ].join("\n")
  }
  return {
    content: { subject: fillSubject(ctx.wording.subject[locale], vars), body: fill(ctx.wording.body[locale], vars) },
    redacted
  }
}

const eventOf = (
  message: Outbox.Message,
  template: TemplateId,
  taskId: string | undefined,
  content: Record<Locale, Content>,
  redacted: boolean
): CalendarEvent | undefined => {
  if (taskId === undefined || !["task-assigned", "due-soon", "callback-reminder"].includes(template)) return undefined
  const due = instantOf(message.payload.due)
  if (due === undefined) return undefined
  const opens = instantOf(message.payload.opens)
  const zoneOf = (d: DateTime.Utc) => DateTime.setZone(d, message.createdAt.zone)
  return {
    uid: `${taskId}${redacted ? "~redacted" : ""}@liaison`,
    summary: `${content["zh-CN"].subject} / ${content.en.subject}`,
    description: `${content["zh-CN"].body}\n\n${content.en.body}`,
    start: zoneOf(opens !== undefined && DateTime.lessThan(opens, due) ? opens : due),
    end: zoneOf(due)
  }
}
