import Foundation
import GRDB
import TestSupport
import Testing

/// Runs the built `solusi` binary and captures what it prints.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

let solusiBinary: URL = {
    // The test bundle sits beside the products it was built with.
    let candidates =
        [
            Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ] + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
    for folder in candidates {
        let url = folder.appendingPathComponent("solusi")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    fatalError("solusi binary not found beside \(candidates)")
}()

func solusi(_ arguments: [String], in folder: URL, environment: [String: String] = [:], input: String? = nil) throws
    -> Run
{
    let process = Process()
    process.executableURL = solusiBinary
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var env = ProcessInfo.processInfo.environment
    env["SOLUSI_DB"] = nil
    env.merge(environment) { $1 }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    // Read both pipes while the process runs, so a full pipe cannot stall it.
    nonisolated(unsafe) var errData = Data()
    let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
    errReader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errReader.isFinished { usleep(1000) }
    return Run(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

func temporaryFolder() throws -> URL { try scratchFolder("solusi-cli") }

func json(_ text: String) throws -> [String: Int] {
    try JSONDecoder().decode([String: Int].self, from: Data(text.utf8))
}

@Suite struct IngestCommandTests {
    let folder: URL
    init() throws { folder = try temporaryFolder() }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: folder.appendingPathComponent(name))
    }

    @Test func everyKindOfBadInputIsRejectedWithFileLineAndReasonAndTheRestStored() throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array("id,created_at,subject,description,requester_role,province,channel,status,tags\r\n".utf8)
        bytes += Array("1,2024-07-01 08:00,ok,\"baris\r\nbaru \"\"kutip\"\"\",Guru,Aceh,web,open,a\r\n".utf8)  // 2-3
        bytes += Array("2,2024-07-01,kurang\r\n".utf8)  // 4 wrong column count
        bytes += Array("3,31/31/2024,tanggal,x,,,,,\r\n".utf8)  // 5 bad date
        bytes += Array("4,2024-07-01,\"tidak ditutup,x,,,,,\r\n".utf8)  // 6 unterminated quote
        bytes += Array("5,2024-07-01,lima,ok,,,,,\r\n".utf8)  // 7
        bytes += Array("6,2024-07-01,nul".utf8) + [0] + Array(",x,,,,,\r\n".utf8)  // 8 NUL
        // 9: neither UTF-8 nor Windows-1252 (which leaves 0x81 undefined)
        bytes += Array("7,2024-07-01,utf".utf8) + [0x81, 0x28] + Array(",x,,,,,\r\n".utf8)
        bytes += Array("1,2024-07-01 08:00,ok lagi,x,,,,,\r\n".utf8)  // 10 duplicate id: newer version
        bytes +=
            Array("8,2024-07-01,\"".utf8) + Array(repeating: UInt8(ascii: "k"), count: 10 << 20)
            + Array("\",x,,,,,\r\n".utf8)  // 11 10 MB field
        try write("bad.csv", bytes)

        let run = try solusi(["ingest", "bad.csv", "--json", "--db", "t.sqlite"], in: folder)
        #expect(run.status == 3)
        let summary = try json(run.stdout)
        #expect(summary == ["read": 9, "inserted": 3, "updated": 1, "unchanged": 0, "rejected": 5])
        for expected in [
            "bad.csv:4: jumlah kolom", "bad.csv:5: tanggal", "bad.csv:6:", "bad.csv:8: kolom 3 berisi byte NUL",
            "bad.csv:9: kolom 3 bukan teks UTF-8",
        ] {
            #expect(run.stderr.contains(expected), "stderr lacks \(expected): \(run.stderr)")
        }

        let rejects = try solusi(["rejects", "--json", "--db", "t.sqlite"], in: folder)
        let list = try JSONSerialization.jsonObject(with: Data(rejects.stdout.utf8)) as! [[String: Any]]
        #expect(list.map { $0["line"] as! Int } == [4, 5, 6, 8, 9])
        let status = try json(try solusi(["status", "--json", "--db", "t.sqlite"], in: folder).stdout)
        #expect(status["tickets"] == 3 && status["rejected"] == 5)
        let show = try solusi(["tickets", "show", "8", "--json", "--db", "t.sqlite"], in: folder)
        #expect(show.stdout.utf8.count > 10 << 20)
    }
}

extension IngestCommandTests {
    /// A plain CSV of `count` simple tickets, ids starting at `first`.
    func writeTickets(_ name: String, count: Int, first: Int = 1) throws {
        var text = "id,created_at,subject,description,requester_role,province,channel,status,tags\n"
        text.reserveCapacity(count * 120)
        for i in first..<(first + count) {
            text +=
                "T\(i),2024-07-\(10 + i % 20)T08:00:00+07:00,Tombol sinkron \(i),\"NIP sudah diperbarui, tiket \(i)\",Guru,Bali,web,open,sinkron\n"
        }
        try write(name, Array(text.utf8))
    }

