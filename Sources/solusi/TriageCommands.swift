import ArgumentParser
import Foundation
import SolusiKit

struct Triage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Antrean agen: saran, bukti, tautan artikel dan draf balasan; terima atau koreksi.",
        discussion: """
            triage (tanpa subperintah) menelusuri antrean, tiket terlama lebih dulu. Di terminal satu tombol langsung bekerja: t terima, g ganti label, l lewati, u urungkan label terakhir sesi ini, c salin draf balasan ke papan klip (OSC 52), k keluar. Ctrl-C membatalkan pilihan isu, dan di luar itu mengakhiri sesi dan mengembalikan tiket yang sedang tampil. Ketikan yang datang beruntun (teks, bukan satu tombol) diabaikan. Tanpa terminal perintah yang sama dibaca baris per baris; "g ISU" atau "g lainnya" mengganti label dalam satu baris.

            Antrean hanya berisi tiket yang di help desk belum selesai atau ditutup; --include-closed menyertakannya.

            Tiket yang ditampilkan kepada agen dipegang untuknya (--agent, selain itu $USER) selama --lease menit: agen lain tidak melihatnya sampai tiket diterima, diberi label lain, dikembalikan (`triage release TICKET`, atau dilewati di putaran) atau waktunya habis. `triage next` menampilkan tiket yang sedang dipegang agen itu, bila ada.

            --issue dan --unknown memakai klasifikasi tersimpan: jalankan `solusi classify` dulu.
            """,
        subcommands: [Session.self, Next.self, Accept.self, Relabel.self, Undo.self, Release.self],
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

        func desk() throws -> TriageDesk { try TriageDesk.open(global.workspace, warn: Terminal.warning) }
    }

    struct Filter: ParsableArguments {
        @Option(help: "Hanya tiket yang diklasifikasikan sebagai isu dikenal ini.", completion: Completions.issueIDs())
        var issue: String?
        @Flag(help: "Hanya tiket yang diklasifikasikan tidak dikenal.") var unknown = false
        @Flag(
            help:
                "Sertakan tiket yang di help desk sudah berstatus selesai atau ditutup (solved, closed, resolved, selesai, ditutup…); bawaannya tidak ikut antrean."
        )
        var includeClosed = false

        func validate() throws {
            if issue != nil && unknown { throw ValidationError("pilih --issue atau --unknown, bukan keduanya.") }
        }

        var filter: TriageFilter {
            TriageFilter(issue.map { .issue($0) } ?? (unknown ? .unknown : .all), includeClosed: includeClosed)
        }
    }

    struct Next: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "next",
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
                if json { print("null") } else { Terminal.message(TriageView.emptyQueue(filter.filter)) }
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

    /// The ticket a command acts on: its help-desk id, and the help desk when several have it.
    struct TicketChoice: ParsableArguments {
        @Argument(help: "Id tiket di help desk asalnya.") var ticket: String
        @Option(help: "Sumbernya, bila beberapa help desk punya tiket dengan id ini.") var source: String?

        func find(in desk: TriageDesk) async throws -> Ticket { try await desk.ticket(ticket, source: source) }
    }

    struct Accept: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "accept", abstract: "Terima isu yang disarankan untuk sebuah tiket.")
        @OptionGroup var options: Options
        @OptionGroup var chosen: TicketChoice
        @Option(help: "Catatan yang disimpan bersama label.") var note: String?

        func execute() async throws {
            let desk = try options.desk()
            let label = try await desk.accept(
                desk.suggest(try await chosen.find(in: desk)), agent: options.agentName, note: note)
            Terminal.message("Tiket \(chosen.ticket): \(desk.name(of: label.verdict)) diterima oleh \(label.agent).")
        }
    }

    struct Relabel: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "relabel",
            abstract: "Beri tiket label isu dikenal lain, atau \"lainnya\" bila bukan salah satunya.")
        @OptionGroup var options: Options
        @OptionGroup var chosen: TicketChoice
        @Argument(
            help: "Id isu dikenal, atau \"lainnya\" (juga \"other\").",
            completion: Completions.issueIDs(adding: ["lainnya"]))
        var issue: String
        @Option(help: "Catatan yang disimpan bersama label.") var note: String?

        func execute() async throws {
            let desk = try options.desk()
            let label = try await desk.relabel(
                try await chosen.find(in: desk), as: Verdict(agentInput: issue), agent: options.agentName, note: note)
            Terminal.message("Tiket \(chosen.ticket) diberi label \(desk.name(of: label.verdict)) oleh \(label.agent).")
        }
    }

    struct Undo: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "undo",
            abstract: "Urungkan label Anda pada sebuah tiket: tiket kembali ke antrean, riwayatnya tetap tercatat.")
        @OptionGroup var options: Options
        @OptionGroup var chosen: TicketChoice

        func execute() async throws {
            let desk = try options.desk()
            let undone = try await desk.undo(try await chosen.find(in: desk), agent: options.agentName)
            Terminal.message(
                "Label \(desk.name(of: undone.verdict)) pada tiket \(chosen.ticket) diurungkan; tiket kembali ke antrean."
            )
        }
    }

    struct Release: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Kembalikan tiket yang Anda pegang ke antrean, untuk agen lain.")
        @OptionGroup var options: Options
        @OptionGroup var chosen: TicketChoice

        func execute() async throws {
            let desk = try options.desk()
            let released = try await desk.release(try await chosen.find(in: desk), agent: options.agentName)
            Terminal.message(
                released
                    ? "Tiket \(chosen.ticket) dikembalikan ke antrean."
                    : "Tiket \(chosen.ticket) tidak sedang dipegang oleh \(options.agentName); tidak ada yang berubah.")
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
            var done = Tally()
            let agent = options.agentName
            // Tickets labelled in this session (and whether accepted), newest last: `u` takes the
            // last one back.
            var labelled: [(ticket: Ticket, accepted: Bool)] = []
            // A ticket whose label was just taken back, shown again before the queue goes on.
            var again: Suggestion?
            while true {
                let suggestion: Suggestion
                if let shown = again {
                    suggestion = shown
                    again = nil
                } else {
                    guard
                        let next = try await desk.next(
                            filter.filter, agent: agent, lease: options.leaseSeconds, after: cursor)
                    else { break }
                    suggestion = next
                    cursor = next.ticket
                }
                // Quitting or running out of input gives the ticket on screen back.
                func leave() async throws { try await desk.release(suggestion.ticket, agent: agent) }
                Terminal.output(TriageView.text(suggestion, remaining: try await desk.remaining(filter.filter)))
                print(TriageView.keys)
                var handled = false
                while !handled {
                    handled = true
                    switch input.command() {
                    case nil:
                        try await leave()
                        return summary(done)
                    case .interrupt:
                        try await leave()
                        print(
                            "\nDihentikan (Ctrl-C); tiket \(suggestion.ticket.record.externalID) dikembalikan ke antrean."
                        )
                        return summary(done)
                    case .stray(let text):
                        print(TriageView.strayHint(text))
                        handled = false
                    case .accept:
                        // The lease ran out while the ticket was on screen and a colleague took it:
                        // their claim stands; this agent goes on with the next ticket.
                        do {
                            try await desk.accept(suggestion, agent: agent)
                        } catch let taken as HeldByAnotherAgent {
                            print("✗ Tidak disimpan: \(taken.description)\n")
                            continue
                        }
                        done.accepted += 1
                        labelled.append((suggestion.ticket, true))
                        print("✓ Diterima.\n")
                    case .relabel(let given):
                        let picked =
                            given.map { TriageInput.Choice.picked($0) } ?? input.choice(TriageView.choices(issues))
                        switch picked {
                        case .end:
                            try await leave()
                            return summary(done)
                        case .cancelled:
                            print("Pilihan isu dibatalkan.\n\(TriageView.keys)")
                            handled = false
                            continue
                        case .picked(let text):
                            guard let choice = TriageView.resolve(text, issues) else {
                                print("Pilihan tidak dikenal. Ketik nomor isu, id isu, atau 0/\"lainnya\".")
                                handled = false
                                continue
                            }
                            do {
                                try await desk.relabel(suggestion.ticket, as: choice, agent: agent)
                            } catch let taken as HeldByAnotherAgent {
                                print("✗ Tidak disimpan: \(taken.description)\n")
                                continue
                            }
                            done.relabelled += 1
                            labelled.append((suggestion.ticket, false))
                            print("✓ Diberi label \(desk.name(of: choice)).\n")
                        }
                    case .undo:
                        guard let (last, accepted) = labelled.popLast() else {
                            print("Belum ada label di sesi ini yang dapat diurungkan.")
                            handled = false
                            continue
                        }
                        let undone = try await desk.undo(last, agent: agent)
                        if accepted { done.accepted -= 1 } else { done.relabelled -= 1 }
                        done.undone += 1
                        try await leave()
                        // The queue goes on after the ticket taken back, so the one on screen
                        // (given back above) comes again after it.
                        cursor = last
                        print(
                            "↶ Label \(desk.name(of: undone.verdict)) pada tiket \(last.record.externalID) diurungkan; tiket itu tampil lagi.\n"
                        )
                        again = desk.suggest(last)
                    case .copy:
                        print(input.copyToClipboard(suggestion.reply))
                        handled = false
                    case .skip:
                        try await leave()
                        done.skipped += 1
                        print("→ Dilewati.\n")
                    case .quit:
                        try await leave()
                        return summary(done)
                    case .unknown(let text):
                        Terminal.output("Perintah \"\(text)\" tidak dikenal.\n\(TriageView.keys)")
                        handled = false
                    }
                }
            }
            print(TriageView.emptyQueue(filter.filter))
            summary(done)
        }

        /// What the session did.
        struct Tally {
            var accepted = 0
            var relabelled = 0
            var skipped = 0
            var undone = 0
        }

        private func summary(_ done: Tally) {
            print(
                "Selesai: \(done.accepted) diterima, \(done.relabelled) diberi label lain, \(done.skipped) dilewati"
                    + (done.undone > 0 ? ", \(done.undone) label diurungkan." : "."))
        }
    }
}

