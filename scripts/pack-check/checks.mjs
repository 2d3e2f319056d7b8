// The program the packed packages must run in a fresh app. main.mjs (an ESM app) and main.cjs (a
// CommonJS app) load the packages their own way and hand them to `run`, so that one list of checks
// covers both builds. Each check uses a package for real and compares its answer with a known one.
import assert from "node:assert/strict"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"

/**
 * @param {{ core: any, testing: any, sql: any, notify: any, cli: any, calendars: any, effect: any, fc: any }} lib
 * @param {{ format: "esm" | "cjs", resolved: Record<string, string> }} how
 */
export const run = async (lib, how) => {
  const { core, testing, sql, notify, cli, calendars, effect, fc } = lib
  const { Effect, Either, Layer, Redacted } = effect
  const { BusinessCalendar, Deadline, LocalDate, OfficialCalendars } = core
  const done = []

  // Each package was loaded from the build of this app's module format.
  const extension = how.format === "esm" ? /\.js$/ : /\.cjs$/
  for (const [name, file] of Object.entries(how.resolved)) {
    assert.match(file, extension, `${name} resolved to ${file}, not the ${how.format} build`)
    assert.ok(!file.includes("/packages/"), `${name} resolved into the repository: ${file}`)
  }
  done.push(`resolved to the ${how.format} builds`)

  // core: the official example, 5 working days before 2026-02-24 over Spring Festival is 2026-02-10.
  const calendar = OfficialCalendars.cnMainland
  const due = BusinessCalendar.addWorkingDays(calendar, LocalDate.unsafeMake("2026-02-24"), -5)
  assert.deepEqual(Either.getOrThrow(due), "2026-02-10")
  const makeUp = Either.getOrThrow(BusinessCalendar.isWorkingDay(calendar, LocalDate.unsafeMake("2026-02-14")))
  assert.equal(makeUp, true, "2026-02-14 is a make-up working day")
  const apply = Deadline.point(Deadline.eventStart, Deadline.before(5, "workingDays"), { id: "apply" })
  const evaluation = Either.getOrThrow(Deadline.evaluate(apply, { calendar, eventStart: "2026-02-24" }))
  assert.equal(evaluation.dueDate, "2026-02-10")
  assert.match(evaluation.explanation.sentence.en, /Spring Festival/)
  const beyond = BusinessCalendar.isWorkingDay(calendar, LocalDate.unsafeMake("2027-03-01"))
  assert.equal(Either.isLeft(beyond) && beyond.left._tag, "OutsideCoverage")
  done.push("core: 5 working days before 2026-02-24 is 2026-02-10")

  // core/testing: calendars drawn by the arbitraries work with the main entry's functions.
  for (const [cal, day] of fc.sample(fc.tuple(testing.calendar(), testing.localDate()), { numRuns: 20, seed: 7 })) {
    const next = Either.getOrThrow(BusinessCalendar.addWorkingDays(cal, day, 1, { beyondCoverage: "provisional" }))
    const working = Either.getOrThrow(BusinessCalendar.isWorkingDay(cal, next.value, { beyondCoverage: "provisional" }))
    assert.equal(working.value, true, `${next.value} on ${cal.id}`)
  }
  done.push("core/testing: 20 arbitrary calendars")

  // sql: a SQLite file migrated, twice (the second run has nothing to do), then read through a port.
  const dir = mkdtempSync(join(tmpdir(), `liaison-${how.format}-db-`))
  try {
    const filename = join(dir, "liaison.sqlite")
    const client = sql.SqliteStorage.layerClient({ filename })
    const first = await Effect.runPromise(Effect.provide(sql.SqlStorage.migrate(), client))
    assert.ok(first.length >= 3, `migrations applied: ${JSON.stringify(first)}`)
    const second = await Effect.runPromise(Effect.provide(sql.SqlStorage.migrate(), client))
    assert.deepEqual(second, [])
    const listed = await Effect.runPromise(
      Effect.flatMap(core.EngagementRepo.EngagementRepo, (repo) => repo.list({})).pipe(
        Effect.provide(sql.SqliteStorage.layer({ filename }))
      )
    )
    assert.deepEqual(listed, [])
    done.push(`sql: ${first.length} migrations on a SQLite file, none the second time`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }

  // notify: a signed webhook to a receiver on 127.0.0.1, verified there.
  const secret = Redacted.make("pack-check-secret")
  const received = []
  const server = createServer((request, response) => {
    let body = ""
    request.on("data", (chunk) => {
      body += chunk
    })
    request.on("end", () => {
      const verdict = notify.WebhookNotifier.verify({
        secret,
        body,
        timestamp: request.headers[notify.WebhookNotifier.headers.timestamp],
        signature: request.headers[notify.WebhookNotifier.headers.signature],
        now: Date.now()
      })
      received.push({ ok: Either.isRight(verdict), key: request.headers["idempotency-key"], body: JSON.parse(body) })
      response.writeHead(204).end()
    })
  })
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve))
  try {
    const notification = effect.Schema.decodeUnknownSync(core.Notification.Notification)({
      idempotencyKey: "pack-check#1/approved",
      messageId: "pack-check#1/approved",
      channel: "webhook",
      template: "approved",
      engagementId: "pack-check",
      recipients: [{ kind: "staff", id: "u1", name: "Li Na 李娜" }],
      content: { "zh-CN": { subject: "已批准", body: "接待已批准。" }, en: { subject: "Approved", body: "Approved." } },
      redacted: false,
      createdAt: "2026-02-09T12:00+08:00[Asia/Shanghai]"
    })
    const url = `http://127.0.0.1:${server.address().port}/hook`
    await Effect.runPromise(
      Effect.flatMap(core.Notifier.Notifier, (notifier) => notifier.send(notification)).pipe(
        Effect.provide(notify.WebhookNotifier.layer({ url, secret }))
      )
    )
    assert.equal(received.length, 1)
    assert.equal(received[0].ok, true, "the signature verifies")
    assert.equal(received[0].key, "pack-check#1/approved")
    assert.equal(received[0].body.notification.content["zh-CN"].subject, "已批准")
    done.push("notify: a signed webhook delivered and verified")
  } finally {
    server.close()
  }

  // cli: the library half (the bin is run by the script).
  assert.equal(cli.Cli.version, "0.0.0")
  assert.equal(cli.CliError.exitCodes.outsideCoverage, 3)
  done.push("cli: the command tree loads")

  // calendars: an ICS entry written in Shanghai time whatever the host's zone (ical-generator
  // writes a plain Date's host clock time as the zone's); checked once the package exports Ics.
  assert.equal(typeof calendars, "object")
  if (calendars.Ics !== undefined) {
    const start = effect.DateTime.unsafeMakeZoned(Date.UTC(2026, 1, 10, 10), { timeZone: "Asia/Shanghai" })
    const ics = Either.getOrThrow(
      calendars.Ics.fromEvents([{ uid: "pack-check/apply@liaison", summary: "Apply 申请", start }], {
        stamp: effect.DateTime.unsafeMake(Date.UTC(2026, 1, 9))
      })
    )
    assert.match(ics, /DTSTART;TZID=Asia\/Shanghai:20260210T180000/)
    done.push("calendars: an ICS entry at 18:00 Asia/Shanghai")
  } else {
    done.push(`calendars: loads (${Object.keys(calendars).length} modules, no Ics yet)`)
  }

  // Layer is used so that a missing export fails here rather than passing silently.
  assert.equal(typeof Layer.provide, "function")
  return done
}
