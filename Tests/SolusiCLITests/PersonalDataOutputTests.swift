import Foundation
import Testing

/// Personal data written into every field of tickets never reaches what Solusi publishes or
/// exports by default: the report, export, emerging clusters and a drafted issue.
@Suite struct PersonalDataOutputTests {
    let folder: URL
    init() throws { folder = try temporaryFolder() }

    func run(_ arguments: [String], articles: String = ClassifyCommandTests.articles) throws -> Run {
        try solusi(arguments + ["--articles", articles], in: folder)
    }

    /// Pieces of personal data that must appear nowhere.
    static let secrets = [
        "3201234567890123", "3201.2345", "198001012005011001", "0812-3456", "081234567890", "siti.aminah",
        "Fransiska", "Tambunan", "Rahasia123", "482913", "budi_s",
    ]

    @Test func noPersonalDataInReportExportClustersOrDraft() throws {
        let texts = [
            "Rapor digital tidak bisa dicetak. Nama saya Fransiska Tambunan, NIK 3201.2345.6789.0123",
            "rapor digital gagal diunduh jadi pdf. hp 0812-3456-7890, email siti.aminah [at] gmail (dot) com",
            "Cetak rapor digital error saat unduh PDF, password saya Rahasia123, kode OTP 482913",
            "tidak bisa unduh pdf rapor digital. Hormat saya, Fransiska Tambunan, S.Pd. nip198001012005011001",
        ]
        var rows = ["id,created_at,subject,description,requester_role,province,channel,status,tags,catatan"]
        for index in 0..<24 {
            rows.append(
                "r\(index),2024-07-\(10 + index % 10),Rapor,\"Laporan ke-\(index): \(texts[index % texts.count])\","
                    + "Guru 081234567890,Bali budi_s@gmail.com,web,open,nik3201234567890123,Fransiska Tambunan")
        }
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("t.csv"))
        #expect(try run(["ingest", "t.csv"]).status == 0)
        #expect(try run(["classify"]).status == 0)

        var published: [String] = []
        #expect(try run(["report", "--out", "site"]).status == 0)
        let site = folder.appendingPathComponent("site")
        for path in FileManager.default.subpaths(atPath: site.path) ?? [] where path.hasSuffix(".html") {
            published.append(try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8))
        }
        for format in ["csv", "jsonl"] {
            #expect(try run(["export", "--format", format, "--out", "e.\(format)"]).status == 0)
            published.append(try String(contentsOf: folder.appendingPathComponent("e.\(format)"), encoding: .utf8))
        }
        let emerging = try run(["emerging", "--json"])
        #expect(emerging.status == 0 && emerging.stdout.contains("rapor"), "\(emerging.stdout)")
        published.append(emerging.stdout)
        let copy = folder.appendingPathComponent("Articles")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: ClassifyCommandTests.articles), to: copy)
        let draft = try run(
            ["kb", "draft", "--cluster", "K1", "--out", copy.path + "/issues/rapor.md"], articles: copy.path)
        #expect(draft.status == 0, "\(draft.stderr)")
        published.append(try String(contentsOfFile: copy.path + "/issues/rapor.md", encoding: .utf8))

        #expect(published.count >= 5)
        for text in published {
            for secret in Self.secrets { #expect(!text.contains(secret), "\(secret) in \(text.prefix(300))") }
        }
    }
}
