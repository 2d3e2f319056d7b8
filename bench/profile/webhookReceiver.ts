/**
 * The benchmark's webhook receiver (`packages/adapters/notify/test/webhookSink.ts`) alone in a
 * process, for profiling the dispatcher against it: prints its URL, and the count it accepted
 * when stopped with SIGINT / SIGTERM.
 *
 *   npx tsx bench/profile/webhookReceiver.ts [--port 8787] [--secret bench-secret]
 */
import { parseArgs } from "node:util"
import { startSink } from "../../packages/adapters/notify/test/webhookSink.js"

const { values } = parseArgs({
  options: { port: { type: "string", default: "0" }, secret: { type: "string", default: "bench-secret" } }
})
const sink = await startSink({ secret: values.secret, port: Number(values.port) })
console.log(sink.url)
const stop = async () => {
  console.log(`accepted ${sink.accepted.length}, deliveries ${sink.deliveries.length}, refused ${sink.refused.length}`)
  await sink.close()
  process.exit(0)
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
