import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The static report for the tech team: summary, a page per issue and per article, unknown tickets.",
        discussion: """
            A self-contained site in DIR (open DIR/index.html, also from file://). Ticket text is escaped, and personal data (NIK, NIP, NUPTK, phone numbers, e-mail addresses, names after "nama saya") is masked unless --show-personal-data, which every page then states.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The folder to write the site into.") var out: String
    @OptionGroup var period: PeriodOptions
    @Flag(help: "Show personal data unmasked (internal use only; every page says so).") var showPersonalData = false

    func run() throws {
        let knowledgeBase = try global.loadKnowledgeBase()
        let store = try global.openStore()
        try store.sync(knowledgeBase)
        let data = try ReportData(store: store, since: period.start, until: period.end)
        var options = ReportSite.Options(generatedAt: Int64(Date().timeIntervalSince1970))
        options.showPersonalData = showPersonalData
        try options.addInsights(store: store, issues: knowledgeBase.issues.map(\.id), data: data)
        let pages = try ReportSite(store: store, knowledgeBase: knowledgeBase, data: data, options: options).write(
            to: out)
        if showPersonalData {
            Terminal.warning("Laporan berisi data pribadi yang tidak disamarkan: hanya untuk internal.")
        }
        Terminal.message("\(pages.count) berkas laporan ditulis ke \(out) (\(data.total) tiket).")
        print(URL(fileURLWithPath: out).appendingPathComponent("index.html").path)
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tickets with their issue, confidence, label and status, as CSV or JSON Lines.",
        discussion: """
            Fields: \(ExportWriter.fields.joined(separator: ", ")). issue is the classifier's (empty/null: unknown), label the agent's latest (an issue id or "other"), issue_status that of the label's issue, else the classification's. Subject and description are masked unless --show-personal-data. Oldest ticket first.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "csv or jsonl.") var format: TicketWriter.Format
    @Option(help: "The file to write (- for standard output).") var out: String
    @Flag(help: "Overwrite --out if it exists.") var force = false
    @OptionGroup var period: PeriodOptions
    @Flag(help: "Export personal data unmasked (internal use only).") var showPersonalData = false

    func run() throws {
        let knowledgeBase = try global.loadKnowledgeBase()
        let store = try global.openStore()
        let writer = try ExportWriter(
            format: format, knowledgeBase: knowledgeBase, showPersonalData: showPersonalData,
            sink: ByteSink(path: out, replacing: force))
        var count = 0
        try store.forEachExportRow(from: period.startSeconds, before: period.endSeconds) { row in
            try writer.write(row)
            count += 1
        }
        try writer.finish()
        if showPersonalData {
            Terminal.warning("Ekspor berisi data pribadi yang tidak disamarkan: hanya untuk internal.")
        }
        Terminal.message("\(count) tiket diekspor ke \(out).")
    }
}
