/**
 * `liaison tick` and `liaison outbox …`: reminders and delivery from cron; parked messages (发件箱).
 *
 * `tick` runs one `Reminders.tick` over the engagements stored in `--db` — due-soon reminders,
 * overdue notices, escalations, digests, each written once whatever how often it runs — and, with
 * `--dispatch`, one dispatcher pass: batches of due messages delivered through the console (the
 * default), a signed webhook (`--webhook url --secret s`) or SMTP (`--smtp host:port --from addr`),
 * until a batch comes back short. A message that fails is retried later with backoff, or parked
 * with its reason after too many failures: both are answers, not failures, so `tick` exits 0 unless
 * the database or the directory cannot be used. Run it every minute from cron.
 *
 * `outbox parked` lists the parked messages with their reasons; `outbox retry <id>` sends one again.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as SqlClient from "@effect/sql/SqlClient"
import {
  BusinessCalendar,
  Directory,
  Dispatcher,
  LocalDate,
  type Notification,
  Notifier,
  Outbox,
  Reminders
} from "@liaison/core"
import { SmtpNotifier, WebhookNotifier } from "@liaison/notify"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { loadCatalog } from "./internal/catalog.js"
import { loadCalendar } from "./internal/inputs.js"
import * as Opt from "./internal/options.js"
import { Conflict, NotFound, type Problem } from "./internal/problem.js"
import { respond } from "./internal/respond.js"
import * as Store from "./internal/store.js"
import { table } from "./internal/text.js"

// ---------------------------------------------------------------------------------------------
// Notifiers
// ---------------------------------------------------------------------------------------------

/** Where `--dispatch` delivers, and on which channel messages are rendered for it. */
interface Delivery {
  readonly name: string
  readonly channel: Notification.Channel
  readonly layer: Layer.Layer<Notifier.Notifier>
}

/**
 * The console notifier: each notification as the core formats it, on stdout; with `--json` on
 * stderr, so that stdout holds the one JSON report.
 */
const consoleDelivery = (json: boolean): Delivery => ({
  name: "console",
  channel: "console",
  layer: Layer.succeed(
    Notifier.Notifier,
    Notifier.Notifier.of({
      send: (notification) => {
        const text = Notifier.formatForConsole(notification)
        return json ? Console.error(text) : Console.log(text)
      }
    })
  )
})

const invalid = (argument: string, message: string) =>
  new BusinessCalendar.InvalidArgument({ argument, message: `${argument}: ${message}` })

interface NotifierArgs {
  readonly json: boolean
  readonly webhook: Option.Option<string>
  readonly secret: Option.Option<string>
  readonly smtp: Option.Option<string>
  readonly from: Option.Option<string>
  readonly smtpUser: Option.Option<string>
  readonly smtpPassword: Option.Option<string>
  readonly smtpTls: boolean
}

/** The notifier the options choose: a webhook, SMTP, or the console. */
const deliveryOf = (args: NotifierArgs): Effect.Effect<Delivery, BusinessCalendar.InvalidArgument> => {
  if (Option.isSome(args.webhook) && Option.isSome(args.smtp)) {
    return Effect.fail(invalid("--webhook", "give --webhook or --smtp, not both"))
  }
  if (Option.isSome(args.webhook)) {
    const url = args.webhook.value
    if (!/^https?:\/\/\S+$/.test(url)) return Effect.fail(invalid("--webhook", `expected an http(s) URL, got ${url}`))
    if (Option.isNone(args.secret)) {
      return Effect.fail(invalid("--secret", "a webhook needs the secret its requests are signed with"))
    }
    return Effect.succeed({
      name: `webhook ${url}`,
      channel: "webhook",
      layer: WebhookNotifier.layer({ url, secret: Redacted.make(args.secret.value) })
    })
  }
  if (Option.isSome(args.smtp)) {
    const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(args.smtp.value)
    const port = m === null ? Number.NaN : Number(m[2])
    if (m === null || !(port > 0 && port < 65536)) {
      return Effect.fail(invalid("--smtp", `expected host:port, got ${args.smtp.value}`))
    }
    if (Option.isNone(args.from)) return Effect.fail(invalid("--from", "SMTP needs the sender's address"))
    const host = (m[1] ?? "").replace(/^\[|\]$/g, "")
    return Effect.succeed({
      name: `smtp ${host}:${port}`,
      channel: "email",
      layer: SmtpNotifier.layer({
        host,
        port,
        from: args.from.value,
        ...(args.smtpTls ? { secure: true } : {}),
        ...(Option.isSome(args.smtpUser)
          ? { auth: { user: args.smtpUser.value, pass: Redacted.make(Option.getOrElse(args.smtpPassword, () => "")) } }
          : {})
      })
    })
  }
  return Effect.succeed(consoleDelivery(args.json))
}

