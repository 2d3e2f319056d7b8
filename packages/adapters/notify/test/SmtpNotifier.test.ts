import { type AddressInfo, createServer } from "node:net"
import { describe, expect, it } from "@effect/vitest"
import { Notifier } from "@liaison/core"
import { SmtpNotifier } from "@liaison/notify"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser"
import nodeIcal from "node-ical"
import { SMTPServer, type SMTPServerOptions } from "smtp-server"
import { DUE, notification } from "./fixtures.js"

interface Mailbox {
  readonly port: number
  readonly received: Array<{ readonly raw: string; readonly rcpt: ReadonlyArray<string> }>
}

/** A real SMTP server on 127.0.0.1, closed with the scope. */
const smtpServer = (overrides: Partial<SMTPServerOptions> = {}) =>
  Effect.acquireRelease(
    Effect.async<{ server: SMTPServer; mailbox: Mailbox }>((resume) => {
      const received: Mailbox["received"] = []
      const server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS"],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Array<Buffer> = []
          stream.on("data", (c: Buffer) => chunks.push(c))
          stream.on("end", () => {
            received.push({
              raw: Buffer.concat(chunks).toString("utf8"),
              rcpt: session.envelope.rcptTo.map((r) => r.address)
            })
            callback()
          })
        },
        ...overrides
      })
      server.listen(0, "127.0.0.1", () => {
        const port = (server.server.address() as AddressInfo).port
        resume(Effect.succeed({ server, mailbox: { port, received } }))
      })
    }),
    ({ server }) => Effect.async<void>((resume) => server.close(() => resume(Effect.void)))
  ).pipe(Effect.map(({ mailbox }) => mailbox))

const FROM = '"接待管理 Liaison" <liaison@example.cn>'

const notifierFor = (port: number) =>
  SmtpNotifier.make({
    host: "127.0.0.1",
    port,
    secure: false,
    ignoreTLS: true,
    from: FROM,
    pool: false,
    timeout: "5 seconds"
  })

const parse = (raw: string) => Effect.promise((): Promise<ParsedMail> => simpleParser(raw))
const addresses = (a: AddressObject | ReadonlyArray<AddressObject> | undefined) =>
  (Array.isArray(a) ? a : a === undefined ? [] : [a]).flatMap((x: AddressObject) => x.value.map((v) => v.address))

