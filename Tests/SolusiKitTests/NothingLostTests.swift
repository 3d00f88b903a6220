import Foundation
import Synchronization
import Testing

@testable import SolusiKit
@testable import SolusiSQLite

/// What adversarial testing found lost or miscounted, each kept fixed: every record of a file is
/// stored or listed as rejected, and reading a file again changes nothing.
@Suite struct NothingLostTests {
    let fixture: IngestFixture
    init() throws { fixture = try IngestFixture() }

    static func ticket(_ id: String, _ subject: String = "tombol sinkron tidak ada") -> String {
        #"{"id":"\#(id)","created_at":"2024-07-11T08:00:00+07:00","subject":"\#(subject)","description":"d"}"#
    }

    @Test func aRecordBeforeAStructureErrorIsStoredAndTheRestRejected() async throws {
        let text = "{\"tickets\":[" + Self.ticket("G1") + "," + Self.ticket("G2") + " " + Self.ticket("G3") + "]}"
        let (result, rejects) = try fixture.ingest("broken.json", text)
        #expect(result.counts.read == 3 && result.counts.inserted == 2 && result.counts.rejected == 1)
        #expect(try await fixture.store.tickets(externalID: "G2").count == 1)
        #expect(rejects.first?.reason.contains("setelah rekaman 2") == true)
        #expect(rejects.first?.raw.contains("G3") == true)
    }

    @Test(arguments: [
        ("{\"tickets\":[T1]}\n{\"tickets\":[T2,T3]}\n", 3),
        ("[T1]\n[T2,T3]", 3),
        ("{\"ticket\":T1}{\"ticket\":T2}", 2),
        ("{\"count\":3,\"tickets\":[T1,T2],\"next_page\":null}\n[T3]", 3),
    ])
    func everyDocumentOfAFileIsRead(_ shape: String, _ count: Int) throws {
        var text = shape
        for n in 1...3 { text = text.replacingOccurrences(of: "T\(n)", with: Self.ticket("D\(n)")) }
        let (result, rejects) = try fixture.ingest("pages.json", text)
        #expect(result.counts.inserted == count && rejects.isEmpty, "\(rejects.map(\.reason))")
    }

