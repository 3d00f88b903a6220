import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

struct Report: SolusiCommand {
    static let configuration = CommandConfiguration(
        abstract: "The static report for the tech team: summary, a page per issue and per article, unknown tickets.",
        discussion: """
            A self-contained site in DIR (open DIR/index.html, also from file://). Ticket text is escaped, and personal data (NIK, NIP, NUPTK, phone numbers, e-mail addresses, names after "nama saya") is masked unless --show-personal-data, which every page then states.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The folder to write the site into.") var out: String
    @OptionGroup var period: PeriodOptions
    @Flag(help: "Show personal data unmasked (internal use only; every page says so).") var showPersonalData = false

    func execute() throws {
        let publisher = Publisher(knowledgeBase: try global.workspace.loadKnowledgeBase())
        let outcome = try publisher.report(
            from: try global.workspace.openStore(), since: period.start, until: period.end, into: out,
            showPersonalData: showPersonalData)
        if showPersonalData {
            Terminal.warning("Laporan berisi data pribadi yang tidak disamarkan: hanya untuk internal.")
        }
        Terminal.message("\(outcome.files.count) berkas laporan ditulis ke \(out) (\(outcome.tickets) tiket).")
        print(outcome.index)
    }
}

struct Export: SolusiCommand {
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

    func execute() throws {
        let publisher = Publisher(knowledgeBase: try global.workspace.loadKnowledgeBase())
        let store = try global.workspace.openStore()
        let count = try publisher.export(
            from: store, format: format, since: period.start, until: period.end, showPersonalData: showPersonalData,
            to: ByteSink(path: out, replacing: force))
        if showPersonalData {
            Terminal.warning("Ekspor berisi data pribadi yang tidak disamarkan: hanya untuk internal.")
        }
        Terminal.message("\(count) tiket diekspor ke \(out).")
    }
}

struct Announce: SolusiCommand {
    static let configuration = CommandConfiguration(
        abstract: "The Hugo Markdown status update: the solutions now available, grouped by article.",
        discussion: """
            Made from the knowledge base only (no ticket text). Issues whose status became solved or workaround on or after --since are numbered; issues sharing an article are told under one number. Issues still investigating or identified follow.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only solutions that became available on or after this day (YYYY-MM-DD).") var since: String?
    @Option(help: "The announcement's day, YYYY-MM-DD (default: now, WIB).") var date: String?
    @Option(help: "The Markdown file to write (- for standard output).") var out: String
    @Flag(help: "Overwrite --out if it exists.") var force = false
    @Option(help: "The author in the front matter.") var author = "Tim Pusat Bantuan PMM"
    @Option(help: "The title (default: from the issues).") var title: String?
    @Flag(help: "Mark the post as a draft.") var draft = false

    func validate() throws {
        for (name, value) in [("--since", since), ("--date", date)] {
            if let value, Day(value) == nil {
                throw ValidationError(Day.problem(with: value, option: name) ?? name)
            }
        }
    }

    func execute() throws {
        let publisher = Publisher(knowledgeBase: try global.workspace.loadKnowledgeBase())
        let announcement = publisher.announcement(
            since: since.flatMap(Day.init), on: date.flatMap(Day.init), author: author, title: title, draft: draft)
        try publisher.write(announcement, to: ByteSink(path: out, replacing: force))
        let told = announcement.items.flatMap(\.issues).count
        Terminal.message(
            told == 0
                ? "Tidak ada solusi baru\(since.map { " sejak \($0)" } ?? ""); pengumuman tetap ditulis ke \(out)."
                : "Pengumuman dengan \(told) isu (\(announcement.items.count) butir) ditulis ke \(out).")
    }
}

struct StatusPageCommand: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "statuspage",
        abstract: "The public status page of known issues: a Hugo site for the cState theme.",
        discussion: """
            Writes DIR/config.yml and DIR/content/issues/<date>-<id>.md for every known issue that is not retired, from the knowledge base (and, when the database exists, how many tickets each issue has had; never ticket text). Build it with: hugo -s DIR --themesDir THEMES --theme cstate. Running it again rewrites the site, removes the pages of retired or deleted issues, and never touches files in DIR that Solusi did not write. Severity: investigating and identified are "disrupted", workaround "notice", solved is resolved.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The folder of the Hugo site.") var out: String
    @Option(help: "The site's title.") var title = StatusPage.Options().title
    @Option(help: "Where the site is published (Hugo's baseURL).") var baseURL = StatusPage.Options().baseURL

    func execute() throws {
        let workspace = global.workspace
        var options = StatusPage.Options()
        options.title = title
        options.baseURL = baseURL
        let page = try Publisher(knowledgeBase: try workspace.loadKnowledgeBase())
            .statusPage(counting: try workspace.existingStore(), options: options)
        let outcome = try page.write(to: out)
        let open = page.issues.filter { !StatusPage.State($0).resolved }.count
        Terminal.message(
            "Halaman status ditulis ke \(out): \(page.issues.count) isu (\(open) belum selesai)"
                + (outcome.removed.isEmpty ? "." : "; \(outcome.removed.count) halaman isu lama dihapus."))
    }
}
