import Foundation
import SolusiKit
import Testing
import Yams

@testable import SolusiReport

@Suite struct AnnouncementTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let knowledgeBase = try! KnowledgeBase.load(
        from: here.appendingPathComponent("../../Articles").standardized.path)

    static func frontMatter(_ text: String) throws -> [String: Any] {
        let parts = text.components(separatedBy: "---\n")
        return try #require(try Yams.load(yaml: parts[1]) as? [String: Any])
    }

    @Test func frontMatterHasTheSeedsFields() throws {
        let text = Announcement(knowledgeBase: Self.knowledgeBase, options: .init(date: "2024-07-11T08:00:00+07:00"))
            .markdown()
        let fields = try Self.frontMatter(text)
        var expected: Set<String> = [
            "title", "description", "date", "author", "featured", "draft", "comment", "toc", "keywords", "kategori",
            "topik", "seri", "images", "tumbnail", "cover",
        ]
        // The seed itself, when the shared folder is beside the project.
        let seed = Self.here.appendingPathComponent("../../../shared/seed/solusi-isu-penetapan-predikat-kinerja.md")
        if let seedText = try? String(contentsOf: seed, encoding: .utf8) {
            expected.formUnion(try Self.frontMatter(seedText).keys)
        }
        #expect(expected.isSubset(of: Set(fields.keys)), "\(expected.subtracting(fields.keys))")
        #expect(fields["draft"] as? Bool == false && (fields["kategori"] as? [String]) == ["Berita"])
        #expect(text.contains("date: 2024-07-11T08:00:00+07:00\n"))
    }

    @Test func issuesSharingAnArticleAreOneNumberedItem() {
        let announcement = Announcement(
            knowledgeBase: Self.knowledgeBase, options: .init(date: "2024-07-11T08:00:00+07:00"))
        #expect(announcement.items.map { $0.issues.count }.sorted() == [1, 1, 2])
        let shared = announcement.items.first { $0.issues.count == 2 }!
        #expect(Set(shared.issues.map(\.id)) == ["tombol-sinkron-pmm-tidak-ada", "verval-ptk-tidak-sesuai-dukcapil"])
        let body = announcement.body()
        #expect(body.hasPrefix("Halo Bapak dan Ibu hebat"))
        #expect(body.hasSuffix("Terima kasih Bapak dan Ibu hebat!\n"))
        #expect(body.contains("\n1. ") && body.contains("\n3. ") && !body.contains("\n4. "))
        // One "Silakan kunjungi artikel" per article, none for the issue without one.
        #expect(body.components(separatedBy: "Silakan kunjungi artikel").count - 1 == 2)
        #expect(body.contains("https://s.id/TindakLanjutGagalSinkroPMM untuk informasi detail."))
        // The shared item names its issues' topics, and each issue keeps its own list of steps.
        #expect(body.contains("3. Solusi kendala Tombol Sinkron PMM dan Verval PTK telah tersedia:\n"))
        // Each issue's newest note comes first: the news, then the steps.
        for issue in shared.issues {
            let steps = issue.solution.map { "     - \($0)\n" }.joined()
            let update = issue.latestUpdate.map { "     - \($0.told)\n" } ?? ""
            #expect(body.contains("   - \(issue.title):\n" + update + steps), "\(issue.id)")
        }
    }

    @Test func theDefaultTitleNamesTheIssuesSolved() {
        let all = Announcement(knowledgeBase: Self.knowledgeBase, options: .init(date: "2024-07-11T08:00:00+07:00"))
        #expect(
            all.title == "Solusi Isu Tentang Jadwal Observasi, Predikat Kinerja, Tombol Sinkron PMM dan Verval PTK")
        var knowledgeBase = Self.knowledgeBase
        for index in knowledgeBase.issues.indices where knowledgeBase.issues[index].id != "predikat-kinerja-gagal-kirim"
        {
            knowledgeBase.issues[index].status = .investigating
        }
        let one = Announcement(knowledgeBase: knowledgeBase, options: .init(date: "2024-07-11T08:00:00+07:00"))
        #expect(one.title == "Solusi Isu Tentang Kepala Sekolah gagal mengirimkan Predikat Kinerja Guru")
        #expect(Announcement.list(["A", "B"]) == "A dan B" && Announcement.list(["A", "B", "C"]) == "A, B dan C")
    }

    @Test func sinceLeavesOutOlderSolutionsAndOpenIssuesAreListed() throws {
        var options = Announcement.Options(since: "2024-07-12", date: "2024-08-01T08:00:00+07:00")
        options.draft = true
        var knowledgeBase = Self.knowledgeBase
        knowledgeBase.issues[0].status = .investigating
        let announcement = Announcement(knowledgeBase: knowledgeBase, options: options)
        #expect(announcement.items.isEmpty)
        let text = announcement.markdown()
        #expect(text.contains("Belum ada solusi baru"))
        #expect(text.contains("- \(knowledgeBase.issues[0].title) (sedang diinvestigasi)"))
        #expect(try Self.frontMatter(text)["draft"] as? Bool == true)
        let all = Announcement(knowledgeBase: knowledgeBase, options: .init(since: "2024-07-11", date: options.date))
        #expect(all.items.flatMap(\.issues).count == 3)
    }

    @Test func quotesInTitlesStayValidYAML() throws {
        var options = Announcement.Options(date: "2024-07-11T08:00:00+07:00")
        options.title = "Solusi \"isu\" \\ baru:\tsatu"
        let fields = try Self.frontMatter(Announcement(knowledgeBase: Self.knowledgeBase, options: options).markdown())
        #expect(fields["title"] as? String == options.title)
    }

    @Test func shortcodesInTheKnowledgeBaseAreShownNotRun() throws {
        var knowledgeBase = Self.knowledgeBase
        let solved = try #require(knowledgeBase.issues.firstIndex { $0.status == .solved })
        knowledgeBase.issues[solved].solution.append(#"Tonton {{< youtube abc >}} lalu {{% param title %}}."#)
        knowledgeBase.issues[solved].title += " {{< kode >}}"
        let body = Announcement(
            knowledgeBase: knowledgeBase, options: .init(date: "2024-07-11T08:00:00+07:00")
        ).markdown().components(separatedBy: "---\n")[2]
        #expect(!body.contains("{{") && !body.contains("}}"))
        #expect(
            body.contains(
                "Tonton &#123;&#123;< youtube abc >&#125;&#125; lalu &#123;&#123;% param title %&#125;&#125;."))
        #expect(body.contains("&#123;&#123;< kode >&#125;&#125;"))
    }
}
