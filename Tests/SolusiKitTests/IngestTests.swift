import Foundation
import GRDB
import Testing

@testable import SolusiKit
@testable import SolusiSQLite

@Suite struct IngestTests {
    let fixture: IngestFixture
    init() throws { fixture = try IngestFixture() }

    static let twoTickets =
        plainHeader
        + "PB-1,2024-07-11T08:15:00+07:00,Gagal kirim predikat,\"Kepala sekolah gagal, mohon bantuan\",Kepala Sekolah,Aceh,web,open,predikat;pmm\n"
        + "PB-2,2024-07-12,Tombol sinkron tidak ada,NIP sudah diperbarui,Guru,Bali,email,pending,sinkron\n"

    @Test func plainCSVIsStoredWithEveryField() async throws {
        let (result, rejects) = try fixture.ingest("t.csv", Self.twoTickets)
        #expect(result.counts.inserted == 2 && rejects.isEmpty)
        #expect(result.dialect == .plain)
        let ticket = try #require(try await fixture.store.tickets(externalID: "PB-1").first).record
        #expect(ticket.source == "pusat-bantuan")
        #expect(ticket.description == "Kepala sekolah gagal, mohon bantuan")
        #expect(ticket.tags == ["predikat", "pmm"])
        #expect(ticket.requesterRole == "Kepala Sekolah" && ticket.province == "Aceh" && ticket.channel == "web")
        #expect(TicketDate.isoString(ticket.createdAt) == "2024-07-11T08:15:00+07:00")
    }