// ---------------------------------------------------------------------------------------------
// liaison tick
// ---------------------------------------------------------------------------------------------

/** `--now`: an ISO-8601 instant with its offset. */
const instantOf = (text: string): Effect.Effect<DateTime.Utc, BusinessCalendar.InvalidArgument> => {
  // The day must exist and the hour be 0–23: DateTime.make (Date) reads 30 February as 2 March.
  const made =
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text) &&
    !Number.isNaN(LocalDate.toEpochDay(text.slice(0, 10))) &&
    Number(text.slice(11, 13)) <= 23
      ? DateTime.make(text)
      : Option.none()
  return Option.match(made, {
    onNone: () =>
      Effect.fail(
        invalid("--now", `expected an ISO-8601 instant with its offset (2026-03-02T09:00:00+08:00), got ${text}`)
      ),
    onSome: Effect.succeed
  })
}

/** What the dispatcher passes added up. */
interface Dispatched extends Dispatcher.Report {
  readonly batches: number
}

/**
 * `liaison tick --db … --directory … [--now …] [--dispatch …]`: `{"at", "tick": {"engagements",
 * "due", "written": [ids]}, "dispatch"?: {"notifier", "claimed", "delivered", "retried", "parked",
 * "leaseLost", "unrecorded", "batches"}}`.
 *
 * @since 0.1.0
 * @category commands
 */
