import ArgumentParser
import Foundation
import SolusiKit

struct Triage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Antrean agen: saran, bukti, tautan artikel dan draf balasan; terima atau koreksi.",
        discussion: """
            triage (tanpa subperintah) menelusuri antrean, tiket terlama lebih dulu. Di terminal satu tombol langsung bekerja: t terima, g ganti label, l lewati, k keluar. Tanpa terminal perintah yang sama dibaca baris per baris; "g ISU" atau "g other" mengganti label dalam satu baris.

            Tiket yang ditampilkan kepada agen dipegang untuknya (--agent, selain itu $USER) selama --lease menit: agen lain tidak melihatnya sampai tiket diterima, diberi label lain, dikembalikan (`triage release TICKET`, atau dilewati di putaran) atau waktunya habis. `triage next` menampilkan tiket yang sedang dipegang agen itu, bila ada.

            --issue dan --unknown memakai klasifikasi tersimpan: jalankan `solusi classify` dulu.
            """,
        subcommands: [Session.self, Next.self, Accept.self, Relabel.self, Release.self],
        defaultSubcommand: Session.self)

    /// What every triage command needs: the desk (store and current model) and who the agent is.
    struct Options: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Option(help: "Siapa yang memberi label (bawaan: $USER, selain itu $LOGNAME; tanpa keduanya wajib diisi).")
        var agent: String?
        @Option(help: "Berapa menit tiket yang ditampilkan tetap dipegang agen itu (1–\(Self.longestLease)).")
        var lease = 15

        /// A working day: a longer claim is a ticket nobody else can take.
        static let longestLease = 24 * 60

        func validate() throws {
            guard (1...Self.longestLease).contains(lease) else {
                throw ValidationError("--lease harus antara 1 dan \(Self.longestLease) menit (sehari).")
            }
            _ = try Self.agentName(given: agent, environment: ProcessInfo.processInfo.environment)
        }

        var leaseSeconds: Int64 { Int64(lease) * 60 }

        /// Who the agent is; `validate` has made sure there is a name.
        var agentName: String {
            (try? Self.agentName(given: agent, environment: ProcessInfo.processInfo.environment)) ?? ""
        }

        /// The agent's name: `--agent`, else the login name. Claims are per name, so agents with
        /// no name would all be one agent and be shown the same tickets: a missing or blank name
        /// is refused rather than replaced by a shared default.
        static func agentName(given: String?, environment: [String: String]) throws -> String {
            if let given {
                let name = given.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !name.isEmpty else { throw ValidationError("--agent tidak boleh kosong; tulis nama agennya.") }
                guard name.count <= 100,
                    !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
                else { throw ValidationError("--agent harus nama satu baris, paling banyak 100 karakter.") }
                return name
            }
            for variable in ["USER", "LOGNAME"] {
                if let name = environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty {
                    return name
                }
            }
            throw ValidationError(
                "sebutkan nama agen dengan --agent NAMA: $USER tidak diset, dan agen tanpa nama akan mendapat tiket yang sama."
            )
        }

        func desk() throws -> TriageDesk { try TriageDesk.open(global.workspace) }
    }

    struct Filter: ParsableArguments {
        @Option(help: "Hanya tiket yang diklasifikasikan sebagai isu dikenal ini.", completion: Completions.issueIDs())
        var issue: String?
        @Flag(help: "Hanya tiket yang diklasifikasikan tidak dikenal.") var unknown = false

        func validate() throws {
            if issue != nil && unknown { throw ValidationError("pilih --issue atau --unknown, bukan keduanya.") }
        }

        var filter: TriageFilter {
            if let issue { return .issue(issue) }
            return unknown ? .unknown : .all
        }
    }

    struct Next: SolusiCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tiket berikutnya di antrean dengan saran dan draf balasannya.",
            discussion:
                #"--json mencetak {"ticket":{…},"issue","confidence","articles","reply"} (serta "status", "evidence", "remaining")."#
        )
        @OptionGroup var options: Options
        @OptionGroup var filter: Filter
        @Flag(help: "Cetak JSON.") var json = false

        func execute() async throws {
            let desk = try options.desk()
            guard
                let suggestion = try await desk.next(
                    filter.filter, agent: options.agentName, lease: options.leaseSeconds)
            else {
                if json { print("null") } else { Terminal.message("Antrean kosong: semua tiket sudah ditinjau.") }
                return
            }
            let remaining = try await desk.remaining(filter.filter)
            if json {
                try Terminal.json(QueueItem(suggestion: suggestion, remaining: remaining))
            } else {
                Terminal.output(TriageView.text(suggestion, remaining: remaining))
            }
        }
    }

    struct Accept: SolusiCommand {
        static let configuration = CommandConfiguration(abstract: "Terima isu yang disarankan untuk sebuah tiket.")
        @OptionGroup var options: Options
        @Argument(help: "Id tiket di help desk asalnya.") var ticket: String
        @Option(help: "Sumbernya, bila beberapa help desk punya tiket dengan id ini.") var source: String?
        @Option(help: "Catatan yang disimpan bersama label.") var note: String?

        func execute() async throws {
            let desk = try options.desk()
            let label = try await desk.accept(
                desk.suggest(try await desk.ticket(ticket, source: source)), agent: options.agentName, note: note)
            Terminal.message("Tiket \(ticket): \(desk.name(of: label.verdict)) diterima oleh \(label.agent).")
        }
    }

    struct Relabel: SolusiCommand {
        static let configuration = CommandConfiguration(
            abstract: "Beri tiket label isu dikenal lain, atau \"other\" bila bukan salah satunya.")
        @OptionGroup var options: Options
        @Argument(help: "Id tiket di help desk asalnya.") var ticket: String
        @Argument(help: "Id isu dikenal, atau \"other\".", completion: Completions.issueIDs(adding: ["other"]))
        var issue: String
        @Option(help: "Sumbernya, bila beberapa help desk punya tiket dengan id ini.") var source: String?
        @Option(help: "Catatan yang disimpan bersama label.") var note: String?

        func execute() async throws {
            let desk = try options.desk()
            let label = try await desk.relabel(
                try await desk.ticket(ticket, source: source), as: Verdict(agentInput: issue), agent: options.agentName,
                note: note)
            Terminal.message("Tiket \(ticket) diberi label \(desk.name(of: label.verdict)) oleh \(label.agent).")
        }
    }

    struct Release: SolusiCommand {
        static let configuration = CommandConfiguration(
            abstract: "Kembalikan tiket yang Anda pegang ke antrean, untuk agen lain.")
        @OptionGroup var options: Options
        @Argument(help: "Id tiket di help desk asalnya.") var ticket: String
        @Option(help: "Sumbernya, bila beberapa help desk punya tiket dengan id ini.") var source: String?

        func execute() async throws {
            let desk = try options.desk()
            let released = try await desk.release(
                try await desk.ticket(ticket, source: source), agent: options.agentName)
            Terminal.message(
                released
                    ? "Tiket \(ticket) dikembalikan ke antrean."
                    : "Tiket \(ticket) tidak sedang dipegang oleh \(options.agentName); tidak ada yang berubah.")
        }
    }

    /// The interactive loop.
    struct Session: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "session", abstract: "Telusuri antrean (bawaan `solusi triage`).")
        @OptionGroup var options: Options
        @OptionGroup var filter: Filter

        func execute() async throws {
            let desk = try options.desk()
            let input = TriageInput()
            defer { input.restore() }
            let issues = desk.knowledgeBase.issues
            var cursor: Ticket?
            var done = (accepted: 0, relabelled: 0, skipped: 0)
            let agent = options.agentName
            while let suggestion = try await desk.next(
                filter.filter, agent: agent, lease: options.leaseSeconds, after: cursor)
            {
                cursor = suggestion.ticket
                // Quitting or running out of input gives the ticket on screen back.
                func leave() async throws { try await desk.release(suggestion.ticket, agent: agent) }
                Terminal.output(TriageView.text(suggestion, remaining: try await desk.remaining(filter.filter)))
                print(TriageView.keys)
                var handled = false
                while !handled {
                    guard let command = input.command() else {
                        try await leave()
                        return summary(done)
                    }
                    handled = true
                    switch command {
                    case .accept:
                        // The lease ran out while the ticket was on screen and a colleague took it:
                        // their claim stands; this agent goes on with the next ticket.
                        do {
                            try await desk.accept(suggestion, agent: options.agentName)
                        } catch let taken as HeldByAnotherAgent {
                            print("✗ Tidak disimpan: \(taken.description)\n")
                            continue
                        }
                        done.accepted += 1
                        print("✓ Diterima.\n")
                    case .relabel(let given):
                        guard let text = given ?? input.choice(TriageView.choices(issues)),
                            let choice = TriageView.resolve(text, issues)
                        else {
                            print("Pilihan tidak dikenal. Ketik nomor isu, id isu, atau \"other\".")
                            handled = false
                            continue
                        }
                        do {
                            try await desk.relabel(suggestion.ticket, as: choice, agent: options.agentName)
                        } catch let taken as HeldByAnotherAgent {
                            print("✗ Tidak disimpan: \(taken.description)\n")
                            continue
                        }
                        done.relabelled += 1
                        print("✓ Diberi label \(desk.name(of: choice)).\n")
                    case .skip:
                        try await leave()
                        done.skipped += 1
                        print("→ Dilewati.\n")
                    case .quit:
                        try await leave()
                        return summary(done)
                    case .unknown(let text):
                        Terminal.output("Perintah \"\(text)\" tidak dikenal. \(TriageView.keys)")
                        handled = false
                    }
                }
            }
            print("Antrean kosong: semua tiket sudah ditinjau.")
            summary(done)
        }

        private func summary(_ done: (accepted: Int, relabelled: Int, skipped: Int)) {
            print("Selesai: \(done.accepted) diterima, \(done.relabelled) diberi label lain, \(done.skipped) dilewati.")
        }
    }
}