/// The screens and JSON of triage.
enum TriageView {
    static let keys = "[t] terima [g] ganti label [l] lewati [u] urungkan [c] salin balasan [k] keluar"

    /// What an empty queue says: what this filter left out, and what to do next.
    static func emptyQueue(_ filter: TriageFilter) -> String {
        var lines = [
            "Antrean kosong: tidak ada tiket yang menunggu label\(filter.scope == .all ? "" : " dengan saringan ini")."
        ]
        if !filter.includeClosed {
            lines.append(
                "Tiket yang di help desk sudah selesai atau ditutup tidak ikut antrean; sertakan dengan --include-closed."
            )
        }
        lines.append(
            "Berikutnya: `solusi train` agar model belajar dari label baru, `solusi classify` untuk tiket baru, lalu `solusi notify ISU` untuk mengabari guru yang isunya sudah ada solusinya."
        )
        return lines.joined(separator: "\n")
    }

    /// What a burst of typed keys gets: nothing recorded, and why.
    static func strayHint(_ typed: String) -> String {
        let shown = typed.count > 30 ? String(typed.prefix(30)) + "…" : typed
        return
            "Ketikan \"\(terminalSafe(shown))\" diabaikan: sesi triase masih berjalan dan menunggu satu tombol.\n\(keys)"
    }

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
        // "Label:     value", the value wrapped under itself.
        func field(_ name: String, _ value: String) -> String {
            let label = (name + ":").padding(toLength: 12, withPad: " ", startingAt: 0)
            return label + Terminal.wrap(value, width: width, indent: String(repeating: " ", count: 12))
        }
        var lines = [
            "── Tiket \(r.externalID) · \(remaining) tersisa di antrean ──",
            field(
                "Dibuat",
                "\(TicketDate.isoString(r.createdAt)) · \(r.requesterRole ?? "-") · \(r.province ?? "-") · \(r.channel ?? "-")"
            ),
            field(
                "Status", "di help desk \(r.status ?? "tidak diketahui")\(r.isClosed ? " (sudah selesai/ditutup)" : "")"
            ),
            field("Subjek", r.subject),
            field("Deskripsi", r.description),
            "",
        ]
        let percent = Int((s.confidence * 100).rounded())
        if let issue = s.issue {
            lines.append(field("Saran", "\(issue.title) (\(issue.id))"))
            lines.append(
                field(
                    "Status isu",
                    issue.status.label
                        + (issue.reviewed ? "" : " · draf belum ditinjau (balasan umum, bukan judul draf)")))
        } else {
            lines.append(field("Saran", "tidak dikenal (bukan salah satu isu yang diketahui)"))
        }
        lines.append(field("Keyakinan", "\(percent)%"))
        if !s.evidence.isEmpty { lines.append(field("Bukti", s.evidence.joined(separator: ", "))) }
        for (issue, probability) in s.closest {
            lines.append(field("Terdekat", "\(issue.title) (\(issue.id), \(Int((probability * 100).rounded()))%)"))
        }
        for url in s.articleURLs { lines.append(field("Artikel", url)) }
        if let first = s.duplicateOf {
            lines.append(
                field(
                    "Duplikat",
                    "pengirim yang sama menulis hal yang sama di tiket \(first.record.externalID) (\(TicketDate.dayString(first.record.createdAt))), yang belum diberi label"
                ))
        }
        for similar in s.similar {
            lines.append(field("Serupa", SimilarLines.line(similar, title: { _ in nil })))
        }
        // The reply as it is sent: no margin to copy along, lines broken only at spaces (so a
        // link stays whole), and `c` copies it exactly.
        lines.append("── Draf balasan: salin apa adanya, atau [c] ke papan klip ──")
        lines.append(Terminal.wrap(s.reply, width: width, indent: ""))
        lines.append("── akhir draf ──")
        return lines.joined(separator: "\n")
    }
}