export const tick = Command.make(
  "tick",
  {
    ...Store.database,
    directory: Store.directory,
    calendar: Opt.calendar,
    calendarFile: Opt.calendarFile,
    notices: Opt.noticeFileOnly,
    procedureFiles: Store.policy.procedureFiles,
    access: Store.policy.access,
    now: Options.text("now").pipe(
      Options.withPseudoName("instant"),
      Options.withDescription(
        "Judge the reminders at this moment, an ISO-8601 instant with offset (default: the clock); delivery runs on the clock."
      ),
      Options.optional
    ),
    dispatch: Options.boolean("dispatch").pipe(
      Options.withDescription("Then deliver the due outbox messages: batches until one comes back short.")
    ),
    webhook: Options.text("webhook").pipe(
      Options.withPseudoName("url"),
      Options.withDescription("Deliver as signed JSON requests (HMAC-SHA256) to this URL, instead of the console."),
      Options.optional
    ),
    secret: Options.text("secret").pipe(
      Options.withDescription("The webhook's signing secret. Default: $LIAISON_WEBHOOK_SECRET."),
      Options.withFallbackConfig(Config.string("LIAISON_WEBHOOK_SECRET")),
      Options.optional
    ),
    smtp: Options.text("smtp").pipe(
      Options.withPseudoName("host:port"),
      Options.withDescription("Deliver as e-mail through this SMTP server, instead of the console."),
      Options.optional
    ),
    from: Options.text("from").pipe(
      Options.withPseudoName("address"),
      Options.withDescription("The sender of the e-mails (with --smtp)."),
      Options.optional
    ),
    smtpUser: Options.text("smtp-user").pipe(
      Options.withDescription(
        "Log in to the SMTP server as this user; the password comes from $LIAISON_SMTP_PASSWORD."
      ),
      Options.optional
    ),
    smtpTls: Options.boolean("smtp-tls").pipe(
      Options.withDescription(
        "Connect to the SMTP server over TLS from the start (port 465); otherwise STARTTLS when offered."
      )
    ),
    worker: Options.text("worker").pipe(
      Options.withPseudoName("id"),
      Options.withDescription(
        "The dispatcher's worker id in its leases (default liaison-cli-<pid>); unique per running worker."
      ),
      Options.optional
    ),
    batchSize: Options.integer("batch-size").pipe(
      Options.withDescription("Messages leased at once (default 100)."),
      Options.withDefault(100)
    ),
    json: Opt.json
  },
  (args) =>
    respond(
      args.json,
      Effect.gen(function* () {
        const at = Option.isSome(args.now) ? Option.some(yield* instantOf(args.now.value)) : Option.none()
        if (args.batchSize < 1)
          return yield* invalid("--batch-size", `expected a positive number, got ${args.batchSize}`)
        const smtpPassword = yield* Effect.orElseSucceed(Config.option(Config.string("LIAISON_SMTP_PASSWORD")), () =>
          Option.none<string>()
        )
        const delivery = yield* deliveryOf({ ...args, smtpPassword })
        const people = yield* Store.loadPeople(args.directory)
        const calendar = yield* loadCalendar(args)
        const catalog = yield* loadCatalog(args.procedureFiles)
        const settings: Reminders.Settings = {
          calendar,
          procedures: new Map([...catalog.values()].map((e) => [e.procedure.id, e.procedure] as const))
        }
        // Who may read a confidential engagement's notices unredacted: the host's access policy.
        const access = yield* Store.loadAccess(args.access)
        const workerId = Option.getOrElse(args.worker, () => `liaison-cli-${process.pid}`)
        const work = Effect.gen(function* () {
          const moment = Option.isSome(at) ? at.value : yield* DateTime.now
          const ticked = yield* Reminders.tick(settings, moment)
          let dispatched: Option.Option<Dispatched> = Option.none()
          if (args.dispatch) {
            const sql = yield* SqlClient.SqlClient
            const total = { claimed: 0, delivered: 0, retried: 0, parked: 0, leaseLost: 0, unrecorded: 0, batches: 0 }
            let report: Dispatcher.Report
            do {
              report = yield* Dispatcher.runOnce({
                workerId,
                batchSize: args.batchSize,
                channels: [delivery.channel],
                render: { access },
                transaction: sql.withTransaction
              }).pipe(Effect.provide(delivery.layer))
              total.batches++
              for (const k of ["claimed", "delivered", "retried", "parked", "leaseLost", "unrecorded"] as const)
                total[k] += report[k]
            } while (report.claimed === args.batchSize)
            dispatched = Option.some(total)
          }
          return { moment, ticked, dispatched }
        })
        const { dispatched, moment, ticked } = yield* work.pipe(
          Effect.provide(Layer.merge(Store.storage(args), Directory.layerMemory(people))),
          // The dispatcher logs each message it parks; the report counts them and `outbox parked`
          // lists them with their reasons, so the log lines would only repeat it (and on stdout).
          Logger.withMinimumLogLevel(LogLevel.Error)
        )
        const when = DateTime.formatIsoOffset(DateTime.setZone(moment, calendar.zone))
        return {
          json: {
            at: when,
            tick: { engagements: ticked.engagements, due: ticked.due, written: ticked.written },
            ...Option.match(dispatched, {
              onNone: () => ({}),
              onSome: (d) => ({ dispatch: { notifier: delivery.name, ...d } })
            })
          },
          text: [
            `tick ${when}: ${ticked.engagements} engagement(s), ${ticked.due} reminder(s) due, ${ticked.written.length} written${ticked.written.length > 0 ? ":" : "."}`,
            ...ticked.written.map((id) => `  ${id}`),
            ...Option.match(dispatched, {
              onNone: () => [],
              onSome: (d) => [
                `dispatch through ${delivery.name}: ${d.claimed} claimed, ${d.delivered} delivered, ${d.retried} to retry, ${d.parked} parked${d.leaseLost + d.unrecorded > 0 ? `, ${d.leaseLost} lease lost, ${d.unrecorded} unrecorded` : ""} (${d.batches} batch${d.batches === 1 ? "" : "es"})${d.parked > 0 ? "; see liaison outbox parked" : ""}`
              ]
            })
          ]
        }
      })
    )
).pipe(
  Command.withDescription(
    "One reminder pass over the stored engagements (for cron) and, with --dispatch, one delivery pass over the outbox."
  )
)

