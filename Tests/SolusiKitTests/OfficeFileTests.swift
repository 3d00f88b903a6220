import Foundation
import Testing

@testable import SolusiKit

/// Files as Indonesian offices save them: Excel's day-first dates, Indonesian column names,
/// Windows' "ANSI" encoding.
@Suite struct OfficeFileTests {
    let fixture: IngestFixture
    init() throws { fixture = try IngestFixture() }

    static let header = "No Tiket;Tanggal;Judul;Isi Keluhan\n"

    @Test func dayFirstDatesAreLearntFromTheFirstDayOver12AndEarlierRowsWait() async throws {
        let text =
            Self.header + "1;01/07/2024 08:15;Sinkron;Tombol sinkron tidak ada\n"
            + "2;02/07/2024 09:00;Nilai;Predikat tidak terkirim\n" + "3;13/07/2024 10:00;Observasi;Jadwal observasi\n"
            + "4;03/08/2024 07:30;Lagi;Masih gagal\n"
        let (result, rejects) = try fixture.ingest("excel.csv", text)
        #expect(rejects.isEmpty && result.counts.inserted == 4 && result.ambiguousDates == 0)
        let first = try #require(try await fixture.store.tickets(externalID: "1").first).record
        #expect(TicketDate.isoString(first.createdAt) == "2024-07-01T08:15:00+07:00")
        #expect(first.description == "Tombol sinkron tidak ada")
        let fourth = try #require(try await fixture.store.tickets(externalID: "4").first).record
        #expect(TicketDate.isoString(fourth.createdAt) == "2024-08-03T07:30:00+07:00")
    }

    @Test func aRowAgainstTheFileOrderIsRejectedAndTheRestKept() throws {
        let text = Self.header + "1;25/07/2024;A;a\n2;07/26/2024;B;b\n3;01/08/2024;C;c\n"
        let (result, rejects) = try fixture.ingest("mixed.csv", text)
        #expect(result.counts.inserted == 2)
        #expect(rejects.map(\.location.line) == [3])
        #expect(
            rejects.first?.reason.contains("tidak cocok dengan urutan tanggal berkas ini (hari/bulan/tahun)") == true)
    }

    @Test func aFileThatNeverTellsIsRejectedWithTheOptionAndReadWithIt() async throws {
        let text = Self.header + "1;01/07/2024;A;a\n2;2024-07-05;B;b\n3;02/07/2024;C;c\n"
        let (result, rejects) = try fixture.ingest("ambiguous.csv", text)
        #expect(result.counts.inserted == 1 && result.ambiguousDates == 2)
        #expect(rejects.map(\.location.line) == [2, 4])
        #expect(rejects.allSatisfy { $0.reason.contains("--date-order dmy") })

        let (again, none) = try fixture.ingest("ambiguous.csv", text) { $0.dateOrder = .mdy }
        #expect(none.isEmpty && again.counts.inserted == 2 && again.ambiguousDates == 0)
        let first = try #require(try await fixture.store.tickets(externalID: "1").first).record
        #expect(TicketDate.dayString(first.createdAt) == "2024-01-07")
    }

    @Test func indonesianMonthNamesAndTimes() async throws {
        let text = Self.header + "1;Kamis, 11 Juli 2024 pukul 08.15 WIB;A;a\n2;11-Agt-2024;B;b\n"
        let (result, rejects) = try fixture.ingest("bulan.csv", text)
        #expect(rejects.isEmpty && result.counts.inserted == 2)
        let second = try #require(try await fixture.store.tickets(externalID: "2").first).record
        #expect(TicketDate.dayString(second.createdAt) == "2024-08-11")
    }

    @Test(arguments: [
        "Isi Keluhan", "Keluhan", "Uraian", "Pertanyaan", "Detail", "Isi Pesan", "Uraian Masalah", "Isi Keluhan Guru",
        "Deskripsi Kendala",
    ])
    func indonesianTextColumnsAreTheDescription(_ column: String) async throws {
        let text =
            "No Tiket,Tanggal,Judul,Kategori Masalah,\(column)\n1,2024-07-11,Sinkron,Akun,Tombol sinkron tidak ada\n"
        let (result, _) = try fixture.ingest("kolom.csv", text)
        #expect(result.counts.inserted == 1)
        let ticket = try #require(try await fixture.store.tickets(externalID: "1").first).record
        #expect(ticket.description == "Tombol sinkron tidak ada")
        #expect(ticket.extra["Kategori Masalah"] == "Akun")
    }

    @Test func withoutATextColumnTheFileStopsWithItsColumns() async throws {
        let error = #expect(throws: IngestError.self) {
            try fixture.ingest("judul.csv", "No Tiket,Tanggal,Judul,Kategori\n1,2024-07-11,Sinkron,Akun\n")
        }
        let message = error?.description ?? ""
        #expect(message.contains("description (isi tiket)") && message.contains("\"Kategori\""))
        #expect(message.contains("--map description="))
        #expect(try await fixture.store.counts().tickets == 0)
        // A file that truly has titles only says so through the mapping.
        let (result, _) = try fixture.ingest(
            "judul.csv", "No Tiket,Tanggal,Judul,Kategori\n1,2024-07-11,Sinkron,Akun\n",
            mapping: FieldMapping(overrides: [.description: "Judul"]))
        #expect(result.counts.inserted == 1)
    }

    @Test func windows1252IsReadAsSuchAndSaidOnce() async throws {
        // "Café", curly quotes and an en dash as Excel on Windows writes them.
        let bytes: [UInt8] =
            Array((Self.header + "1;2024-07-11;Kaf").utf8) + [0xE9] + Array(";Bu ".utf8) + [0x93] + Array("kepala".utf8)
            + [0x94, 0x20, 0x96] + Array(" gagal\n2;2024-07-12;B;b\n".utf8)
        let (result, rejects) = try fixture.ingest("ansi.csv", bytes)
        #expect(rejects.isEmpty && result.counts.inserted == 2)
        #expect(result.windows1252FromLine == 2)
        let ticket = try #require(try await fixture.store.tickets(externalID: "1").first).record
        #expect(ticket.subject == "Kafé" && ticket.description == "Bu \u{201C}kepala\u{201D} \u{2013} gagal")

        let (forced, refused) = try fixture.ingest("ansi.csv", bytes) { $0.encoding = .utf8 }
        #expect(forced.windows1252FromLine == nil && refused.map(\.location.line) == [2])
        #expect(refused.first?.reason.contains("bukan teks UTF-8 yang sah") == true)
    }

    @Test func utf8StaysUTF8() async throws {
        let (result, _) = try fixture.ingest("utf8.csv", Self.header + "1;2024-07-11;Kafé “kepala”;b\n")
        #expect(result.windows1252FromLine == nil)
        #expect(try await fixture.store.tickets(externalID: "1").first?.record.subject == "Kafé “kepala”")
    }
}
