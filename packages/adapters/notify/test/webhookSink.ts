/**
 * A webhook receiver on 127.0.0.1, written as a host's receiver would be and independently of the
 * notifier's code: it checks the HMAC-SHA256 signature over `<timestamp>.<body>` with its own
 * `node:crypto` calls, refuses a timestamp more than five minutes off, and drops a repeated
 * idempotency key, answering 200 `{"duplicate":true}` so that the sender counts it as delivered.
 *
 * Batches (`WebhookNotifier.layerBatched`) go to `batchUrl` (the same path and `/batch`): the same
 * checks over the whole body, then each item of `{"notifications":[…]}` deduped by its own key and
 * answered in `{"results":[{"idempotencyKey","status","reason"?}]}`.
 *
 * Used by the webhook tests, the crash test and the benchmark.
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

export interface Received {
  readonly key: string
  readonly timestamp: string
  readonly body: string
}

export interface Sink {
  readonly url: string
  /** Where batches go. */
  readonly batchUrl: string
  readonly port: number
  /** The item keys of each batch that passed the checks, in order. */
  readonly batches: Array<ReadonlyArray<string>>
  /** Requests accepted for the first time, in order. */
  readonly accepted: Array<Received>
  /** Every request that passed the checks, duplicates included, by key. */
  readonly deliveries: Array<string>
  /** Requests refused, with the reason. */
  readonly refused: Array<{ readonly status: number; readonly reason: string; readonly key: string | undefined }>
  /** The next `n` requests are answered with `status` before any check (a receiver in trouble). */
  failNext(n: number, status: number): void
  /** Batch items for which `reason` gives a text are answered `rejected` with it (and not accepted). */
  rejectItems(reason: (key: string) => string | undefined): void
  close(): Promise<void>
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** The receiver's own check of a signature (constant-time compare). */
const signedBy = (secret: string, timestamp: string, body: string, signature: string): boolean => {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`)
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

export const startSink = (options: {
  readonly secret: string
  readonly toleranceMs?: number
  readonly port?: number
  /** Called with each first delivery (e.g. to write it to a file the crash test reads). */
  readonly onAccepted?: (received: Received) => void
}): Promise<Sink> =>
  new Promise((resolve, reject) => {
    const seen = new Set<string>()
    const accepted: Array<Received> = []
    const deliveries: Array<string> = []
    const refused: Array<{ status: number; reason: string; key: string | undefined }> = []
    const batches: Array<ReadonlyArray<string>> = []
    let failures: { n: number; status: number } = { n: 0, status: 503 }
    let rejection: (key: string) => string | undefined = () => undefined
    const answer = (res: ServerResponse, status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" })
      res.end(JSON.stringify(body))
    }
    const server: Server = createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8")
        const key = header(req, "idempotency-key")
        const refuse = (status: number, reason: string) => {
          refused.push({ status, reason, key })
          answer(res, status, { error: reason })
        }
        if (failures.n > 0) {
          failures = { ...failures, n: failures.n - 1 }
          return refuse(failures.status, "failing on purpose")
        }
        if (req.method !== "POST") return refuse(405, "method")
        const timestamp = header(req, "x-liaison-timestamp")
        const signature = header(req, "x-liaison-signature")
        if (req.url === "/hooks/liaison/batch") {
          if (timestamp === undefined || signature === undefined) return refuse(400, "missing headers")
          if (!signedBy(options.secret, timestamp, body, signature)) return refuse(401, "bad signature")
          if (Math.abs(Date.now() - Number(timestamp) * 1000) > (options.toleranceMs ?? 300_000)) {
            return refuse(401, "stale timestamp")
          }
          let items: unknown
          try {
            items = (JSON.parse(body) as { notifications?: unknown }).notifications
          } catch {
            return refuse(400, "not JSON")
          }
          if (!Array.isArray(items)) return refuse(400, "no notifications")
          const keys = items.map((i: { idempotencyKey?: unknown }) => i?.idempotencyKey)
          if (keys.some((k) => typeof k !== "string" || k.length === 0)) return refuse(400, "an item without a key")
          batches.push(keys as Array<string>)
          const results = (items as Array<{ idempotencyKey: string }>).map((item) => {
            const itemKey = item.idempotencyKey
            const reason = rejection(itemKey)
            if (reason !== undefined) return { idempotencyKey: itemKey, status: "rejected", reason }
            deliveries.push(itemKey)
            if (seen.has(itemKey)) return { idempotencyKey: itemKey, status: "duplicate" }
            seen.add(itemKey)
            const received = { key: itemKey, timestamp, body: JSON.stringify(item) }
            accepted.push(received)
            options.onAccepted?.(received)
            return { idempotencyKey: itemKey, status: "accepted" }
          })
          return answer(res, 200, { results })
        }
        if (key === undefined || timestamp === undefined || signature === undefined)
          return refuse(400, "missing headers")
        const expected = Buffer.from(
          `sha256=${createHmac("sha256", options.secret).update(`${timestamp}.${body}`).digest("hex")}`
        )
        const given = Buffer.from(signature)
        if (expected.length !== given.length || !timingSafeEqual(expected, given)) return refuse(401, "bad signature")
        if (Math.abs(Date.now() - Number(timestamp) * 1000) > (options.toleranceMs ?? 300_000)) {
          return refuse(401, "stale timestamp")
        }
        deliveries.push(key)
        if (seen.has(key)) return answer(res, 200, { duplicate: true })
        seen.add(key)
        const received = { key, timestamp, body }
        accepted.push(received)
        options.onAccepted?.(received)
        answer(res, 200, { ok: true })
      })
    })
    server.on("error", reject)
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port
      resolve({
        url: `http://127.0.0.1:${port}/hooks/liaison`,
        batchUrl: `http://127.0.0.1:${port}/hooks/liaison/batch`,
        port,
        batches,
        accepted,
        deliveries,
        refused,
        failNext: (n, status) => {
          failures = { n, status }
        },
        rejectItems: (reason) => {
          rejection = reason
        },
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
