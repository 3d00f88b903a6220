import Foundation
import Testing

/// The agent's loop, labels as training data, notifications and search, end to end.
@Suite struct TriageCommandTests {
    let folder: URL
    static let articles = ClassifyCommandTests.articles

    init() throws { folder = try temporaryFolder() }

    func run(_ arguments: [String], input: String? = nil, articles: String = Self.articles) throws -> Run {
        try solusi(arguments + ["--articles", articles], in: folder, environment: ["USER": "tester"], input: input)
    }

    func ingest(_ rows: [String]) throws {
        let csv =
            "id,created_at,subject,description,requester_role,province,channel,status,tags,requester\n"
            + rows.joined(separator: "\n") + "\n"
        try Data(csv.utf8).write(to: folder.appendingPathComponent("t.csv"))
        let result = try run(["ingest", "t.csv"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    func object(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    static let tickets = [
        "3,2024-07-03,Predikat gagal dikirim,predikat kinerja guru gagal terkirim terus,Kepala Sekolah,Aceh,email,open,,ks@sekolah.id",
        "1,2024-07-01,Tombol sinkron PMM tidak ada,di e-Kinerja BKN tidak ada tombol sinkron PMM,Guru,Bali,chat,open,,guru1@contoh.id",
        "2,2024-07-02,Libur,kapan libur semester dimulai?,Guru,Bali,chat,open,,guru2@contoh.id",
    ]

    @Test func consoleAccountsAreKeptWithoutTheirPasswordsAndAMistypedDatabaseIsNotCreated() throws {
        // Only `add` makes a database; a listing of a mistyped path is refused and makes none.
        let missing = try run(["agents", "list", "--db", "salah-ketik.sqlite"])
        #expect(missing.status == 1 && !missing.stderr.isEmpty, "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("salah-ketik.sqlite").path))
        let added = try run(["agents", "add", "rina", "--role", "lead"], input: "rahasia-panjang\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try run(["agents", "add", "budi"], input: "pendek\n").status == 1)
        #expect(try run(["agents", "add", "rina"], input: "rahasia-panjang\n").stderr.contains("sudah ada"))
        let listed = try JSONSerialization.jsonObject(with: Data(try run(["agents", "list", "--json"]).stdout.utf8))
        let accounts = try #require(listed as? [[String: Any]])
        #expect(accounts.map { $0["name"] as? String } == ["rina"] && accounts[0]["role"] as? String == "lead")
        #expect(accounts[0]["password_hash"] == nil && accounts[0]["created_at"] != nil)
        #expect(try run(["agents", "password", "rina"], input: "sandi-baru-lagi\n").status == 0)
        #expect(try run(["agents", "remove", "rina"]).status == 0)
        #expect(try run(["agents", "remove", "rina"]).status == 1)
        #expect(try run(["agents", "list"]).stdout.isEmpty)
    }

    @Test func anAgentMustHaveANameAndALeaseOfAtMostADay() throws {
        try ingest(Self.tickets)
        // No --agent and no login name (a container, cron): refused, nothing claimed.
        let nameless = try solusi(
            ["triage", "next", "--articles", Self.articles], in: folder, environment: ["USER": "", "LOGNAME": ""])
        #expect(nameless.status == 64 && nameless.stderr.contains("--agent NAMA"), "\(nameless.stderr)")
        for arguments in [["--agent", ""], ["--agent", "  "], ["--lease", "999999999999999999"], ["--lease", "0"]] {
            let refused = try run(["triage", "next"] + arguments)
            #expect(refused.status == 64 && !refused.stderr.isEmpty, "\(arguments): \(refused.stderr)")
        }
        let held = try object(try run(["triage", "next", "--json", "--agent", "citra"]).stdout)
        #expect(held["ticket"] != nil)
        // $LOGNAME names the agent when $USER is not set.
        let byLogin = try solusi(
            ["triage", "release", "1", "--articles", Self.articles], in: folder,
            environment: ["USER": "", "LOGNAME": "citra"])
        #expect(byLogin.status == 0 && byLogin.stderr.contains("dikembalikan ke antrean"), "\(byLogin.stderr)")
    }

    @Test func agentsInParallelNeverGetTheSameTicket() throws {
        try ingest(
            (1...8).map { "\($0),2024-07-0\($0),Tombol sinkron PMM tidak ada,di e-Kinerja BKN,Guru,Bali,chat,open,," })
        let agents = ["ani", "budi", "citra"]
        nonisolated(unsafe) var taken: [String: [String]] = [:]
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: agents.count) { index in
            let agent = agents[index]
            while let next = try? run(["triage", "next", "--json", "--agent", agent]), next.status == 0,
                let item = try? object(next.stdout), let ticket = item["ticket"] as? [String: Any],
                let id = ticket["id"] as? String
            {
                guard (try? run(["triage", "accept", id, "--agent", agent]))?.status == 0 else { break }
                lock.withLock { taken[agent, default: []].append(id) }
            }
        }
        let all = taken.values.flatMap { $0 }
        #expect(all.count == 8 && Set(all).count == 8, "\(taken)")
        #expect(try json(try run(["status", "--json"]).stdout)["labeled"] == 8)
    }

    @Test func aHeldTicketIsShownAgainToItsAgentAndReleasedForAnother() throws {
        try ingest(Array(Self.tickets.prefix(2)))
        func next(_ agent: String) throws -> String? {
            ((try object(try run(["triage", "next", "--json", "--agent", agent]).stdout))["ticket"] as? [String: Any])?[
                "id"] as? String
        }
        #expect(try next("ani") == "1")
        #expect(try next("ani") == "1", "the ticket ani holds")
        #expect(try next("budi") == "3")
        #expect(
            try run(["triage", "next", "--json", "--agent", "citra"]).stdout.trimmingCharacters(
                in: .whitespacesAndNewlines) == "null")
        let released = try run(["triage", "release", "1", "--agent", "ani"])
        #expect(released.status == 0 && released.stderr.contains("dikembalikan"), "\(released.stderr)")
        #expect(try next("citra") == "1")
        #expect(try run(["triage", "release", "1", "--agent", "ani"]).stderr.contains("tidak sedang dipegang"))
    }

    @Test func theNonInteractiveLoopLabelsOldestFirstAndKeepsHistory() throws {
        try ingest(Self.tickets)
        #expect(try run(["classify"]).status == 0)
        let first = try object(try run(["triage", "next", "--json"]).stdout)
        #expect((first["ticket"] as! [String: Any])["id"] as? String == "1")
        #expect(first["issue"] as? String == "tombol-sinkron-pmm-tidak-ada")
        #expect((first["articles"] as? [String])?.isEmpty == false && (first["reply"] as? String)?.isEmpty == false)
        #expect(first["remaining"] as? Int == 3)

        #expect(try run(["triage", "accept", "1"]).status == 0)
        #expect(try object(try run(["triage", "next", "--json"]).stdout)["issue"] is NSNull)
        #expect(try run(["triage", "relabel", "2", "other", "--note", "bukan isu"]).status == 0)
        #expect(try run(["triage", "relabel", "2", "predikat-kinerja-gagal-kirim", "--agent", "sari"]).status == 0)
        let bad = try run(["triage", "relabel", "2", "tidak-ada-isu-ini"])
        #expect(bad.status == 64 && bad.stderr.contains("tidak ada di basis pengetahuan"))

        let third = try object(try run(["triage", "next", "--json"]).stdout)
        #expect((third["ticket"] as! [String: Any])["id"] as? String == "3" && third["remaining"] as? Int == 1)
        #expect(try json(try run(["status", "--json"]).stdout)["labeled"] == 2)

        let shown = try object(try run(["tickets", "show", "2", "--json"]).stdout)
        let labels = shown["labels"] as! [[String: Any]]
        #expect(labels.map { $0["issue"] as? String } == [nil, "predikat-kinerja-gagal-kirim"])
        #expect(
            labels.map { $0["agent"] as? String } == ["tester", "sari"] && labels[0]["note"] as? String == "bukan isu")
        #expect((shown["classifications"] as! [[String: Any]]).count == 1)
    }

    @Test func theInteractiveLoopRunsThroughAPipe() throws {
        try ingest(Self.tickets)
        #expect(try run(["classify"]).status == 0)
        // Accept the first, skip the second, an unknown key, relabel the third by number, then the input ends.
        let session = try run(["triage"], input: "t\nl\nx\ng\n2\n")
        #expect(session.status == 0, "\(session.stderr)")
        #expect(
            session.stdout.contains("3 tersisa di antrean") && session.stdout.contains("Perintah \"x\" tidak dikenal"))
        #expect(session.stdout.contains("Selesai: 1 diterima, 1 diberi label lain, 1 dilewati."))
        let labels = { (id: String) in
            try (self.object(try self.run(["tickets", "show", id, "--json"]).stdout)["labels"] as! [[String: Any]])
        }
        #expect(try labels("1").first?["action"] as? String == "accept")
        #expect(try labels("2").isEmpty)
        #expect(try labels("3").first?["issue"] as? String == "predikat-kinerja-gagal-kirim")
        // The skipped ticket is still waiting.
        let next = try object(try run(["triage", "next", "--json"]).stdout)
        #expect((next["ticket"] as! [String: Any])["id"] as? String == "2")
    }

    @Test func aLabelIsUndoneInTheLoopAndByCommandAndTheHistoryKeepsBoth() throws {
        try ingest(Self.tickets)
        #expect(try run(["classify"]).status == 0)
        // Accept 1, accept 2, undo (2 comes back), relabel 2 as other, then the input ends on 3.
        let session = try run(["triage"], input: "t\nt\nu\ng lainnya\n")
        #expect(session.status == 0, "\(session.stderr)")
        #expect(session.stdout.contains("pada tiket 2 diurungkan; tiket itu tampil lagi"))
        #expect(session.stdout.contains("Selesai: 1 diterima, 1 diberi label lain, 0 dilewati, 1 label diurungkan."))
        let shown = try object(try run(["tickets", "show", "2", "--json"]).stdout)
        #expect((shown["labels"] as! [[String: Any]]).map { $0["action"] as? String } == ["accept", "undo", "relabel"])
        #expect(try json(try run(["status", "--json"]).stdout)["labeled"] == 2)

        // By command: only the agent's own label, and the ticket is back in the queue.
        let other = try run(["triage", "undo", "1", "--agent", "sari"])
        #expect(other.status == 1 && other.stderr.contains("diberikan oleh tester"), "\(other.stderr)")
        #expect(try run(["triage", "undo", "1"]).status == 0)
        #expect(try run(["triage", "undo", "1"]).stderr.contains("tidak berlabel"))
        #expect(try json(try run(["status", "--json"]).stdout)["labeled"] == 1)
        let next = try object(try run(["triage", "next", "--json"]).stdout)
        #expect((next["ticket"] as! [String: Any])["id"] as? String == "1")
    }

    @Test func closedTicketsWaitOutsideTheQueueAndAnEmptyQueueSaysWhatNext() throws {
        try ingest([
            "1,2024-07-01,Tombol sinkron PMM tidak ada,di e-Kinerja BKN tidak ada tombol sinkron PMM,Guru,Bali,chat,solved,,",
            "2,2024-07-02,Predikat gagal dikirim,predikat kinerja guru gagal terkirim terus,Kepala Sekolah,Aceh,email,Ditutup,,",
        ])
        let empty = try run(["triage", "next"])
        #expect(empty.status == 0 && empty.stderr.contains("--include-closed") && empty.stderr.contains("solusi train"))
        let closed = try run(["triage", "next", "--include-closed"])
        #expect(
            closed.stdout.contains("Tiket 1 · 2 tersisa") && closed.stdout.contains("solved (sudah selesai/ditutup)"))
    }

