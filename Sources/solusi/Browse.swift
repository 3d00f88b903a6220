import ArgumentParser
import Foundation
import SolusiKit

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Counts of stored tickets, rejects, classifications and labels.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let store = try global.openStore()
        try global.syncKnowledgeBase(into: store)
        let counts = try store.counts()
        let fields: [(String, Int, String)] = [
            ("tickets", counts.tickets, "Tiket tersimpan"), ("rejected", counts.rejected, "Rekaman ditolak"),
            ("classified", counts.classified, "Tiket terklasifikasi"), ("unknown", counts.unknown, "Isu tidak dikenal"),
            ("labeled", counts.labeled, "Diberi label agen"), ("issues", counts.issues, "Isu dikenal"),
        ]
        if json {
            print(jsonObject(fields.map { ($0.0, String($0.1)) }))
        } else {
            for (_, value, label) in fields { print("\(label): \(value)") }
        }
    }
}

struct Rejects: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Records that could not be stored, with file, line and reason.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "At most this many.") var limit = 1000
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let store = try global.openStore()
        let rejects = try store.rejects(limit: limit)
        let notKept = try store.rejectsNotKept()
        if json {
            print("[" + rejects.map(Self.json).joined(separator: ",") + "]")
            return
        }
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
                "\(file): \(count) rekaman lain juga ditolak; hanya \(Ingester.keptRejectsPerFile) yang pertama disimpan utuh",
                oneLine: true)
        }
    }

    static func json(_ reject: RejectedRecord) -> String {
        jsonObject([
            ("file", jsonString(reject.location.file)), ("line", String(reject.location.line)),
            ("record", reject.location.record.map(String.init) ?? "null"), ("reason", jsonString(reject.reason)),
            ("raw", jsonString(reject.raw)),
        ])
    }
}

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Full-text search over stored tickets, best match first.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Words to find; every word must occur.") var query: String
    @Option(help: "At most this many.") var limit = 20
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let hits: [SearchHit]
        do {
            hits = try global.openStore().search(query, limit: limit)
        } catch let error as QueryError {
            Terminal.message("solusi: \(error.description)")
            throw ExitCode(2)
        }
        if json {
            print(
                "["
                    + hits.map {
                        jsonObject(TicketJSON.summary($0.ticket) + [("snippet", jsonString($0.snippet))])
                    }.joined(separator: ",") + "]")
            return
        }
        if hits.isEmpty { Terminal.message("Tidak ada tiket yang cocok dengan \"\(query)\".") }
        for hit in hits {
            Terminal.output(TicketJSON.line(hit.ticket), oneLine: true)
            Terminal.output("    \(hit.snippet)", oneLine: true)
        }
    }
}