/// The screens and JSON of triage.
enum TriageView {
    static let keys = "[t] terima  [g] ganti label  [l] lewati  [k] keluar"

    static func choices(_ issues: [KnownIssue]) -> String {
        (issues.enumerated().map { "  \($0.offset + 1)  \($0.element.title) (\($0.element.id))" }
            + ["  0  lainnya (bukan isu yang diketahui)"]).joined(separator: "\n")
    }

    /// What the agent picked — by number, id or "other" — or nil when it names nothing.
    static func resolve(_ text: String, _ issues: [KnownIssue]) -> Verdict? {
        if let number = Int(text), number >= 1, number <= issues.count { return .known(issues[number - 1].id) }
        let verdict = Verdict(agentInput: text)
        if let id = verdict.issueID, !issues.contains(where: { $0.id == id }) { return nil }
        return verdict
    }

    /// The ticket and the suggestion; long text wrapped at spaces to `width` (the terminal's).
    static func text(_ s: Suggestion, remaining: Int, width: Int? = Terminal.columns) -> String {
        let r = s.ticket.record
        let indent = String(repeating: " ", count: 12)
        var lines = [
            "── Tiket \(r.externalID) · \(remaining) tersisa di antrean ──",
            "Dibuat:     \(TicketDate.isoString(r.createdAt))  ·  \(r.requesterRole ?? "-")  ·  \(r.province ?? "-")  ·  \(r.channel ?? "-")",
            "Subjek:     " + Terminal.wrap(r.subject, width: width, indent: indent),
            "Deskripsi:  " + Terminal.wrap(r.description, width: width, indent: indent),
            "",
        ]
        let percent = Int((s.confidence * 100).rounded())
        if let issue = s.issue {
            lines.append("Saran:      \(issue.title) (\(issue.id))")
            lines.append(
                "Status isu: \(issue.status.label)"
                    + (issue.reviewed ? "" : " · draf belum ditinjau (balasan umum, bukan judul draf)"))
        } else {
            lines.append("Saran:      tidak dikenal (bukan salah satu isu yang diketahui)")
        }
        lines.append("Keyakinan:  \(percent)%")
        if !s.evidence.isEmpty { lines.append("Bukti:      \(s.evidence.joined(separator: ", "))") }
        for (issue, probability) in s.closest {
            lines.append("Terdekat:   \(issue.title) (\(issue.id), \(Int((probability * 100).rounded()))%)")
        }
        for url in s.articleURLs { lines.append("Artikel:    \(url)") }
        if let first = s.duplicateOf {
            lines.append(
                "Duplikat:   pengirim yang sama menulis hal yang sama di tiket \(first.record.externalID) (\(TicketDate.dayString(first.record.createdAt))), yang belum diberi label"
            )
        }
        for similar in s.similar {
            lines.append("Serupa:     " + SimilarLines.line(similar, title: { _ in nil }))
        }
        lines.append("Draf balasan:")
        lines.append(
            s.reply.split(separator: "\n", omittingEmptySubsequences: false).map { "  │ " + $0 }.joined(separator: "\n")
        )
        return lines.joined(separator: "\n")
    }
}

