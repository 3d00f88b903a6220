import ArgumentParser
import Foundation
import SolusiKit

extension ExportFormat: ExpressibleByArgument {}

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Store tickets from help-desk exports (CSV, JSON Lines, Zendesk, Freshdesk).",
        discussion: """
            Idempotent: a ticket is identified by its source and its id; re-ingesting a file changes nothing, and a changed ticket is updated and queued for classification again.

            Every rejected record is reported as file:line: reason and kept (see `solusi rejects`).

            Exit status: 0 all records stored, 3 some rejected (the rest stored), 1 a file could not be read.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Export files to read.")
    var files: [String]

    @Option(help: "auto (decide from the file), csv, jsonl, zendesk or freshdesk.")
    var format: ExportFormat = .auto

    @Option(
        name: .customLong("map"),
        help: ArgumentHelp(
            "Which column holds a field, e.g. --map id=\"Nomor Tiket\"; repeatable.", valueName: "field=Column"))
    var mappings: [String] = []

    @Option(help: "The tickets' source (default: pusat-bantuan, zendesk or freshdesk, from the file).")
    var source: String?

    @Flag(help: "Print the totals as JSON on stdout.")
    var json = false

    /// Reject lines printed per file; the rest are in `solusi rejects`.
    static let rejectLinesShown = 50

    func run() throws {
        let mapping: FieldMapping
        do { mapping = try FieldMapping(arguments: mappings) } catch { throw ValidationError(error.description) }
        let store = try global.openStore(creating: true)
        try global.syncKnowledgeBase(into: store)
        var totals = IngestCounts()
        var fatal = false
        for file in files {
            var shown = 0
            var ingester = Ingester(store: store, format: format, mapping: mapping, source: source)
            ingester.onReject = { reject in
                shown += 1
                if shown <= Self.rejectLinesShown {
                    Terminal.warning("\(reject.location): \(reject.reason)")
                }
            }
            let started = Date()
            ingester.onProgress = { records, bytes in
                let seconds = max(Date().timeIntervalSince(started), 0.001)
                Terminal.progress(
                    "\(file): \(records) rekaman · \(Int(Double(records) / seconds))/dtk · \(String(format: "%.1f", Double(bytes) / 1e6)) MB"
                )
            }
            do {
                let result = try ingester.ingest(file: file)
                Terminal.clearProgress()
                let c = result.counts
                if c.rejected > Self.rejectLinesShown {
                    Terminal.warning(
                        "\(file): \(c.rejected - Self.rejectLinesShown) penolakan lain tidak ditampilkan; lihat `solusi rejects`."
                    )
                }
                Terminal.message(
                    "\(file): \(c.read) dibaca, \(c.inserted) baru, \(c.updated) diperbarui, \(c.unchanged) tidak berubah, \(c.rejected) ditolak (sumber: \(source ?? result.dialect.rawValue))"
                )
                if c.read == 0 { Terminal.warning("\(file): tidak ada rekaman tiket di berkas ini.") }
                totals += c
            } catch let error as IngestError {
                Terminal.clearProgress()
                Terminal.message("solusi: \(error.description)")
                fatal = true
            }
        }
        if json {
            print(
                jsonObject([
                    ("read", String(totals.read)), ("inserted", String(totals.inserted)),
                    ("updated", String(totals.updated)),
                    ("unchanged", String(totals.unchanged)), ("rejected", String(totals.rejected)),
                ]))
        }
        if fatal { throw ExitCode(1) }
        if totals.rejected > 0 { throw ExitCode(3) }
    }
}