    @Test func aFileReadFromAPipeLosesNoRecord() async throws {
        // More than two 64 KiB windows: reading a pipe a second time to identify it took them.
        let lines = (1...3000).map { Self.ticket("P\($0)", "tombol sinkron tidak ada di menu pengelolaan kinerja") }
        let fifo = fixture.folder.path("pipe.jsonl")
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                try? handle.close()
            }
        }
        writer.start()
        var rejects: [RejectedRecord] = []
        var ingester = Ingester(store: fixture.store)
        ingester.onReject = { rejects.append($0) }
        let result = try ingester.ingest(file: fifo)
        #expect(result.counts.inserted == 3000 && rejects.isEmpty, "\(rejects.prefix(3).map(\.reason))")
        #expect(try await fixture.store.counts().tickets == 3000)
    }

    @Test func aRecordOverTheLimitIsRejectedInBothJSONShapesAndTheNextOneStored() async throws {
        // Longer than the limit: let go of as it is read, its first bytes kept for the reject.
        let long = String(repeating: "a", count: maxJSONRecordBytes + 1000)
        let big = #"{"id":"B1","created_at":"2024-07-11","subject":""# + long + #""}"#
        for (name, text) in [
            ("big.jsonl", big + "\n" + Self.ticket("B2") + "\n"),
            ("big.json", "[" + big + "," + Self.ticket("B3") + "]"),
        ] {
            let (result, rejects) = try fixture.ingest(name, text)
            #expect(result.counts.inserted == 1 && result.counts.rejected == 1, "\(name)")
            #expect(rejects.first?.reason.contains("lebih besar dari 32 MB") == true, "\(rejects.map(\.reason))")
            #expect(rejects.first.map { $0.raw.hasPrefix(#"{"id":"B1""#) && $0.raw.count <= 2000 } == true)
        }
        #expect(try await fixture.store.tickets(externalID: "B2").count == 1)
        #expect(try await fixture.store.tickets(externalID: "B3").count == 1)
    }

    @Test(arguments: [
        (#"{"tickets":null}"#, "berisi null"), (#"{"tickets":}"#, "tidak berisi nilai"),
        (#"{"data":5}"#, "berisi 5"), (#"{"results":"x"}"#, #"berisi "x""#),
    ])
    func aTicketListThatIsNotAListIsSaidNotCountedAsEmpty(_ text: String, _ reason: String) throws {
        let (result, rejects) = try fixture.ingest("list.json", text + "\n[" + Self.ticket("L1") + "]")
        #expect(
            result.counts.rejected == 1 && rejects.first?.reason.contains(reason) == true, "\(rejects.map(\.reason))")
        // A document after a list key that is only broken in its value is still read.
        if !reason.contains("tidak berisi nilai") { #expect(result.counts.inserted == 1) }
    }

    @Test func aNULEscapeInJSONIsRejectedLikeANULByteInCSV() async throws {
        let good = Self.ticket("N1", "NIK 3201234567890123 tidak sesuai")
        #expect(try fixture.ingest("a.jsonl", good + "\n").0.counts.inserted == 1)
        // The same ticket again with a NUL in its text, in both JSON shapes: rejected, the
        // stored one left as it was, and the full-text index whole.
        let withNUL = #"{"id":"N1","created_at":"2024-07-11T08:00:00+07:00","subject":"NIK\u0000","description":"d"}"#
        for (name, text) in [("b.jsonl", withNUL + "\n"), ("c.json", "{\"tickets\":[" + withNUL + "]}")] {
            let (result, rejects) = try fixture.ingest(name, text)
            #expect(result.counts.rejected == 1 && result.counts.updated == 0)
            #expect(rejects.first?.reason == JSONParser.nulReason)
        }
        #expect(
            try await fixture.store.tickets(externalID: "N1").first?.record.subject
                == "NIK 3201234567890123 tidak sesuai")
        #expect(try await fixture.store.search(["3201234567890123"], stems: { [$0] }, limit: 5).count == 1)
        #expect(try fixture.store.fullTextIndexIsWhole())
    }

    @Test func rejectsBelongToTheFileNotToThePathItWasTypedAs() async throws {
        let bad = #"{"id":"R1","created_at":"kemarin","subject":"a"}"# + "\n"
        let other = #"{"id":"R2","created_at":"lusa","subject":"b"}"# + "\n"
        try FileManager.default.createDirectory(
            atPath: fixture.folder.path("hari2"), withIntermediateDirectories: true)
        // Yesterday's export.csv and today's, from two folders: both sets of rejects are kept.
        _ = try fixture.ingest("export.jsonl", bad)
        _ = try fixture.ingest("hari2/export.jsonl", other)
        #expect(try await fixture.store.counts().rejected == 2)
        // One file read under three spellings of its path is counted once.
        for path in ["export.jsonl", "./export.jsonl", "hari2/../export.jsonl"] {
            _ = try Ingester(store: fixture.store).ingest(file: fixture.folder.path(path))
        }
        #expect(try await fixture.store.counts().rejected == 2)
        let kept = try fixture.store.rejects(limit: 10)
        #expect(kept.count == 2 && kept.contains { $0.raw.contains("R1") } && kept.contains { $0.raw.contains("R2") })
        // Shown under the path as typed the last time.
        #expect(kept.contains { $0.location.file.hasSuffix("hari2/../export.jsonl") })
    }

    @Test func textAfterTheLastDocumentIsRejectedWithAReason() throws {
        let (result, rejects) = try fixture.ingest("tail.json", "[" + Self.ticket("E1") + "]\nsisa teks")
        #expect(result.counts.inserted == 1 && result.counts.rejected == 1)
        #expect(rejects.first?.reason.contains("setelah dokumen JSON") == true)
    }

    @Test func idsKeepTheirLiteralTextAndMustBeTextOrNumbers() async throws {
        let text = """
            [{"id":123456789012345678901234567890,"created_at":"2024-07-11","subject":"a"},
             {"id":123456789012345678901234567891,"created_at":"2024-07-11","subject":"b"},
             {"id":1e3,"created_at":"2024-07-11","subject":"c"},
             {"id":true,"created_at":"2024-07-11","subject":"d"},
             {"id":[1],"created_at":"2024-07-11","subject":"e"},
             {"id":{"n":1},"created_at":"2024-07-11","subject":"f"}]
            """
        let (result, rejects) = try fixture.ingest("ids.json", text)
        #expect(result.counts.inserted == 3 && result.counts.rejected == 3)
        #expect(
            try await fixture.store.tickets(externalID: "123456789012345678901234567890").first?.record.subject == "a")
        #expect(
            try await fixture.store.tickets(externalID: "123456789012345678901234567891").first?.record.subject == "b")
        #expect(try await fixture.store.tickets(externalID: "1e3").count == 1)
        #expect(rejects.allSatisfy { $0.reason.contains("id tiket harus berupa teks atau angka") })
    }

    @Test func reingestingAFileThatRepeatsAnIdChangesNothing() async throws {
        let text =
            plainHeader + "7,2024-07-01,pertama,a,,,,,\n8,2024-07-01,x,y,,,,,\n7,2024-07-01,kedua,b,,,,,\n"
            + "7,2024-07-01,kedua,b,,,,,\n"
        let (first, _) = try fixture.ingest("dup.csv", text)
        #expect(first.counts.inserted == 2 && first.counts.updated == 1 && first.counts.unchanged == 1)
        let queued = try fixture.store.ticketsToClassify(after: 0, limit: 100, all: false).count
        // The same bytes again, also written anew (a second download): nothing changes, nothing is queued again.
        for _ in 0..<2 {
            let (again, _) = try fixture.ingest("dup.csv", text)
            #expect(again.counts.unchanged == 4 && again.counts.updated == 0 && again.counts.inserted == 0)
        }
        #expect(try await fixture.store.tickets(externalID: "7").map(\.record.subject) == ["kedua"])
        #expect(try fixture.store.ticketsToClassify(after: 0, limit: 100, all: false).count == queued)
    }
}