struct Tickets: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List or show stored tickets.", subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stored tickets, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "At most this many.") var limit = 20
        @Option(help: "Skip this many first.") var offset = 0
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let tickets = try global.openStore().tickets(limit: limit, offset: offset)
            if json {
                print("[" + tickets.map { jsonObject(TicketJSON.summary($0)) }.joined(separator: ",") + "]")
            } else {
                for ticket in tickets { Terminal.output(TicketJSON.line(ticket), oneLine: true) }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One ticket, whole.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ticket id in its help desk.") var id: String
        @Option(help: "The source, when several help desks have a ticket with this id.") var source: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let store = try global.openStore()
            let tickets = try store.tickets(externalID: id).filter { source == nil || $0.record.source == source }
            guard !tickets.isEmpty else {
                Terminal.message("solusi: tiket \"\(id)\" tidak ditemukan\(source.map { " di sumber \($0)" } ?? "").")
                throw ExitCode(1)
            }
            let histories = try tickets.map {
                (
                    classifications: try store.classificationHistory(ofTicket: $0.rowID),
                    labels: try store.labels(ofTicket: $0.rowID)
                )
            }
            if json {
                print(
                    zip(tickets, histories).map { ticket, history in
                        jsonObject(
                            TicketJSON.full(ticket) + [
                                (
                                    "classifications",
                                    "[" + history.classifications.map(TicketJSON.classification).joined(separator: ",")
                                        + "]"
                                ),
                                ("labels", "[" + history.labels.map(TicketJSON.label).joined(separator: ",") + "]"),
                            ])
                    }.joined(separator: "\n"))
                return
            }
            for (index, ticket) in tickets.enumerated() {
                if index > 0 { Terminal.output("") }
                let r = ticket.record
                Terminal.output("Tiket \(r.externalID) (sumber \(r.source))")
                Terminal.output("Dibuat:    \(TicketDate.isoString(r.createdAt))")
                Terminal.output("Peran:     \(r.requesterRole ?? "-")")
                Terminal.output("Provinsi:  \(r.province ?? "-")")
                Terminal.output("Kanal:     \(r.channel ?? "-")")
                Terminal.output("Status:    \(r.status ?? "-")")
                Terminal.output("Tag:       \(r.tags.isEmpty ? "-" : r.tags.joined(separator: ", "))")
                for key in r.extra.keys.sorted() { Terminal.output("\(key): \(r.extra[key]!)") }
                Terminal.output("Subjek:    \(r.subject)")
                Terminal.output("Deskripsi:\n\(r.description)")
                let history = histories[index]
                Terminal.output("\nKlasifikasi:\(history.classifications.isEmpty ? " belum ada" : "")")
                for c in history.classifications {
                    let issue = c.issue ?? "tidak dikenal"
                    Terminal.output(
                        "  \(TicketDate.isoString(c.classifiedAt))  \(issue)  keyakinan \(Int((c.confidence * 100).rounded()))%  model v\(c.modelVersion)"
                    )
                }
                Terminal.output("Label agen:\(history.labels.isEmpty ? " belum ada" : "")")
                for label in history.labels {
                    let verdict = label.action == .accept ? "menerima" : "memberi label"
                    Terminal.output(
                        "  \(TicketDate.isoString(label.labeledAt))  \(label.agent) \(verdict) \(label.issue ?? "lainnya")\(label.note.map { " — \($0)" } ?? "")"
                    )
                }
            }
        }
    }
}

/// The JSON and one-line forms of a ticket the browsing commands print.
enum TicketJSON {
    static func summary(_ ticket: Ticket) -> [(key: String, json: String)] {
        let r = ticket.record
        return [
            ("id", jsonString(r.externalID)), ("source", jsonString(r.source)),
            ("created_at", jsonString(TicketDate.isoString(r.createdAt))), ("subject", jsonString(r.subject)),
        ]
    }

    static func full(_ ticket: Ticket) -> [(key: String, json: String)] {
        let r = ticket.record
        func optional(_ value: String?) -> String { value.map(jsonString) ?? "null" }
        return summary(ticket) + [
            ("description", jsonString(r.description)), ("requester_role", optional(r.requesterRole)),
            ("province", optional(r.province)), ("channel", optional(r.channel)), ("status", optional(r.status)),
            ("tags", "[" + r.tags.map(jsonString).joined(separator: ",") + "]"),
            ("extra", jsonObject(r.extra.keys.sorted().map { ($0, jsonString(r.extra[$0]!)) })),
        ]
    }

    static func classification(_ c: ClassificationRecord) -> String {
        jsonObject([
            ("issue", c.issue.map(jsonString) ?? "null"), ("confidence", threeDecimals(c.confidence)),
            ("model", String(c.modelVersion)), ("classified_at", jsonString(TicketDate.isoString(c.classifiedAt))),
        ])
    }

    static func label(_ label: Label) -> String {
        jsonObject([
            ("issue", label.issue.map(jsonString) ?? "null"), ("action", jsonString(label.action.rawValue)),
            ("agent", jsonString(label.agent)), ("note", label.note.map(jsonString) ?? "null"),
            ("labeled_at", jsonString(TicketDate.isoString(label.labeledAt))),
        ])
    }

    static func line(_ ticket: Ticket) -> String {
        let r = ticket.record
        return "\(r.externalID)  \(TicketDate.dayString(r.createdAt))  \(r.subject.prefix(80))"
    }
}
