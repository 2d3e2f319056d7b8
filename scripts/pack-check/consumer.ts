// A TypeScript app's view of the packed packages: type-checked (never run) under node16/nodenext
// from ESM and from CommonJS, under bundler resolution, and under node10. The @ts-expect-error lines
// fail the check if an import resolves to `any`.
import * as Calendars from "@liaison/calendars"
import { Cli, CliError } from "@liaison/cli"
import {
  BusinessCalendar,
  Deadline,
  type Engagement,
  EngagementRepo,
  LocalDate,
  type Notifier,
  OfficialCalendars,
  type StorageError
} from "@liaison/core"
import * as Arb from "@liaison/core/testing"
import { SmtpNotifier, WebhookNotifier } from "@liaison/notify"
import { SqliteStorage, SqlStorage } from "@liaison/sql"
import { Effect, type Either, type Layer, Redacted } from "effect"
import type * as fc from "fast-check"

const date: LocalDate.LocalDate = LocalDate.unsafeMake("2026-02-24")
const due: Either.Either<LocalDate.LocalDate, BusinessCalendar.CalendarError> = BusinessCalendar.addWorkingDays(
  OfficialCalendars.cnMainland,
  date,
  -5
)
// Deadline.Rule is both a value (its Schema) and a type: both halves must survive the declarations.
const rule: Deadline.Rule = Deadline.point(Deadline.eventStart, Deadline.before(5, "workingDays"))
const decoded = Deadline.decodeRule(JSON.parse(JSON.stringify(rule)))
const evaluation: Either.Either<Deadline.Evaluation, Deadline.EvaluationError> = Deadline.evaluate(rule, {
  calendar: OfficialCalendars.cnMainland,
  eventStart: "2026-02-24"
})

const listed: Effect.Effect<ReadonlyArray<Engagement.Engagement>, StorageError.StorageError> = Effect.flatMap(
  EngagementRepo.EngagementRepo,
  (repo) => repo.list({ status: ["submitted"] })
).pipe(Effect.provide(SqliteStorage.layer({ filename: "liaison.sqlite" })))
const migrated = SqlStorage.migrate({ tablePrefix: "crm_liaison_" })

const webhook: Layer.Layer<Notifier.Notifier> = WebhookNotifier.layer({
  url: "https://crm.example.com/hooks/liaison",
  secret: Redacted.make("secret")
})
const smtp: Layer.Layer<Notifier.Notifier> = SmtpNotifier.layer({
  host: "127.0.0.1",
  port: 2525,
  from: "liaison@example.com"
})

const outsideCoverage: 3 = CliError.exitCodes.outsideCoverage
const version: string = Cli.version
const calendarModules: object = Calendars
const calendars: fc.Arbitrary<BusinessCalendar.BusinessCalendar> = Arb.calendar()

// @ts-expect-error a plain string is not a LocalDate
BusinessCalendar.isWorkingDay(OfficialCalendars.cnMainland, "2026-02-14")
// @ts-expect-error the webhook notifier needs a secret
WebhookNotifier.layer({ url: "https://crm.example.com/hooks/liaison" })

export const all = [
  due,
  decoded,
  evaluation,
  listed,
  migrated,
  webhook,
  smtp,
  outsideCoverage,
  version,
  calendarModules,
  calendars
]
