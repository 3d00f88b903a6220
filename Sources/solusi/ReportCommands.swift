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
    @Option(help: "First day of the period, YYYY-MM-DD (default: the first ticket's).") var since: String?
    @Option(help: "Last day of the period, YYYY-MM-DD (default: the last ticket's).") var until: String?
    @Flag(help: "Show personal data unmasked (internal use only; every page says so).") var showPersonalData = false

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, Day(value) == nil {
                throw ValidationError("\(name) must be a day, YYYY-MM-DD (got \(value)).")
            }
        }
        if let since, let until, let start = Day(since), let end = Day(until), end < start {
            throw ValidationError("--until (\(until)) is before --since (\(since)).")
        }
    }

    func run() throws {
        let knowledgeBase = try global.loadKnowledgeBase()
        let store = try global.openStore()
        try store.sync(knowledgeBase)
        let data = try ReportData(store: store, since: since.flatMap(Day.init), until: until.flatMap(Day.init))
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
    @Option(help: "The file to write.") var out: String
    @Option(help: "First day, YYYY-MM-DD.") var since: String?
    @Option(help: "Last day, YYYY-MM-DD.") var until: String?
    @Flag(help: "Export personal data unmasked (internal use only).") var showPersonalData = false

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, Day(value) == nil {
                throw ValidationError("\(name) must be a day, YYYY-MM-DD (got \(value)).")
            }
        }
    }

    func run() throws {
        let knowledgeBase = try global.loadKnowledgeBase()
        let store = try global.openStore()
        let writer = try ExportWriter(
            format: format, knowledgeBase: knowledgeBase, showPersonalData: showPersonalData, sink: ByteSink(path: out))
        var count = 0
        try store.forEachExportRow(
            from: since.flatMap(Day.init)?.startSeconds, before: until.flatMap(Day.init)?.adding(1).startSeconds
        ) { row in
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