// ---------------------------------------------------------------------------------------------
// liaison outbox
// ---------------------------------------------------------------------------------------------

const withOutbox = <A>(
  args: Store.DatabaseArgs,
  use: (outbox: Outbox.Outbox["Type"]) => Effect.Effect<A, Problem>
): Effect.Effect<A, Problem> => Effect.flatMap(Outbox.Outbox, use).pipe(Effect.provide(Store.storage(args)))

const trackedJson = (t: Outbox.Tracked) => ({
  id: t.message.id,
  template: t.message.template,
  engagementId: t.message.engagementId,
  recipients: t.message.recipients,
  createdAt: DateTime.formatIsoOffset(t.message.createdAt),
  status: t.delivery.status,
  attempts: t.delivery.attempts,
  ...(t.delivery.lastError !== undefined ? { lastError: t.delivery.lastError } : {})
})

/**
 * `liaison outbox parked --db …`: `{"parked": [{"id", "template", "engagementId", "recipients",
 * "createdAt", "status", "attempts", "lastError"}]}`.
 *
 * @since 0.1.0
 * @category commands
 */
export const parked = Command.make(
  "parked",
  {
    ...Store.database,
    limit: Options.integer("limit").pipe(
      Options.withDescription("At most this many (default 100)."),
      Options.withDefault(100)
    ),
    json: Opt.json
  },
  (args) =>
    respond(
      args.json,
      withOutbox(args, (outbox) =>
        Effect.map(outbox.parked({ limit: Math.max(1, args.limit) }), (list) => ({
          json: { parked: list.map(trackedJson) },
          text:
            list.length === 0
              ? ["No parked messages."]
              : [
                  `${list.length} parked message(s):`,
                  ...table(
                    list.map((t) => [t.message.id, `${t.delivery.attempts} attempt(s)`, t.delivery.lastError ?? ""])
                  ).map((l) => `  ${l}`)
                ]
        }))
      )
    )
).pipe(Command.withDescription("Lists the parked messages of the outbox, with why each was parked."))

/**
 * `liaison outbox retry <message-id> --db …`: `{"retried": {…the message, now pending}}`; exit 4 for
 * an unknown id, 6 for a message that is not parked.
 *
 * @since 0.1.0
 * @category commands
 */
export const retry = Command.make(
  "retry",
  {
    id: Args.text({ name: "message-id" }).pipe(Args.withDescription("The parked message's id (its idempotency key).")),
    ...Store.database,
    json: Opt.json
  },
  (args) =>
    respond(
      args.json,
      withOutbox(args, (outbox) =>
        Effect.gen(function* () {
          const before = yield* outbox.get(args.id)
          if (before === undefined) return yield* new NotFound({ what: "message", id: args.id })
          if (!(yield* outbox.retry(args.id))) {
            return yield* new Conflict({
              id: args.id,
              detail: `message ${args.id} is ${before.delivery.status}, not parked: only a parked message is sent again`
            })
          }
          const after = yield* outbox.get(args.id)
          return {
            json: { retried: trackedJson(after ?? before) },
            text: [
              `${args.id}: pending again, attempts reset (was parked: ${before.delivery.lastError ?? "no reason recorded"}).`
            ]
          }
        })
      )
    )
).pipe(Command.withDescription("Sends a parked message again: pending, with its attempts reset."))

/**
 * `liaison outbox …`: the operator's view of the outbox.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("outbox").pipe(
  Command.withDescription("The outbox (发件箱): parked messages, and sending one again."),
  Command.withSubcommands([parked, retry])
)
