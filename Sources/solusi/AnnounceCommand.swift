import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

struct Announce: ParsableCommand {
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
                throw ValidationError("\(name) must be a day, YYYY-MM-DD (got \(value)).")
            }
        }
    }

    func run() throws {
        let knowledgeBase = try global.loadKnowledgeBase()
        let stamp: String
        if let date {
            stamp = date + "T08:00:00+07:00"
        } else {
            stamp = TicketDate.isoString(Int64(Date().timeIntervalSince1970))
        }
        var options = Announcement.Options(since: since, date: stamp)
        options.author = author
        options.title = title
        options.draft = draft
        let announcement = Announcement(knowledgeBase: knowledgeBase, options: options)
        let sink = try ByteSink(path: out, replacing: force)
        try sink.write(announcement.markdown())
        try sink.close()
        let told = announcement.items.flatMap(\.issues).count
        Terminal.message(
            told == 0
                ? "Tidak ada solusi baru\(since.map { " sejak \($0)" } ?? ""); pengumuman tetap ditulis ke \(out)."
                : "Pengumuman dengan \(told) isu (\(announcement.items.count) butir) ditulis ke \(out).")
    }
}