describe("SmtpNotifier", () => {
  it.scoped(
    "delivers one e-mail to every recipient with an address: UTF-8 subject, both languages, the key's headers",
    () =>
      Effect.gen(function* () {
        const mailbox = yield* smtpServer()
        const notifier = yield* notifierFor(mailbox.port)
        const n = notification()
        yield* notifier.send(n)
        expect(mailbox.received).toHaveLength(1)
        const [{ raw, rcpt }] = mailbox.received as [Mailbox["received"][number]]
        expect(rcpt).toEqual(["li.na@example.cn", "wang.fang@example.cn"])
        const mail = yield* parse(raw)
        expect(mail.subject).toBe(
          "【新任务】接待定案｜华东家具集团来访 / New task: Definition | Visit of East China Furniture"
        )
        expect(raw).toMatch(/^Subject: =\?UTF-8\?/m)
        expect(addresses(mail.to)).toEqual(["li.na@example.cn", "wang.fang@example.cn"])
        expect(mail.from?.value[0]).toEqual({ name: "接待管理 Liaison", address: "liaison@example.cn" })
        expect(mail.headers.get("x-liaison-idempotency-key")).toBe(n.idempotencyKey)
        expect(mail.headers.get("x-liaison-template")).toBe("task-assigned")
        expect(mail.messageId).toBe(SmtpNotifier.messageIdOf(n.idempotencyKey))
        expect(mail.text).toContain("您有一项新任务：接待定案")
        expect(mail.text).toContain("You have a new task: Definition")
        expect(mail.text!.indexOf("您有一项新任务")).toBeLessThan(mail.text!.indexOf("You have a new task"))
      })
  )

  it.scoped("attaches the deadline as an ICS file whose times read back as the same instant", () =>
    Effect.gen(function* () {
      const mailbox = yield* smtpServer()
      const notifier = yield* notifierFor(mailbox.port)
      yield* notifier.send(notification())
      const mail = yield* parse(mailbox.received[0]!.raw)
      expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([["liaison.ics", "text/calendar"]])
      const ics = mail.attachments[0]!.content.toString("utf8")
      // 18:00 in Shanghai, written as Shanghai time with the zone defined in the file.
      expect(ics).toMatch(/^DTSTART;TZID=Asia\/Shanghai:20260303T180000\r?$/m)
      expect(ics).toContain("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai")
      expect(ics).toMatch(/^DTSTAMP:20260302T010000Z\r?$/m)
      const [entry] = Object.values(nodeIcal.sync.parseICS(ics)).filter((c) => c?.type === "VEVENT")
      expect(entry?.type === "VEVENT" && entry.start.getTime()).toBe(Date.parse(DUE))
      expect(ics).toContain("UID:E-2026-031/definition@liaison")
      expect(ics).toContain("SUMMARY:【新任务】接待定案")
      expect(ics).toContain("METHOD:PUBLISH")
    })
  )

  it("writes the same calendar whatever the host's time zone", () => {
    const before = process.env.TZ
    try {
      process.env.TZ = "America/New_York"
      const newYork = SmtpNotifier.icsOf(notification())
      process.env.TZ = "Asia/Shanghai"
      const shanghai = SmtpNotifier.icsOf(notification())
      expect(newYork).toBe(shanghai)
      expect(newYork).toContain("DTSTART;TZID=Asia/Shanghai:20260303T180000")
    } finally {
      if (before === undefined) delete process.env.TZ
      else process.env.TZ = before
    }
  })

  it.scoped("sends the same Message-ID on a second delivery of the same notification", () =>
    Effect.gen(function* () {
      const mailbox = yield* smtpServer()
      const notifier = yield* notifierFor(mailbox.port)
      yield* notifier.send(notification())
      yield* notifier.send(notification())
      const ids = yield* Effect.forEach(mailbox.received, (r) => Effect.map(parse(r.raw), (m) => m.messageId))
      expect(ids).toHaveLength(2)
      expect(ids[0]).toBe(ids[1])
      yield* notifier.send(notification("other-key"))
      const other = yield* parse(mailbox.received[2]!.raw)
      expect(other.messageId).not.toBe(ids[0])
    })
  )

  it.scoped("fails retryably when the server says try later (4xx) and for good when it refuses (5xx)", () =>
    Effect.gen(function* () {
      let answer = 451
      const mailbox = yield* smtpServer({
        onRcptTo(_address, _session, callback) {
          const error = Object.assign(new Error(answer === 451 ? "mailbox busy" : "no such user"), {
            responseCode: answer
          })
          callback(error)
        }
      })
      const notifier = yield* notifierFor(mailbox.port)
      const later = yield* Effect.either(notifier.send(notification()))
      expect(Either.isLeft(later) && later.left).toMatchObject({
        _tag: "NotifierError",
        channel: "email",
        retryable: true
      })
      answer = 550
      const never = yield* Effect.either(notifier.send(notification()))
      expect(Either.isLeft(never) && never.left).toMatchObject({ retryable: false })
      expect(Either.isLeft(never) && never.left.message).toMatch(/^550: /)
      expect(mailbox.received).toEqual([])
    })
  )

  it.scoped("fails retryably when nobody answers on the port", () =>
    Effect.gen(function* () {
      // A port that was listening a moment ago and is closed now.
      const port = yield* Effect.async<number>((resume) => {
        const probe = createServer()
        probe.listen(0, "127.0.0.1", () => {
          const { port } = probe.address() as AddressInfo
          probe.close(() => resume(Effect.succeed(port)))
        })
      })
      const notifier = yield* notifierFor(port)
      const error = yield* Effect.flip(notifier.send(notification()))
      expect(error).toMatchObject({ _tag: "NotifierError", retryable: true, channel: "email" })
      expect(error.message).toMatch(/ECONNREFUSED|connect/i)
    })
  )

  it.scoped("refuses, without connecting and for good, a notification whose recipients have no address", () =>
    Effect.gen(function* () {
      const mailbox = yield* smtpServer()
      const notifier = yield* notifierFor(mailbox.port)
      const n = { ...notification(), recipients: [{ kind: "staff" as const, id: "zhao.lei", name: "赵磊" }] }
      const error = yield* Effect.flip(notifier.send(n))
      expect(error).toEqual(
        new Notifier.NotifierError({
          channel: "email",
          idempotencyKey: n.idempotencyKey,
          retryable: false,
          message: "no e-mail address for 赵磊"
        })
      )
      expect(mailbox.received).toEqual([])
    })
  )
})