    @Test func theReplyGreetsTheRequesterByNameAndNamesTheTicket() throws {
        let csv = """
            id,created_at,subject,description,status,Requester name
            PB-7,2024-07-01,Libur,kapan libur semester dimulai?,open,Siti Aminah
            PB-8,2024-07-02,Libur lagi,kapan libur semester dimulai?,open,siti@contoh.id

            """
        try Data(csv.utf8).write(to: folder.appendingPathComponent("n.csv"))
        #expect(try run(["ingest", "n.csv"]).status == 0)
        let first = try #require(try object(try run(["triage", "next", "--json"]).stdout)["reply"] as? String)
        #expect(first.hasPrefix("Halo Bapak/Ibu Siti Aminah,") && first.contains("(tiket PB-7)"), "\(first)")
        #expect(!first.contains("menghubungi Anda kembali"), "the out-of-scope reply promises no call back")
        #expect(try run(["triage", "relabel", "PB-7", "lainnya"]).status == 0)
        // An address is no name: the greeting stays general.
        let second = try #require(try object(try run(["triage", "next", "--json"]).stdout)["reply"] as? String)
        #expect(second.hasPrefix("Halo Bapak/Ibu,") && second.contains("(tiket PB-8)"), "\(second)")
        // On screen the reply has no margin, so a copy is the reply as it is sent.
        let screen = try run(["triage", "next"]).stdout
        #expect(screen.contains("\nHalo Bapak/Ibu,\n") && !screen.contains("│"))
    }