    @Test func reingestingChangesNothingAndAChangedTicketIsUpdated() async throws {
        _ = try fixture.ingest("t.csv", Self.twoTickets)
        let (again, _) = try fixture.ingest("t.csv", Self.twoTickets)
        #expect(again.counts.unchanged == 2 && again.counts.inserted == 0 && again.counts.updated == 0)

        let changed = Self.twoTickets.replacingOccurrences(
            of: "NIP sudah diperbarui", with: "NIP sudah diperbarui kemarin")
        let (third, _) = try fixture.ingest("t.csv", changed)
        #expect(third.counts.updated == 1 && third.counts.unchanged == 1)
        #expect(try await fixture.store.counts().tickets == 2)
        // The index follows the new text and forgets the old.
        #expect(
            try await TicketBrowser(store: fixture.store).search("kemarin", limit: 5).map(\.ticket.record.externalID)
                == [
                    "PB-2"
                ])
    }

    @Test func aChangedTextQueuesTheTicketForClassificationAgain() throws {
        _ = try fixture.ingest("t.csv", Self.twoTickets)
        try fixture.store.pool.write { try $0.execute(sql: "UPDATE ticket SET needs_classification = 0") }
        let statusOnly = Self.twoTickets.replacingOccurrences(of: "open,predikat", with: "solved,predikat")
        let textChanged = statusOnly.replacingOccurrences(of: "NIP sudah", with: "NIP telah")
        _ = try fixture.ingest("t.csv", textChanged)
        let queued = try fixture.store.pool.read {
            try String.fetchAll(
                $0, sql: "SELECT external_id FROM ticket WHERE needs_classification ORDER BY external_id")
        }
        #expect(queued == ["PB-2"])
    }

    @Test func badRecordsAreRejectedWithTheirLineAndTheGoodOnesStored() throws {
        let text =
            plainHeader
            + "1,2024-07-01,ok,satu,,,,,\n"
            + "2,2024-07-01,kolom kurang\n"
            + "3,kemarin sore,tanggal salah,x,,,,,\n"
            + ",2024-07-01,tanpa id,x,,,,,\n"
            + "5,2024-07-01,,,,,,,\n"
            + "6,2024-07-02,ok,enam,,,,,\n"
        let (result, rejects) = try fixture.ingest("bad.csv", text)
        #expect(result.counts.inserted == 2 && result.counts.rejected == 4)
        #expect(rejects.map(\.location.line) == [3, 4, 5, 6])
        #expect(rejects[0].reason.contains("jumlah kolom 3, seharusnya 9"))
        #expect(rejects[1].reason.contains("kemarin sore"))
        #expect(rejects[2].reason.contains("id"))
        #expect(rejects[3].reason.contains("kosong"))
        // Kept for review, and replaced (not doubled) when the file is read again.
        #expect(try fixture.store.rejects(limit: 100).count == 4)
        _ = try fixture.ingest("bad.csv", text)
        #expect(try fixture.store.rejects(limit: 100).map(\.location.line) == [3, 4, 5, 6])
    }

    @Test func duplicateIdsInOneFileKeepTheLastVersion() async throws {
        let text = plainHeader + "7,2024-07-01,pertama,a,,,,,\n7,2024-07-01,kedua,b,,,,,\n7,2024-07-01,kedua,b,,,,,\n"
        let (result, _) = try fixture.ingest("dup.csv", text)
        #expect(result.counts.inserted == 1 && result.counts.updated == 1 && result.counts.unchanged == 1)
        #expect(try await fixture.store.tickets(externalID: "7").map(\.record.subject) == ["kedua"])
    }

    @Test func emptyAndHeaderOnlyFilesHaveNoRecords() throws {
        #expect(try fixture.ingest("empty.csv", "").0.counts.read == 0)
        #expect(try fixture.ingest("header.csv", plainHeader).0.counts.read == 0)
    }

    @Test func aFileWithoutTheRequiredColumnsIsFatalAndWritesNothing() async throws {
        #expect(throws: IngestError.self) { try fixture.ingest("x.csv", "a,b,c\n1,2,3\n") }
        #expect(try await fixture.store.counts() == StoreCounts(tickets: 0, rejected: 0))
    }

    @Test func utf16IsRefusedWithAClearReason() throws {
        let error = #expect(throws: IngestError.self) { try fixture.ingest("u.csv", [0xFF, 0xFE, 0x69, 0x00]) }
        #expect(error?.description.contains("UTF-16") == true)
    }

    @Test func unknownColumnsAreKept() async throws {
        let text = "id,created_at,subject,description,Kabupaten,Prioritas\n1,2024-07-01,Halo,Salam,Garut,tinggi\n"
        _ = try fixture.ingest("x.csv", text)
        #expect(
            try await fixture.store.tickets(externalID: "1").first?.record.extra == [
                "Kabupaten": "Garut", "Prioritas": "tinggi",
            ])
    }

    @Test func zendeskCSVExportIsRecognised() async throws {
        let text =
            "Id,Requester,Subject,Status,Via,Created at,Updated at,Tags,Priority\n"
            + "101,Siti,Tombol sinkron hilang,Open,Web Form,2024-07-11 08:15:00,2024-07-11 09:00:00,sinkron pmm,Normal\n"
        let (result, _) = try fixture.ingest("zendesk.csv", text)
        #expect(result.dialect == .zendesk && result.counts.inserted == 1)
        let ticket = try #require(try await fixture.store.tickets(externalID: "101").first).record
        #expect(ticket.source == "zendesk" && ticket.channel == "Web Form" && ticket.tags == ["sinkron", "pmm"])
        #expect(ticket.extra["Priority"] == "Normal" && ticket.extra["Requester"] == "Siti")
    }

    @Test func freshdeskCSVExportIsRecognised() async throws {
        let text =
            "Ticket ID,Subject,Description,Status,Priority,Source,Created time,Tags\n"
            + "55,Verval ditolak,Data tidak sesuai Dukcapil,Open,Low,Portal,2024-07-11 08:15:00,\"verval,dukcapil\"\n"
        let (result, _) = try fixture.ingest("freshdesk.csv", text)
        #expect(result.dialect == .freshdesk)
        let ticket = try #require(try await fixture.store.tickets(externalID: "55").first).record
        #expect(ticket.source == "freshdesk" && ticket.channel == "Portal" && ticket.tags == ["verval", "dukcapil"])
    }

    @Test func mapNamesColumnsTheBuiltInNamesMiss() throws {
        let text = "Nomor,Waktu Lapor,Isi Keluhan\n9,2024-07-01 10:00,Gagal kirim\n"
        #expect(throws: IngestError.self) { try fixture.ingest("m.csv", text) }
        let mapping = try FieldMapping(arguments: ["id=Nomor", "created_at=Waktu Lapor", "description=isi keluhan"])
        let (result, _) = try fixture.ingest("m.csv", text, mapping: mapping)
        #expect(result.counts.inserted == 1)
        #expect(throws: IngestError.self) { try FieldMapping(arguments: ["nonsense=X"]) }
    }

    @Test func jsonLinesWithABrokenLine() async throws {
        let text = """
            {"id":"a1","created_at":"2024-07-01","text":"tombol sinkron hilang","tags":["x","y"]}
            {"id":"a2", rusak

            {"id":3,"created_at":"2024-07-01T10:00:00Z","subject":"s","priority":2}
            [1,2]
            """
        let (result, rejects) = try fixture.ingest("t.jsonl", text)
        #expect(result.counts.inserted == 2 && result.counts.rejected == 2)
        #expect(rejects.map(\.location.line) == [2, 5])
        #expect(try await fixture.store.tickets(externalID: "3").first?.record.extra == ["priority": "2"])
        #expect(try await fixture.store.tickets(externalID: "a1").first?.record.tags == ["x", "y"])
    }

    static let zendeskDocument = """
        {"count": 3, "tickets": [
          {"id": 2, "created_at": "2019-02-20T06:51:50Z", "subject": "Tombol sinkron", "description": "Tidak ada tombol",
           "status": "open", "tags": ["sinkron"], "via": {"channel": "web", "source": {"rel": null}}, "custom_fields": []},
          {"id": 3, "created_at": "bukan tanggal", "subject": "x", "description": "y"},
          {"id": 2, "created_at": "2019-02-20T06:51:50Z", "subject": "Tombol sinkron", "description": "Tidak ada tombol",
           "status": "solved", "tags": ["sinkron"], "via": {"channel": "web", "source": {"rel": null}}, "custom_fields": []}
        ], "next_page": "https://example.zendesk.com/api/v2/incremental/tickets.json?start_time=1", "end_time": 1}
        """

    @Test func zendeskJSONExportIsReadRecordByRecord() async throws {
        let (result, rejects) = try fixture.ingest("zendesk.json", Self.zendeskDocument)
        #expect(result.dialect == .zendesk)
        #expect(result.counts.read == 3 && result.counts.inserted == 1 && result.counts.updated == 1)
        #expect(rejects.first?.location.record == 2 && rejects.first?.location.line == 4)
        let ticket = try #require(try await fixture.store.tickets(externalID: "2").first).record
        #expect(ticket.status == "solved" && ticket.channel == "web" && ticket.source == "zendesk")
    }

    @Test func aTruncatedJSONDocumentKeepsTheRecordsBeforeTheCut() throws {
        let cut =
            String(Self.zendeskDocument.prefix(upTo: Self.zendeskDocument.range(of: "{\"id\": 3")!.lowerBound))
            + "{\"id\": 4, \"subj"
        let (result, rejects) = try fixture.ingest("cut.json", cut)
        #expect(result.counts.inserted == 1 && result.counts.rejected == 1)
        #expect(rejects.first?.reason.contains("terpotong") == true)
    }

    @Test func freshdeskAPIArrayWithNumericCodes() async throws {
        let text = """
            [{"id": 11, "subject": "Observasi", "description_text": "jadwal observasi gagal", "description": "<p>jadwal</p>",
              "status": 2, "source": 3, "created_at": "2024-07-01T01:00:00Z", "tags": []}]
            """
        let (result, _) = try fixture.ingest("fd.json", text)
        #expect(result.dialect == .freshdesk)
        let ticket = try #require(try await fixture.store.tickets(externalID: "11").first).record
        #expect(ticket.description == "jadwal observasi gagal" && ticket.status == "open" && ticket.channel == "phone")
    }

    @Test func searchFindsEveryWordAndRefusesAQueryWithoutWords() async throws {
        _ = try fixture.ingest("t.csv", Self.twoTickets)
        #expect(
            try await TicketBrowser(store: fixture.store).search("tombol SINKRON", limit: 5).map(
                \.ticket.record.externalID)
                == ["PB-2"])
        #expect(try await TicketBrowser(store: fixture.store).search("sinkron predikat", limit: 5).isEmpty)
        let hit = try #require(try await TicketBrowser(store: fixture.store).search("mohon", limit: 5).first)
        #expect(hit.snippet.contains("[mohon]"))
        await #expect(throws: QueryError.self) {
            try await TicketBrowser(store: fixture.store).search("\"*\" - ()", limit: 5)
        }
        // A word repeated 2,000 times asks what it asks once (it took 19.6 s); a pasted ticket of
        // more words than a search takes is refused with the limit.
        let repeated = Array(repeating: "tombol", count: 2000).joined(separator: " ") + " sinkron"
        #expect(
            try await TicketBrowser(store: fixture.store).search(repeated, limit: 5).map(\.ticket.record.externalID)
                == [
                    "PB-2"
                ])
        let pasted = (1...(TicketBrowser.maximumWords + 1)).map { "kata\($0)" }.joined(separator: " ")
        await #expect(throws: QueryError.tooManyWords(TicketBrowser.maximumWords + 1)) {
            try await TicketBrowser(store: fixture.store).search(pasted, limit: 5)
        }
    }

    @Test func fts5IsAvailableInThisSQLite() throws {
        try DatabaseQueue().write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE probe USING fts5(body); INSERT INTO probe VALUES ('verval ptk')")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM probe WHERE probe MATCH 'ptk'") == 1)
        }
    }

    @Test func tallyCountsByDayInJakartaTime() throws {
        let text = plainHeader + "1,2024-07-01T23:30:00+07:00,a,,,,,,\n2,2024-07-01T17:30:00Z,b,,,,,,\n"
        _ = try fixture.ingest("d.csv", text)
        #expect(
            try fixture.store.tally(by: .day) == [
                Tally(value: "2024-07-01", count: 1), Tally(value: "2024-07-02", count: 1),
            ])
    }
}