    @Test func reingestingTheSameFileChangesNothing() throws {
        try writeTickets("a.csv", count: 500)
        let first = try solusi(["ingest", "a.csv", "--json", "--db", "t.sqlite"], in: folder)
        #expect(first.status == 0)
        #expect(try json(first.stdout) == ["read": 500, "inserted": 500, "updated": 0, "unchanged": 0, "rejected": 0])
        let second = try solusi(["ingest", "a.csv", "--json"], in: folder, environment: ["SOLUSI_DB": "t.sqlite"])
        #expect(try json(second.stdout) == ["read": 500, "inserted": 0, "updated": 0, "unchanged": 500, "rejected": 0])
        #expect(!second.stderr.contains("\u{1B}["), "no terminal control codes when stderr is not a terminal")
    }

    @Test func aMissingFileIsFatalButTheOtherFilesAreStored() throws {
        try writeTickets("a.csv", count: 10)
        let run = try solusi(["ingest", "missing.csv", "a.csv", "--json", "--db", "t.sqlite"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("missing.csv: berkas tidak dapat dibuka"))
        #expect(try json(run.stdout)["inserted"] == 10)
    }

    @Test func twoIngestsWritingTheSameDatabaseAtOnceBothSucceed() throws {
        try writeTickets("a.csv", count: 30_000)
        try writeTickets("b.csv", count: 30_000, first: 20_001)  // 10,000 tickets in common
        nonisolated(unsafe) var other: Run?
        let thread = Thread { other = try? solusi(["ingest", "b.csv", "--db", "t.sqlite"], in: folder) }
        thread.start()
        let run = try solusi(["ingest", "a.csv", "--db", "t.sqlite"], in: folder)
        while !thread.isFinished { usleep(10_000) }
        #expect(run.status == 0, "\(run.stderr)")
        let otherStderr = other.map(\.stderr) ?? "(did not run)"
        #expect(other?.status == 0, "\(otherStderr)")
        #expect(!(run.stderr + otherStderr).contains("locked"))
        let status = try json(try solusi(["status", "--json", "--db", "t.sqlite"], in: folder).stdout)
        #expect(status["tickets"] == 50_000)
    }

    /// Starts `solusi ingest FILE`, waits until some batches are committed and kills it without
    /// warning (SIGKILL); returns the database and how many tickets it holds.
    func ingestKilledAfterFirstBatch(_ file: String, into name: String) throws -> (DatabaseQueue, Int) {
        let process = Process()
        process.executableURL = solusiBinary
        process.arguments = ["ingest", file, "--db", name]
        process.currentDirectoryURL = folder
        process.standardError = FileHandle.nullDevice
        try process.run()
        let database = try DatabaseQueue(path: folder.appendingPathComponent(name).path)
        let count = { try database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM ticket") ?? 0 } }
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            usleep(50_000)
            if ((try? count()) ?? 0) > 0 { break }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return (database, try count())
    }

    @Test func killedInTheMiddleTheDatabaseIsIntactAndARerunFinishesTheJob() throws {
        let count = 400_000
        try writeTickets("big.csv", count: count)
        let (database, partial) = try ingestKilledAfterFirstBatch("big.csv", into: "t.sqlite")
        #expect(partial > 0 && partial < count, "killed too late to test anything: \(partial)")
        #expect(try database.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")

        let rerun = try solusi(["ingest", "big.csv", "--json", "--db", "t.sqlite"], in: folder)
        #expect(rerun.status == 0)
        let summary = try json(rerun.stdout)
        #expect(summary["unchanged"] == partial && summary["inserted"] == count - partial)
        let (stored, indexed, integrity) = try database.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(DISTINCT external_id) FROM ticket"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH 'sinkron'"),
                try String.fetchOne(db, sql: "PRAGMA integrity_check")
            )
        }
        #expect(stored == count && indexed == count && integrity == "ok")
    }

    @Test func duplicatesMarkedBeforeAKillAreTheSameAsInOneCleanIngest() throws {
        // Each teacher writes twice, a day apart, the second time a little differently; the
        // copies of some teachers fall in the batch after their first.
        let teachers = 30_000
        var text = "id,created_at,subject,description,requester\n"
        for i in 0..<teachers {
            let day = 1 + i % 25
            text +=
                "A\(i),2024-07-\(day < 10 ? "0" : "")\(day)T08:00:00+07:00,Tombol sinkron tidak ada,\"Tombol sinkron PMM di e-Kinerja BKN tidak muncul, SKP tidak bisa ditarik.\",guru\(i)@contoh.id\n"
        }
        for i in 0..<teachers {
            let day = 2 + i % 25
            text +=
                "B\(i),2024-07-\(day < 10 ? "0" : "")\(day)T09:00:00+07:00,tombol sinkron gk ada,\"Assalamualaikum. tombol sinkron pmm di e-kinerja bkn tdk muncul, skp tdk bisa ditarik. Terima kasih\",guru\(i)@contoh.id\n"
        }
        try write("pairs.csv", Array(text.utf8))
        let (killed, partial) = try ingestKilledAfterFirstBatch("pairs.csv", into: "killed.sqlite")
        #expect(partial > 0 && partial < 2 * teachers, "killed too late to test anything: \(partial)")
        #expect(try solusi(["ingest", "pairs.csv", "--db", "killed.sqlite"], in: folder).status == 0)
        #expect(try solusi(["ingest", "pairs.csv", "--db", "clean.sqlite"], in: folder).status == 0)
        let clean = try DatabaseQueue(path: folder.appendingPathComponent("clean.sqlite").path)
        func pairs(_ database: DatabaseQueue) throws -> [String: String] {
            try database.read { db in
                Dictionary(
                    uniqueKeysWithValues: try Row.fetchAll(
                        db,
                        sql: "SELECT t.external_id, f.external_id FROM ticket t JOIN ticket f ON f.id = t.duplicate_of"
                    ).map { ($0[0] as String, $0[1] as String) })
            }
        }
        let expected = Dictionary(uniqueKeysWithValues: (0..<teachers).map { ("B\($0)", "A\($0)") })
        #expect(try pairs(clean) == expected)
        #expect(try pairs(killed) == expected)
        let status = try json(try solusi(["status", "--json", "--db", "killed.sqlite"], in: folder).stdout)
        #expect(status["duplicates"] == teachers)
    }

    @Test func searchStatusAndTicketsCommands() throws {
        try writeTickets("a.csv", count: 30)
        _ = try solusi(["ingest", "a.csv", "--db", "t.sqlite"], in: folder)
        let search = try solusi(["search", "tiket 17", "--json", "--db", "t.sqlite"], in: folder)
        #expect(search.status == 0)
        let hits = try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as! [[String: Any]]
        #expect(hits.first?["id"] as? String == "T17")
        #expect((hits.first?["snippet"] as? String)?.contains("[17]") == true)

        let empty = try solusi(["search", "?!", "--db", "t.sqlite"], in: folder)
        #expect(empty.status == 64)
        #expect(empty.stderr.contains("tidak berisi kata yang bisa dicari"))
        #expect(!empty.stderr.lowercased().contains("sql"))

        let list = try solusi(["tickets", "list", "--limit", "3", "--db", "t.sqlite"], in: folder)
        #expect(list.stdout.split(separator: "\n").count == 3)
        let missing = try solusi(["tickets", "show", "nope", "--db", "t.sqlite"], in: folder)
        #expect(missing.status == 1 && missing.stderr.contains("tidak ditemukan"))
    }

    @Test func sampleIsDeterministicAndDemoWritesTheReportAndAnnouncement() throws {
        let a = try solusi(["sample", "--count", "50", "--seed", "9"], in: folder)
        let b = try solusi(["sample", "--count", "50", "--seed", "9"], in: folder)
        #expect(a.stdout == b.stdout && a.stdout.hasPrefix("id,created_at,subject,description,"))
        let jsonl = try solusi(["sample", "--count", "5", "--format", "jsonl"], in: folder)
        #expect(jsonl.stdout.split(separator: "\n").count == 5)

        let articles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Articles"
        )
        .standardized.path
        let demo = try solusi(["demo", "--out", "report", "--count", "300", "--articles", articles], in: folder)
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stderr.contains("solusi serve --db ") && demo.stderr.contains("solusi-demo.sqlite"))
        let report = folder.appendingPathComponent("report")
        let page = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page.contains("<strong>300</strong> tiket masuk"))
        #expect(page.contains("Isu yang diketahui") && page.contains("Tiket per hari"))
        #expect(page.contains("Kepala Sekolah gagal mengirimkan Predikat Kinerja Guru"))
        let issuePage = report.appendingPathComponent("isu/predikat-kinerja-gagal-kirim.html")
        #expect(try String(contentsOf: issuePage, encoding: .utf8).contains("Per provinsi"))
        let announcement = try String(contentsOf: report.appendingPathComponent("pengumuman.md"), encoding: .utf8)
        #expect(announcement.hasPrefix("---\ntitle: ") && announcement.contains("Halo Bapak dan Ibu hebat"))
    }

    /// The real Zendesk Incremental Export sample in shared/fixtures, when this checkout has it beside.
    static let zendeskFixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/fixtures/zendesk/incremental-tickets-time-based.json").standardized

    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: zendeskFixture.path),
            "skipped: needs ../shared/fixtures/zendesk beside this checkout (the team's workspace has it)"))
    func realZendeskIncrementalExport() throws {
        let run = try solusi(["ingest", Self.zendeskFixture.path, "--json", "--db", "t.sqlite"], in: folder)
        #expect(run.status == 0)
        #expect(try json(run.stdout) == ["read": 5, "inserted": 4, "updated": 0, "unchanged": 1, "rejected": 0])
        let show = try solusi(["tickets", "show", "1002", "--db", "t.sqlite"], in: folder)
        #expect(show.stdout.contains("sumber zendesk") && show.stdout.contains("Kanal:     api"))
    }
}

extension IngestCommandTests {
    @Test func readingCommandsDoNotCreateADatabaseForAMistypedPath() throws {
        let run = try solusi(["status", "--db", "typo.sqlite"], in: folder)
        #expect(run.status == 1 && run.stderr.contains("belum ada"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("typo.sqlite").path))
    }
}