/// Limits and implausible values: refused with the reason, never stretching what comes after.
@Suite struct LimitTests {
    let fixture: IngestFixture
    init() throws { fixture = try IngestFixture() }

    @Test func implausibleDatesAreRejectedWithTheReason() throws {
        let text =
            plainHeader + "1,0001-01-01,a,b,,,,,\n2,9999-12-31,a,b,,,,,\n3,1970-01-01T00:00:00Z,a,b,,,,,\n"
            + "4,1999-12-31,a,b,,,,,\n5,2000-01-01,a,b,,,,,\n6,\(TicketDate.dayString(Int64(Date().timeIntervalSince1970))),a,b,,,,,\n"
        let (result, rejects) = try fixture.ingest("dates.csv", text)
        #expect(result.counts.inserted == 2 && result.counts.rejected == 4)
        #expect(rejects.map(\.location.line) == [2, 3, 4, 5])
        #expect(rejects[1].reason.contains("masa depan") && rejects[0].reason.contains("sebelum tahun 2000"))
    }

    @Test func aMappedColumnTheHeaderLacksIsAnError() async throws {
        let mapping = try FieldMapping(arguments: ["subject=Judul"])
        #expect(throws: IngestError.self) {
            try fixture.ingest("m.csv", plainHeader + "1,2024-07-11,a,b,,,,,\n", mapping: mapping)
        }
        #expect(try await fixture.store.counts().tickets == 0)
        let error = IngestError.unknownMappedColumn(file: "m.csv", field: "subject", column: "Judul", header: ["id"])
        #expect(error.description.hasPrefix("m.csv:1: --map subject=Judul"))
    }

    @Test func onlyTheFirstRejectsOfAFileAreKeptInFullTheRestCounted() async throws {
        let bad = (1...1500).map { "\($0),kemarin,a,b,,,,," }.joined(separator: "\n")
        for _ in 0..<2 {
            let (result, shown) = try fixture.ingest("bad.csv", plainHeader + bad + "\nok,2024-07-11,a,b,,,,,\n")
            #expect(result.counts.rejected == 1500 && result.counts.inserted + result.counts.unchanged == 1)
            #expect(shown.count == Ingester.keptRejectsPerFile)
            #expect(try fixture.store.rejects(limit: 5000).count == Ingester.keptRejectsPerFile)
            #expect(try fixture.store.rejectsNotKept().map(\.count) == [1500 - Ingester.keptRejectsPerFile])
            #expect(try await fixture.store.counts().rejected == 1500)
        }
    }

    @Test func aRecordOverTheLimitIsRejectedAndTheNextOneStored() throws {
        let huge = String(repeating: "x", count: (32 << 20) + 10)
        let (csv, csvRejects) = try fixture.ingest(
            "big.csv", plainHeader + "1,2024-07-11,a,\(huge),,,,,\n2,2024-07-11,b,c,,,,,\n")
        #expect(csv.counts.inserted == 1 && csvRejects.first?.reason.contains("32 MB") == true)
        let line =
            #"{"id":"3","created_at":"2024-07-11","subject":"\#(huge)"}"# + "\n"
            + #"{"id":"4","created_at":"2024-07-11","subject":"d"}"#
        let (json, jsonRejects) = try fixture.ingest("big.jsonl", line + "\n")
        #expect(json.counts.inserted == 1 && jsonRejects.first?.reason.contains("32 MB") == true)
    }
}

