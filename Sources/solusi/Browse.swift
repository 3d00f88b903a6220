import ArgumentParser
import Foundation
import SolusiKit

struct Status: SolusiCommand {
    static let configuration = CommandConfiguration(
        abstract: "Counts of stored tickets, rejects, classifications and labels.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func execute() throws {
        let store = try global.workspace.openStore()
        try global.workspace.syncKnowledgeBase(into: store)
        let counts = try store.counts()
        if json { return try Terminal.json(counts) }
        print("Tiket tersimpan: \(counts.tickets)")
        print("Rekaman ditolak: \(counts.rejected)")
        print("Tiket terklasifikasi: \(counts.classified)")
        print("Isu tidak dikenal: \(counts.unknown)")
        print("Diberi label agen: \(counts.labeled)")
        print("Isu dikenal: \(counts.issues)")
    }
}

struct Rejects: SolusiCommand {
    static let configuration = CommandConfiguration(
        abstract: "Records that could not be stored, with file, line and reason.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "At most this many.") var limit = 1000
    @Flag(help: "Print JSON.") var json = false

    func execute() throws {
        let store = try global.workspace.openStore()
        let rejects = try store.rejects(limit: limit)
        if json { return try Terminal.json(rejects) }
        let notKept = try store.rejectsNotKept()
        if rejects.isEmpty && notKept.isEmpty { Terminal.message("Tidak ada rekaman yang ditolak.") }
        for reject in rejects {
            Terminal.output("\(reject.location): \(reject.reason)", oneLine: true)
            if !reject.raw.isEmpty {
                Terminal.output(
                    "    \(reject.raw.prefix(200).replacingOccurrences(of: "\n", with: "⏎"))", oneLine: true)
            }
        }
        for (file, count) in notKept {
            Terminal.output(
                "\(file): \(count) rekaman lain juga ditolak; hanya \(IngestService.keptRejectsPerFile) yang pertama disimpan utuh",
                oneLine: true)
        }
    }
}

struct Search: SolusiCommand {
    static let configuration = CommandConfiguration(abstract: "Full-text search over stored tickets, best match first.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Words to find; every word must occur.") var query: String
    @Option(help: "At most this many.") var limit = 20
    @Flag(help: "Print JSON.") var json = false

    func execute() throws {
        let hits = try TicketBrowser(store: global.workspace.openStore()).search(query, limit: limit)
        if json { return try Terminal.json(hits.map { TicketSummary($0.ticket, snippet: $0.snippet) }) }
        if hits.isEmpty { Terminal.message("Tidak ada tiket yang cocok dengan \"\(query)\".") }
        for hit in hits {
            Terminal.output(TicketLines.line(hit.ticket), oneLine: true)
            Terminal.output("    \(hit.snippet)", oneLine: true)
        }
    }
}

struct Tickets: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List or show stored tickets.", subcommands: [List.self, Show.self])

    struct List: SolusiCommand {
        static let configuration = CommandConfiguration(abstract: "Stored tickets, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "At most this many.") var limit = 20
        @Option(help: "Skip this many first.") var offset = 0
        @Flag(help: "Print JSON.") var json = false

        func execute() throws {
            let tickets = try global.workspace.openStore().tickets(limit: limit, offset: offset)
            if json { return try Terminal.json(tickets.map { TicketSummary($0) }) }
            for ticket in tickets { Terminal.output(TicketLines.line(ticket), oneLine: true) }
        }
    }

    struct Show: SolusiCommand {
        static let configuration = CommandConfiguration(abstract: "One ticket, whole.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ticket id in its help desk.") var id: String
        @Option(help: "The source, when several help desks have a ticket with this id.") var source: String?
        @Flag(help: "Print JSON.") var json = false

        func execute() throws {
            let histories = try TicketBrowser(store: global.workspace.openStore()).show(id, source: source)
            if json {
                print(try histories.map { try Terminal.jsonText($0) }.joined(separator: "\n"))
                return
            }
            for (index, history) in histories.enumerated() {
                if index > 0 { Terminal.output("") }
                Terminal.output(TicketLines.whole(history))
            }
        }
    }
}

/// How tickets read on a terminal.
enum TicketLines {
    /// One line: id, day, the start of the subject.
    static func line(_ ticket: Ticket) -> String {
        let r = ticket.record
        return "\(r.externalID)  \(TicketDate.dayString(r.createdAt))  \(r.subject.prefix(80))"
    }

    /// The whole ticket with its classifications and labels.
    static func whole(_ history: TicketHistory) -> String {
        let r = history.ticket.record
        var lines = [
            "Tiket \(r.externalID) (sumber \(r.source))",
            "Dibuat:    \(TicketDate.isoString(r.createdAt))",
            "Peran:     \(r.requesterRole ?? "-")",
            "Provinsi:  \(r.province ?? "-")",
            "Kanal:     \(r.channel ?? "-")",
            "Status:    \(r.status ?? "-")",
            "Tag:       \(r.tags.isEmpty ? "-" : r.tags.joined(separator: ", "))",
        ]
        for key in r.extra.keys.sorted() { lines.append("\(key): \(r.extra[key]!)") }
        lines += ["Subjek:    \(r.subject)", "Deskripsi:\n\(r.description)"]
        lines.append("\nKlasifikasi:\(history.classifications.isEmpty ? " belum ada" : "")")
        for c in history.classifications {
            lines.append(
                "  \(TicketDate.isoString(c.classifiedAt))  \(c.verdict.issueID ?? "tidak dikenal")  keyakinan \(Int((c.confidence * 100).rounded()))%  model v\(c.modelVersion)"
            )
        }
        lines.append("Label agen:\(history.labels.isEmpty ? " belum ada" : "")")
        for label in history.labels {
            let verdict = label.action == .accept ? "menerima" : "memberi label"
            lines.append(
                "  \(TicketDate.isoString(label.labeledAt))  \(label.agent) \(verdict) \(label.verdict.issueID ?? "lainnya")\(label.note.map { " — \($0)" } ?? "")"
            )
        }
        return lines.joined(separator: "\n")
    }
}
