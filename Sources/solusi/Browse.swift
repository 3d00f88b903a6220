import ArgumentParser
import Foundation
import SolusiKit

struct Status: SolusiCommand {
    static let configuration = CommandConfiguration(
        abstract: "Jumlah tiket tersimpan, rekaman ditolak, klasifikasi dan label.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Cetak JSON.") var json = false

    func execute() async throws {
        let counts = try await StatusService(global.workspace).counts()
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
        abstract: "Rekaman yang tidak dapat disimpan, dengan berkas, baris dan alasannya.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Paling banyak sejumlah ini.") var limit = 1000
    @Flag(help: "Cetak JSON.") var json = false

    func validate() throws { try checkRange("--limit", limit, 1...Int.max) }

    func execute() async throws {
        let status = try StatusService(global.workspace)
        let rejects = try status.rejects(limit: limit)
        if json { return try Terminal.json(rejects) }
        let notKept = try status.rejectsNotKept()
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
    static let configuration = CommandConfiguration(
        abstract: "Pencarian teks penuh di tiket tersimpan, yang paling cocok lebih dulu.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Kata yang dicari; setiap kata harus ada.") var query: String
    @Option(help: "Paling banyak sejumlah ini.") var limit = 20
    @Flag(help: "Cetak JSON.") var json = false

    func validate() throws { try checkRange("--limit", limit, 1...Int.max) }

    func execute() async throws {
        let hits = try await TicketBrowser(global.workspace).search(query, limit: limit)
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
        abstract: "Daftar atau tampilkan tiket tersimpan.", subcommands: [List.self, Show.self])

    struct List: SolusiCommand {
        static let configuration = CommandConfiguration(abstract: "Tiket tersimpan, yang terbaru lebih dulu.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Paling banyak sejumlah ini.") var limit = 20
        @Option(help: "Lewati sejumlah ini di awal.") var offset = 0
        @Flag(help: "Cetak JSON.") var json = false

        func validate() throws {
            try checkRange("--limit", limit, 1...Int.max)
            try checkRange("--offset", offset, 0...Int.max)
        }

        func execute() async throws {
            let tickets = try await TicketBrowser(global.workspace).newest(limit: limit, offset: offset)
            if json { return try Terminal.json(tickets.map { TicketSummary($0) }) }
            for ticket in tickets { Terminal.output(TicketLines.line(ticket), oneLine: true) }
        }
    }

    struct Show: SolusiCommand {
        static let configuration = CommandConfiguration(abstract: "Satu tiket, lengkap.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Id tiket di help desk asalnya.") var id: String
        @Option(help: "Sumbernya, bila beberapa help desk punya tiket dengan id ini.") var source: String?
        @Flag(help: "Cetak JSON.") var json = false

        func execute() async throws {
            let histories = try await TicketBrowser(global.workspace).show(id, source: source)
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