/// The agent's commands: single keys on a terminal, lines from a pipe.
final class TriageInput {
    enum Command {
        case accept, skip, quit, undo, copy
        /// With the choice when it came on the same line ("g 2").
        case relabel(String?)
        case unknown(String)
        /// Ctrl-C: end the session.
        case interrupt
        /// Keys that came in a burst: typed text (a shell command in the wrong window), not a
        /// deliberate key.
        case stray(String)
    }

    /// What came of the issue picker.
    enum Choice {
        case picked(String)
        /// Ctrl-C or Esc: back to the ticket.
        case cancelled
        /// The input ended.
        case end
    }

    /// On a terminal: one key at a time, not echoed, and Ctrl-C read as a key, so the loop itself
    /// always puts the terminal back — no signal handler needed.
    private let raw = Platform.RawMode(Platform.standardInput)

    /// How soon after a key another must come for both to be typed text rather than a command:
    /// a person pressing one key and reading the screen is far slower; typing a word, faster.
    static let burstMilliseconds: Int32 = 150

    func restore() { raw?.restore() }

    /// The next command; nil at the end of the input.
    func command() -> Command? {
        let text: String
        if raw != nil {
            switch key() {
            case .end: return nil
            case .interrupt, .escape: return .interrupt
            case .burst(let typed): return .stray(typed)
            case .key(let key): text = key
            }
        } else {
            guard let line = readLine() else { return nil }
            text = line
        }
        let parts = text.split(separator: " ", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard let first = parts.first?.lowercased() else { return .unknown(text) }
        switch first {
        case "t", "terima", "a", "accept": return .accept
        case "l", "lewati", "s", "skip": return .skip
        case "k", "keluar", "q", "quit": return .quit
        case "u", "urungkan", "undo": return .undo
        case "c", "salin", "copy": return .copy
        case "g", "ganti", "r", "relabel": return .relabel(parts.count > 1 ? parts[1] : nil)
        default: return .unknown(text)
        }
    }

    /// A choice from a numbered list: one key on a terminal, a line otherwise.
    func choice(_ list: String) -> Choice {
        print("Pilih isu (Ctrl-C atau Esc: batal):\n\(list)")
        guard raw != nil else {
            return readLine().map { .picked($0.trimmingCharacters(in: .whitespaces)) } ?? .end
        }
        switch key() {
        case .end: return .end
        case .interrupt, .escape: return .cancelled
        case .burst(let typed): return .picked(typed)
        case .key(let key): return .picked(key)
        }
    }

    /// The reply copied to the terminal's clipboard with OSC 52, which most terminals (and tmux
    /// with `set-clipboard on`) honour and the others ignore; what to tell the agent.
    func copyToClipboard(_ reply: String) -> String {
        guard raw != nil else { return "Menyalin ke papan klip hanya bisa di terminal." }
        let encoded = Data(reply.utf8).base64EncodedString()
        FileHandle.standardOutput.write(Data("\u{1B}]52;c;\(encoded)\u{07}".utf8))
        return
            "Draf balasan dikirim ke papan klip terminal (OSC 52). Bila terminal Anda tidak mendukungnya, salin teks di atas."
    }

    private enum Key {
        case key(String)
        case burst(String)
        case interrupt, escape, end
    }

    private func key() -> Key {
        guard let raw else { return .end }
        while let byte = raw.key() {
            switch byte {
            case 0x04: return .end  // Ctrl-D
            case 0x03: return .interrupt  // Ctrl-C
            case 0x1B:
                // Esc alone, or the start of an arrow or function key's sequence: drop the rest.
                var sequence = false
                while raw.key(within: 30) != nil { sequence = true }
                if !sequence { return .escape }
                continue
            case 0x0A, 0x0D, 0x20: continue
            default:
                var typed = [byte]
                while let next = raw.key(within: Self.burstMilliseconds) {
                    if next == 0x03 { return .interrupt }
                    typed.append(next)
                }
                let text = String(decoding: typed, as: UTF8.self)
                return typed.count == 1 ? .key(text) : .burst(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        return .end
    }
}
