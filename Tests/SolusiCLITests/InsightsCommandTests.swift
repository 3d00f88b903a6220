import Foundation
import Testing

/// trends, emerging and kb draft, end to end: a new problem among unknown tickets becomes a
/// draft issue that the knowledge-base check accepts and the classifier then recognises.
@Suite struct InsightsCommandTests {
    let folder: URL

    init() throws { folder = try temporaryFolder() }

    func run(_ arguments: [String], articles: String = ClassifyCommandTests.articles) throws -> Run {
        try solusi(arguments + ["--articles", articles], in: folder)
    }

    @Test func aDraftThatWouldBreakTheKnowledgeBaseIsNotWritten() throws {
        // Six one-sentence tickets: a cluster, but fewer examples than a new issue needs.
        var rows = ["id,created_at,subject,description"]
        for index in 0..<6 {
            rows.append("r\(index),2024-07-1\(index),Rapor,rapor digital tidak bisa diunduh pdf \(index)x")
        }
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("t.csv"))
        #expect(try run(["ingest", "t.csv"]).status == 0)
        #expect(try run(["classify"]).status == 0)
        let copy = folder.appendingPathComponent("Articles")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: ClassifyCommandTests.articles), to: copy)
        let draft = try run(
            ["kb", "draft", "--cluster", "K1", "--out", copy.path + "/issues/rapor.md", "--min-size", "5"],
            articles: copy.path)
        #expect(draft.status == 1 && draft.stderr.contains("hanya memberi 6 contoh"), "\(draft.stderr)")
        #expect(!FileManager.default.fileExists(atPath: copy.path + "/issues/rapor.md"))
        #expect(try run(["kb", "check"], articles: copy.path).status == 0)
    }

    @Test func aNewProblemGoesFromClusterToDraftToClassified() throws {
        var rows = ["id,created_at,subject,description"]
        let planted = [
            "Rapor digital tidak bisa dicetak, tombol unduh PDF rapor error",
            "rapor digital gagal diunduh jadi pdf, mohon bantuan",
            "Cetak rapor digital muncul error saat unduh PDF",
            "tidak bisa unduh pdf rapor digital siswa kelas 6",
        ]
        for index in 0..<24 {
            rows.append("r\(index),2024-07-\(10 + index % 10),Rapor,\"\(planted[index % planted.count]) \(index)\"")
        }
        let others = [
            "kapan libur semester", "cara mengganti foto profil", "jadwal pendaftaran PPG", "tunjangan belum cair",
        ]
        for (index, text) in others.enumerated() { rows.append("o\(index),2024-07-01,Tanya,\(text)") }
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("t.csv"))
        #expect(try run(["ingest", "t.csv"]).status == 0)
        #expect(try run(["classify"]).status == 0)

        let trends =
            try JSONSerialization.jsonObject(with: Data(try run(["trends", "--json"]).stdout.utf8)) as! [String: Any]
        #expect((trends["series"] as? [[String: Any]])?.count == 5 && trends["spikes"] is [Any])

        let emerging = try run(["emerging", "--json"])
        #expect(emerging.status == 0, "\(emerging.stderr)")
        let clusters = try JSONSerialization.jsonObject(with: Data(emerging.stdout.utf8)) as! [[String: Any]]
        let first = try #require(clusters.first)
        let ids = try #require(first["tickets"] as? [String])
        #expect(ids.count >= 20 && ids.allSatisfy { $0.hasPrefix("r") }, "\(ids)")
        #expect((first["terms"] as? [String])?.contains("rapor") == true)

        let copy = folder.appendingPathComponent("Articles")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: ClassifyCommandTests.articles), to: copy)
        let draft = try run(
            ["kb", "draft", "--cluster", "K1", "--out", copy.path + "/issues/rapor.md"], articles: copy.path)
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(try run(["kb", "check"], articles: copy.path).status == 0)
        let again = try run(
            ["kb", "draft", "--cluster", "K1", "--out", copy.path + "/issues/rapor.md"], articles: copy.path)
        #expect(again.status == 1 && again.stderr.contains("sudah ada"))

        // The knowledge base changed: the next classify takes the stored tickets again and moves
        // the new problem's tickets to the new issue.
        func status() throws -> [String: Any] {
            try JSONSerialization.jsonObject(
                with: Data(try run(["status", "--json"], articles: copy.path).stdout.utf8))
                as! [String: Any]
        }
        let before = try #require(try status()["unknown"] as? Int)
        #expect(try run(["classify"], articles: copy.path).status == 0)
        let after = try #require(try status()["unknown"] as? Int)
        #expect(before >= 24 && before - after >= 20, "unknown \(before) → \(after)")

        let classified =
            try JSONSerialization.jsonObject(
                with: Data(
                    try run(["classify", "rapor digital tidak bisa diunduh pdf", "--json"], articles: copy.path).stdout
                        .utf8))
            as! [String: Any]
        #expect((classified["issue"] as? String)?.hasPrefix("isu-baru-") == true, "\(classified)")
    }
}