@Suite struct JSONParserTests {
    func parse(_ text: String) -> Result<JSONValue, JSONParser.Failure> {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            Result { () throws(JSONParser.Failure) in try JSONParser.parse(UnsafeBufferPointer(buffer)) }
        }
    }

    @Test func valuesAreReadWithNumbersAsWritten() throws {
        let value = try parse(
            #" {"a": [1, -0.5e+3, 18446744073709551616], "b": "x\"\u00e9\ud83d\ude00", "c": null, "d": true} "#
        ).get()
        #expect(
            value
                == .object([
                    "a": .array([.number("1"), .number("-0.5e+3"), .number("18446744073709551616")]),
                    "b": .string("x\"é😀"), "c": .null, "d": .bool(true),
                ]))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "01", "1.", "-", "\"\\x\"", "\"\\ud800\"", "\"a\nb\"", "tru",
        "{\"a\":1,\"a\":2}", "[1] 2", String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
    ])
    func mistakesAreRefusedWithAReason(_ text: String) {
        guard case .failure(let failure) = parse(text) else {
            Issue.record("accepted: \(text.prefix(40))")
            return
        }
        #expect(!failure.reason.isEmpty && failure.offset <= text.utf8.count)
    }
}

@Suite struct ConcurrentOpenTests {
    /// Several processes starting on a new database at once (two ingests, an ingest and a
    /// `status`) all open it: whoever loses the race to migrate finds the migration done.
    @Test func manyConnectionsMigratingANewDatabaseAtOnceAllOpenIt() throws {
        for round in 0..<10 {
            let path = NSTemporaryDirectory() + "solusi-open-\(UUID().uuidString).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let failures = Mutex<[String]>([])
            let threads = (0..<6).map { _ in
                Thread {
                    do { _ = try SQLiteStore(path: path) } catch { failures.withLock { $0.append("\(error)") } }
                }
            }
            for thread in threads { thread.start() }
            while threads.contains(where: { !$0.isFinished }) { usleep(5_000) }
            #expect(failures.withLock { $0 }.isEmpty, "round \(round): \(failures.withLock { $0 })")
        }
    }
}
