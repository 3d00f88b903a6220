import Foundation
import Testing

@Suite struct KnowledgeBaseCommandTests {
    let folder: URL
    static let articles = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Articles").standardized

    init() throws {
        folder = try temporaryFolder()
        try FileManager.default.copyItem(at: Self.articles, to: folder.appendingPathComponent("Articles"))
    }

    @Test func checkListShowAndExamplesOnTheProjectsKnowledgeBase() throws {
        let check = try solusi(["kb", "check"], in: folder)
        #expect(check.status == 0 && check.stderr.contains("4 isu, 2 artikel"))

        let list = try solusi(["kb", "list", "--json"], in: folder)
        let issues = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        #expect(issues.map { $0["id"] as! String }.count == 4)
        #expect(issues.allSatisfy { Set($0.keys) == ["id", "title", "status", "articles"] })

        let show = try solusi(["kb", "show", "tombol-sinkron-pmm-tidak-ada"], in: folder)
        #expect(show.stdout.contains("Status:    Solusi tersedia (solved)") && show.stdout.contains("User PMM"))

        let examples = try solusi(["kb", "examples", "--json"], in: folder)
        let lines = examples.stdout.split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: String]
        }
        #expect(lines.count >= 4 * 40 + 80)
        #expect(Set(lines.map { $0["issue"]! }).count == 5)
        #expect(lines.allSatisfy { Set($0.keys) == ["text", "issue"] })
    }

    @Test func checkPointsAtEveryMistakeAndExitsOne() throws {
        let file = folder.appendingPathComponent("Articles/issues/jadwal-observasi-gagal-input.md")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "status: solved\nsummary", with: "status: beres\nsummary")
            .write(to: file, atomically: true, encoding: .utf8)
        let run = try solusi(["kb", "check"], in: folder)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("Articles/issues/jadwal-observasi-gagal-input.md:5: status \"beres\" tidak dikenal"))
    }

    /// One typo in the knowledge base stops only the commands that change it: the others go on
    /// with the database's last valid copy, saying so.
    @Test func aBrokenKnowledgeBaseGivesWayToTheStoredCopyForCommandsThatRead() throws {
        let csv =
            "id,created_at,subject,description\n1,2024-07-01,Tombol sinkron,tombol sinkron PMM tidak ada di e-Kinerja\n"
        try Data(csv.utf8).write(to: folder.appendingPathComponent("t.csv"))
        #expect(try solusi(["ingest", "t.csv"], in: folder).status == 0)
        let file = folder.appendingPathComponent("Articles/issues/tombol-sinkron-pmm-tidak-ada.md")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "status: solved", with: "status: selesaii").write(
            to: file, atomically: true, encoding: .utf8)
        for arguments in [["classify"], ["triage", "next", "--agent", "ani"], ["report", "--out", "laporan"]] {
            let run = try solusi(arguments, in: folder)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("tombol-sinkron-pmm-tidak-ada.md:5: status \"selesaii\" tidak dikenal"))
            #expect(run.stderr.contains("memakai salinan sah terakhir"), "\(arguments)")
        }
        for arguments in [
            ["kb", "set-status", "predikat-kinerja-gagal-kirim", "workaround", "--note", "x"],
            ["announce", "--out", "p.md"], ["statuspage", "--out", "status"],
        ] {
            let run = try solusi(arguments, in: folder)
            #expect(run.status == 1 && !run.stderr.contains("salinan sah"), "\(arguments): \(run.stderr)")
        }
    }

    @Test func aStatusMayBeTypedInIndonesian() throws {
        let run = try solusi(
            ["kb", "set-status", "jadwal-observasi-gagal-input", "tidak-berlaku", "--note", "Periode 1 selesai"],
            in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try solusi(["kb", "show", "jadwal-observasi-gagal-input"], in: folder).stdout.contains("(retired)"))
        let wrong = try solusi(
            ["kb", "set-status", "jadwal-observasi-gagal-input", "beres", "--note", "x"], in: folder)
        #expect(wrong.status == 64 && wrong.stderr.contains("'solved' atau 'retired'"), "\(wrong.stderr)")
    }

    @Test func setStatusEditsTheFileAndStatusCountsTheSyncedIssues() throws {
        let run = try solusi(
            [
                "kb", "set-status", "jadwal-observasi-gagal-input", "retired", "--note", "Periode 1 selesai", "--date",
                "2024-12-31",
            ],
            in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let show = try solusi(["kb", "show", "jadwal-observasi-gagal-input"], in: folder)
        #expect(show.stdout.contains("Tidak berlaku lagi (retired)") && show.stdout.contains("2024-12-31"))
        #expect(try solusi(["kb", "check"], in: folder).status == 0)

        try Data("id,created_at,subject,description\n1,2024-07-01,halo,apa kabar\n".utf8).write(
            to: folder.appendingPathComponent("t.csv"))
        _ = try solusi(["ingest", "t.csv"], in: folder)
        let status = try json(try solusi(["status", "--json"], in: folder).stdout)
        #expect(status["issues"] == 4 && status["tickets"] == 1)
    }
}
