import ArgumentParser
import Foundation
import IndonesianText
import SolusiKit

struct Status: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Jumlah tiket tersimpan, rekaman ditolak, klasifikasi dan label.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Cetak JSON.") var json = false

    func execute() async throws {
        let counts = try await StatusService(global.workspace).counts()
        if json { return try Terminal.json(counts) }
        // Tickets first, then the knowledge base: "4" issues and "3798" tickets never share a line.
        print("Tiket")
        print("  tersimpan:            \(counts.tickets)")
        print("  ditolak saat ingest:  \(counts.rejected) rekaman (lihat `solusi rejects`)")
        print(
            "  terklasifikasi:       \(counts.classified) (\(counts.classified - counts.unknown) tentang isu dikenal, \(counts.unknown) tidak dikenal)"
        )
        print("  diberi label agen:    \(counts.labeled)")
        print("  duplikat:             \(counts.duplicates) (permintaan yang sama dikirim lagi)")
        print("Basis pengetahuan")
        print("  isu dikenal:          \(counts.issues)")
    }
}

struct Rejects: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejects",
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
        commandName: "search",
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

struct Similar: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Tiket tersimpan yang paling mirip dengan satu tiket atau satu teks, dengan keputusan untuknya.",
        discussion: """
            Berguna untuk melihat apa yang sudah diputuskan rekan untuk tiket seperti ini: isunya \
            (label agen, atau klasifikasi) dan balasan yang disiapkan untuk isu itu. Kemiripan 1 berarti \
            kata yang sama dengan takaran yang sama; "duplikat" berarti pengirim yang sama mengirim \
            permintaan yang sama lagi. Data pribadi disamarkan.
            --json mencetak [{"ticket","source","created_at","subject","score","issue","labeled","duplicate"}]; \
            untuk beberapa tiket satu larik per baris, dengan urutan tiketnya.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Id tiket di help desk asalnya (boleh beberapa).") var tickets: [String] = []
    @Option(help: "Sumbernya, bila beberapa help desk punya tiket dengan id ini.") var source: String?
    @Option(help: "Cari yang mirip dengan teks ini (baris pertama dibaca sebagai subjek), bukan dengan tiket.")
    var text: String?
    @Option(help: "Paling banyak sejumlah ini per tiket.") var limit = 5
    @Flag(help: "Cetak JSON.") var json = false

    func validate() throws {
        try checkRange("--limit", limit, 1...100)
        if tickets.isEmpty == (text == nil) {
            throw ValidationError(
                "Sebutkan tiket (solusi similar PB-0001) atau satu teks (--text \"…\"), tidak keduanya.")
        }
    }

    func execute() async throws {
        let workspace = global.workspace
        let finder = try SimilarTickets(workspace)
        let knowledgeBase = json ? nil : try? workspace.loadKnowledgeBase()
        guard !tickets.isEmpty else {
            return try show(try await finder.similar(toText: text ?? "", limit: limit), knowledgeBase)
        }
        for (index, id) in tickets.enumerated() {
            let history = try await TicketBrowser(store: finder.store).show(id, source: source)
            guard history.count == 1 else {
                throw ServiceError.ambiguousTicket(id: id, sources: history.map(\.ticket.record.source))
            }
            let found = try await finder.similar(to: history[0].ticket, limit: limit)
            if json {
                print(try Terminal.jsonText(found))
                continue
            }
            if tickets.count > 1 { Terminal.output("\(index > 0 ? "\n" : "")Mirip dengan tiket \(id):") }
            try show(found, knowledgeBase)
        }
    }

    private func show(_ found: [SimilarTicket], _ knowledgeBase: KnowledgeBase?) throws {
        if json { return try Terminal.json(found) }
        guard !found.isEmpty else { return Terminal.message("Tidak ada tiket tersimpan yang cukup mirip.") }
        for (number, similar) in found.enumerated() {
            Terminal.output(
                "\(number + 1). \(SimilarLines.line(similar, title: { knowledgeBase?.issue($0)?.title }))",
                oneLine: true)
            Terminal.output("   \(PersonalData.mask(similar.ticket.record.subject).prefix(100))", oneLine: true)
        }
        // The reply a teacher was (or would be) sent, once per issue found.
        guard let knowledgeBase else { return }
        var shown = Set<String>()
        for similar in found {
            guard let id = similar.verdict?.issueID, shown.insert(id).inserted, let issue = knowledgeBase.issue(id)
            else { continue }
            Terminal.output("\nBalasan untuk isu \(issue.title):")
            Terminal.output(ReplyDrafter(knowledgeBase: knowledgeBase).reply(for: issue))
        }
    }
}

/// How a similar ticket reads on a terminal (`similar`, the triage screen).
enum SimilarLines {
    /// Id, day, score, what was decided and whether it is the same request.
    static func line(_ similar: SimilarTicket, title: (String) -> String?) -> String {
        let r = similar.ticket.record
        return "\(r.externalID)  \(TicketDate.dayString(r.createdAt))  kemiripan \(similar.scoreText)  "
            + similar.decision(title: title) + (similar.duplicate ? "  (duplikat)" : "")
    }
}

struct Tickets: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickets",
        abstract: "Daftar atau tampilkan tiket tersimpan.", subcommands: [List.self, Show.self])

    struct List: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Tiket tersimpan, yang terbaru lebih dulu.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Paling banyak sejumlah ini.") var limit = 20
        @Option(help: "Lewati sejumlah ini di awal.") var offset = 0
        @Flag(help: "Cetak JSON.") var json = false

        func validate() throws {
            try checkRange("--limit", limit, 1...Int.max)
            try checkRange("--offset", offset, 0...Int.max)
        }

        func execute() async throws {
            let browser = try TicketBrowser(global.workspace)
            let tickets = try await browser.newest(limit: limit, offset: offset)
            if json { return try Terminal.json(tickets.map { TicketSummary($0) }) }
            for ticket in tickets {
                let decision = try await browser.decision(of: ticket)
                Terminal.output(TicketLines.line(ticket, decision: decision), oneLine: true)
            }
        }
    }

    struct Show: SolusiCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Satu tiket, lengkap.")
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
            // The issue's title and the reply need the knowledge base; the ticket shows without.
            let knowledgeBase = try? global.workspace.loadKnowledgeBase()
            for (index, history) in histories.enumerated() {
                if index > 0 { Terminal.output("") }
                Terminal.output(TicketLines.whole(history))
                if let knowledgeBase { Terminal.output(TicketLines.decision(history, knowledgeBase)) }
            }
        }
    }
}

/// How tickets read on a terminal.
enum TicketLines {
    /// One line: id, day, what was decided when given, the start of the subject.
    static func line(_ ticket: Ticket, decision: (verdict: Verdict?, labelled: Bool)? = nil) -> String {
        let r = ticket.record
        let decided = decision.map { "  [\(words(for: $0.verdict))\($0.labelled ? ", label agen" : "")]" } ?? ""
        return "\(r.externalID)  \(TicketDate.dayString(r.createdAt))\(decided)  \(r.subject.prefix(80))"
    }

    /// A decision in a few words: the issue id, "lainnya", "tidak dikenal" or not classified yet.
    static func words(for verdict: Verdict?) -> String {
        switch verdict {
        case .known(let id): id
        case .outOfScope: "lainnya"
        case .unknown: "tidak dikenal"
        case nil: "belum diklasifikasi"
        }
    }

    /// What the ticket is about now, by the issue's title, and the reply it gets.
    static func decision(_ history: TicketHistory, _ knowledgeBase: KnowledgeBase) -> String {
        let label = history.labels.standing
        let verdict = Verdict.decided(label: label?.verdict, classification: history.classifications.last?.verdict)
        guard let verdict else { return "\nIsu:       belum diklasifikasi (jalankan `solusi classify`)" }
        let issue = verdict.issueID.flatMap(knowledgeBase.issue)
        let about = issue.map { "\($0.title) (\($0.id))" } ?? words(for: verdict)
        let reply = ReplyDrafter(knowledgeBase: knowledgeBase).reply(for: issue, to: history.ticket.record)
        return "\nIsu:       \(about) — menurut \(label != nil ? "label agen" : "klasifikasi")\nDraf balasan:\n\(reply)"
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
            lines.append(
                "  \(TicketDate.isoString(label.labeledAt))  \(label.agent) \(label.doneWords) \(label.verdict.issueID ?? "lainnya")\(label.note.map { " — \($0)" } ?? "")"
            )
        }
        return lines.joined(separator: "\n")
    }
}
