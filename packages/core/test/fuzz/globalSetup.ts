/**
 * The dedicated fuzz run's totals: each test file writes its counts to a shared directory, and the
 * teardown adds them up and prints the grand total, its time and the seed.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "liaison-fuzz-report-"))
  process.env.LIAISON_FUZZ_REPORT_DIR = dir
  // One fresh seed for every file of the run, so one number replays it.
  if ((process.env.LIAISON_FUZZ_SEED ?? "") === "") {
    process.env.LIAISON_FUZZ_SEED = String((Date.now() ^ (Math.random() * 0x7fffffff)) | 0)
  }
  const started = Date.now()
  return () => {
    const reports = fs.readdirSync(dir).map(
      (f) =>
        JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as {
          file: string
          seed: number
          total: number
          known: Record<string, number>
        }
    )
    const total = reports.reduce((n, r) => n + r.total, 0)
    const seeds = [...new Set(reports.map((r) => r.seed))].join(", ")
    const known = reports.flatMap((r) => Object.entries(r.known))
    console.log(
      `\nfuzz total: ${total} generated inputs in ${((Date.now() - started) / 1000).toFixed(0)} s ` +
        `(${reports.map((r) => `${r.file} ${r.total}`).join(", ")}; seed ${seeds}; replay with LIAISON_FUZZ_SEED=${seeds} npm run fuzz)`
    )
    for (const [what, count] of known) console.log(`  known failure met ${count} times: ${what}`)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