    @Test func anIdFindsItsTicketAndListsSayWhatWasDecided() throws {
        try ingest(
            Self.tickets.map { $0.replacingOccurrences(of: "\n", with: "") }.enumerated().map { index, row in
                "PB-\(index + 1)" + row.drop { $0 != "," }
            })
        #expect(try run(["classify"]).status == 0)
        #expect(try run(["triage", "relabel", "PB-3", "lainnya"]).status == 0)
        let found = try run(["search", "PB-2"])
        #expect(found.stdout.hasPrefix("PB-2  "), "\(found.stdout)\(found.stderr)")
        let list = try run(["tickets", "list"]).stdout
        #expect(list.contains("PB-1  2024-07-03  [predikat-kinerja-gagal-kirim]  Predikat gagal dikirim"), "\(list)")
        #expect(list.contains("PB-3  2024-07-02  [lainnya, label agen]  Libur"), "\(list)")
        let shown = try run(["tickets", "show", "PB-1"]).stdout
        #expect(shown.contains("Isu:       Kepala Sekolah gagal mengirimkan Predikat Kinerja Guru"), "\(shown)")
        #expect(shown.contains("— menurut klasifikasi\nDraf balasan:\nHalo Bapak/Ibu,"))
        let status = try run(["status"]).stdout
        #expect(status.contains("terklasifikasi:       3 (2 tentang isu dikenal, 1 tidak dikenal)"), "\(status)")
        #expect(status.contains("Basis pengetahuan\n  isu dikenal:          4"))
    }

