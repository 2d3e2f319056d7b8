/**
 * The procedure catalog a command plans with: the built-ins, and a host's procedures from files.
 */
import * as Options from "@effect/cli/Options"
import type * as FileSystem from "@effect/platform/FileSystem"
import { Procedure, ProcedureCatalog } from "@liaison/core"
import * as Effect from "effect/Effect"
import { decodeEach } from "./inputs.js"
import type { InvalidFile } from "./problem.js"

/** A procedure of the catalog and where it came from: `built-in`, or the file that gave it. */
export interface Entry {
  readonly procedure: Procedure.Procedure
  readonly origin: string
}

export const procedureFiles = Options.text("procedure-file").pipe(
  Options.withPseudoName("path.json"),
  Options.withDescription(
    "A procedure as JSON (Procedure.Procedure), or an array of them, added to the catalog; one with a built-in's id replaces it. Repeatable."
  ),
  Options.repeated
)

/** Reads and decodes a procedure file, reporting every problem of every procedure with its path. */
const readProcedures = (
  file: string
): Effect.Effect<ReadonlyArray<Procedure.Procedure>, InvalidFile, FileSystem.FileSystem> =>
  Effect.map(decodeEach(file, "procedure", Procedure.decode), ({ items }) => items)

/** The built-ins with the procedures of the files added, in file order (a later file wins). */
export const loadCatalog = (
  files: ReadonlyArray<string>
): Effect.Effect<ReadonlyMap<string, Entry>, InvalidFile, FileSystem.FileSystem> =>
  Effect.map(
    Effect.forEach(files, (file) => Effect.map(readProcedures(file), (procedures) => ({ file, procedures }))),
    (loaded) => {
      const catalog = new Map<string, Entry>(
        [...ProcedureCatalog.builtIn.values()].map((procedure) => [procedure.id, { procedure, origin: "built-in" }])
      )
      // Every procedure was validated when decoded, so the catalog is the built-ins with these set.
      for (const { file, procedures } of loaded) {
        for (const procedure of procedures) catalog.set(procedure.id, { procedure, origin: file })
      }
      return catalog
    }
  )