/// The agent's commands: single keys on a terminal, lines from a pipe.
final class TriageInput {
    enum Command {
        case accept, skip, quit
        /// With the choice when it came on the same line ("g 2").
        case relabel(String?)
        case unknown(String)
    }

    /// On a terminal: one key at a time, not echoed, and Ctrl-C read as a key (it ends the loop
    /// like Ctrl-D), so the loop itself always puts the terminal back — no signal handler needed.
    private let raw = Platform.RawMode(Platform.standardInput)

    func restore() { raw?.restore() }

    /// The next command; nil at the end of the input.
    func command() -> Command? {
        guard let text = raw != nil ? key() : readLine() else { return nil }
        let parts = text.split(separator: " ", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard let first = parts.first?.lowercased() else { return .unknown(text) }
        switch first {
        case "t", "terima", "a", "accept": return .accept
        case "l", "lewati", "s", "skip": return .skip
        case "k", "keluar", "q", "quit": return .quit
        case "g", "ganti", "r", "relabel": return .relabel(parts.count > 1 ? parts[1] : nil)
        default: return .unknown(text)
        }
    }

    /// A choice from a numbered list: one key on a terminal, a line otherwise.
    func choice(_ list: String) -> String? {
        print("Pilih isu:\n\(list)")
        return raw != nil ? key() : readLine()?.trimmingCharacters(in: .whitespaces)
    }

    private func key() -> String? {
        while let byte = raw?.key() {
            if byte == 0x04 || byte == 0x03 { return nil }  // Ctrl-D, Ctrl-C
            if byte == 0x0A || byte == 0x0D || byte == 0x20 { continue }
            return String(UnicodeScalar(byte))
        }
        return nil
    }
}