    @Test func anAgentsLabelsTeachANewPatternAfterTrain() throws {
        let pattern = [
            "11,2024-07-01,Lini masa PKG,lini masa PKG membeku di langkah dua waktu saya isi,Guru,Bali,chat,open,,",
            "12,2024-07-01,PKG,lini masa PKG membeku di langkah dua,Guru,Bali,chat,open,,",
            "13,2024-07-01,Lini masa,di PKG lini masa membeku terus di langkah dua,Guru,Bali,chat,open,,",
        ]
        try ingest(pattern)
        let probe = "lini masa PKG membeku di langkah dua"
        let before = try object(try run(["classify", probe, "--json"]).stdout)
        #expect(before["issue"] as? String != "jadwal-observasi-gagal-input")
        for id in ["11", "12", "13"] {
            #expect(try run(["triage", "relabel", id, "jadwal-observasi-gagal-input"]).status == 0)
        }
        #expect(try run(["train"]).status == 0)
        let after = try object(try run(["classify", probe, "--json"]).stdout)
        #expect(after["issue"] as? String == "jadwal-observasi-gagal-input", "\(after)")
    }

    @Test func notifyWritesOpenTicketsOnceAndRefusesAnIssueWithoutSolution() throws {
        try ingest(
            Self.tickets + [
                "4,2024-07-04,Predikat,predikat kinerja tidak bisa dikirim kepala sekolah,Kepala Sekolah,Aceh,email,solved,,ks2@sekolah.id"
            ])
        #expect(try run(["classify"]).status == 0)
        let notify = try run(["notify", "predikat-kinerja-gagal-kirim", "--out", "n.csv"])
        #expect(notify.status == 0, "\(notify.stderr)")
        let csv = try String(contentsOf: folder.appendingPathComponent("n.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("ticket_id,requester,reply,article_url,issue_id\n"))
        #expect(
            csv.contains("3,ks@sekolah.id,\"Halo Bapak/Ibu,") && csv.contains("https://s.id/PenetapanPredikatKinerja"))
        #expect(!csv.contains("ks2@sekolah.id"))  // solved in the help desk: nothing to send
        #expect(try run(["notify", "predikat-kinerja-gagal-kirim", "--out", "again.csv"]).stderr.contains("Tidak ada"))
        let again = try String(contentsOf: folder.appendingPathComponent("again.csv"), encoding: .utf8)
        #expect(again == "ticket_id,requester,reply,article_url,issue_id\n")
        #expect(try run(["notify", "predikat-kinerja-gagal-kirim", "--out", "a.csv", "--again"]).status == 0)
        #expect(try String(contentsOf: folder.appendingPathComponent("a.csv"), encoding: .utf8) == csv)

        // An issue still under investigation has no reply to send.
        let copy = folder.appendingPathComponent("Articles")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.articles), to: copy)
        #expect(
            try run(
                ["kb", "set-status", "predikat-kinerja-gagal-kirim", "investigating", "--note", "muncul lagi"],
                articles: copy.path
            ).status == 0)
        let refused = try run(["notify", "predikat-kinerja-gagal-kirim", "--out", "x.csv"], articles: copy.path)
        #expect(refused.status == 1 && refused.stderr.contains("belum ada solusi"))
    }

    @Test func replyDraftsCarryNoPersonalData() throws {
        let personal = [
            "3201234567890123", "198001012005011001", "0812-3456-7890", "siti.aminah@gmail.com", "Siti Aminah",
        ]
        try ingest([
            "9,2024-07-01,Predikat gagal dikirim - Siti Aminah,\"nama saya Siti Aminah, NIK 3201234567890123, NIP 198001012005011001, hp 0812-3456-7890, email siti.aminah@gmail.com. predikat kinerja gagal dikirim\",Kepala Sekolah,Aceh,email,open,,"
        ])
        let next = try object(try run(["triage", "next", "--json"]).stdout)
        let reply = try #require(next["reply"] as? String)
        #expect(next["issue"] as? String == "predikat-kinerja-gagal-kirim")
        for value in personal { #expect(!reply.contains(value), "\(value)") }
        #expect(try run(["notify", "predikat-kinerja-gagal-kirim", "--out", "n.csv"]).status == 0)
        let csv = try String(contentsOf: folder.appendingPathComponent("n.csv"), encoding: .utf8)
        for value in personal { #expect(!csv.contains(value), "\(value)") }
    }

    @Test func searchMatchesAcrossWordForms() throws {
        try ingest(Self.tickets)
        let hits =
            try JSONSerialization.jsonObject(with: Data(try run(["search", "mengirimkan", "--json"]).stdout.utf8))
            as! [[String: Any]]
        #expect(hits.map { $0["id"] as? String } == ["3"])  // "terkirim"
        let chat =
            try JSONSerialization.jsonObject(with: Data(try run(["search", "gk ada tombol", "--json"]).stdout.utf8))
            as! [[String: Any]]
        #expect(chat.map { $0["id"] as? String } == ["1"])  // "tidak ada tombol"
    }
}
