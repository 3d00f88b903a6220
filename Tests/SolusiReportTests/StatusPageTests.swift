import Foundation
import SolusiKit
import Testing
import Yams

@testable import SolusiReport

@Suite struct StatusPageTests {
    static let knowledgeBase = AnnouncementTests.knowledgeBase

    static func folder() -> String {
        let path = NSTemporaryDirectory() + "statuspage-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func read(_ folder: String, _ path: String) throws -> String {
        try String(contentsOfFile: folder + "/" + path, encoding: .utf8)
    }

    @Test func everyIssueNotRetiredHasAPageWithCStatesFrontMatter() throws {
        var knowledgeBase = Self.knowledgeBase
        knowledgeBase.issues[1].status = .retired
        let page = StatusPage(knowledgeBase: knowledgeBase, reports: [knowledgeBase.issues[0].id: 12345])
        let files = page.files
        #expect(files.map(\.path).prefix(2) == ["config.yml", "content/issues/_index.md"])
        // The config, the list page, and every issue but the retired one.
        #expect(files.count == knowledgeBase.issues.count + 1)
        #expect(files[1].text.contains("title: \"Riwayat isu\""))
        #expect(!files.contains { $0.path.contains(knowledgeBase.issues[1].id) })
        let first = try #require(files.first { $0.path.hasSuffix("-\(knowledgeBase.issues[0].id).md") })
        #expect(first.path == "content/issues/2024-07-11-\(knowledgeBase.issues[0].id).md")
        let fields = try AnnouncementTests.frontMatter(first.text)
        #expect(fields["title"] as? String == knowledgeBase.issues[0].title)
        #expect(fields["resolved"] as? Bool == true && fields["severity"] as? String == "disrupted")
        #expect(fields["section"] as? String == "issue" && fields["affected"] as? [String] == ["Pengelolaan Kinerja"])
        // Solved from its first entry on: when it began is unknown, so no "resolved after" time.
        #expect(first.text.contains("resolvedWhen: 2024-07-11T00:00:00+07:00\ninformational: true\n"))
        #expect(first.text.contains("12.345 tiket"))
        #expect(first.text.contains(#"{{< track "2024-07-11T00:00:00+07:00" >}}"#))
        for issue in page.issues {
            let text = try #require(files.first { $0.path == StatusPage.pagePath(of: issue) }).text
            for article in knowledgeBase.articles(for: issue) {
                #expect(text.contains("](<\(article.url)>)"), "\(issue.id): no link to \(article.url)")
            }
        }

        let config = try #require(try Yams.load(yaml: files[0].text) as? [String: Any])
        #expect(config["languageCode"] as? String == "id" && config["defaultContentLanguage"] as? String == "id")
        #expect(config["title"] as? String == "Status Layanan Pusat Bantuan PMM")
        let systems = try #require((config["params"] as? [String: Any])?["systems"] as? [[String: Any]])
        #expect(Set(systems.compactMap { $0["name"] as? String }) == Set(page.issues.map(\.area)))
    }

    @Test(arguments: [
        (IssueStatus.investigating, "disrupted", false), (.identified, "disrupted", false),
        (.workaround, "disrupted", false),
        (.solved, "disrupted", true),
    ])
    func severityFollowsTheLifecycle(status: IssueStatus, severity: String, resolved: Bool) {
        var issue = Self.knowledgeBase.issues[0]
        issue.history = [
            StatusChange(date: "2024-07-01", status: .investigating, note: "Dilaporkan."),
            StatusChange(date: "2024-07-05", status: .workaround, note: "Ada solusi sementara."),
        ]
        if status == .solved {
            issue.history.append(StatusChange(date: "2024-07-09", status: .solved, note: "Selesai."))
        }
        issue.status = status
        let state = StatusPage.State(issue)
        #expect(state.severity == severity && state.resolved == resolved)
        #expect(state.resolvedOn == (resolved ? "2024-07-09" : nil) && !state.informational)
    }

    /// What teachers read is the newest update, dated, and a reopened issue shows when it came
    /// back, not when it first began.
    @Test func theNewestNoteLeadsAndAReopenedIssueIsDatedFromItsReturn() throws {
        var issue = Self.knowledgeBase.issues[0]
        issue.history = [
            StatusChange(date: "2024-07-01", status: .investigating, note: "Dilaporkan."),
            StatusChange(date: "2024-07-09", status: .solved, note: "Selesai."),
            StatusChange(date: "2024-09-02", status: .investigating, note: "Muncul lagi setelah pembaruan."),
            StatusChange(date: "2024-09-04", status: .workaround, note: "Kirim ulang dari peramban lain."),
        ]
        issue.status = .workaround
        #expect(issue.episodeStart == "2024-09-02")
        var knowledgeBase = Self.knowledgeBase
        knowledgeBase.issues[0] = issue
        let text = StatusPage(knowledgeBase: knowledgeBase, reports: [:]).page(of: issue)
        let fields = try AnnouncementTests.frontMatter(text)
        #expect((fields["date"] as? Date).map { ISO8601DateFormatter().string(from: $0) } == "2024-09-01T17:00:00Z")
        #expect(fields["severity"] as? String == "disrupted" && fields["resolved"] as? Bool == false)
        let body = String(text[text.range(of: "---\n\n")!.upperBound...])
        // Markdown-escaped, as all knowledge-base text on the page is.
        #expect(body.hasPrefix("**Pembaruan 4 September 2024\\: Kirim ulang dari peramban lain\\.**"), "\(body)")

        var options = Announcement.Options(since: nil, date: "2024-09-05T08:00:00+07:00")
        options.draft = false
        let announced = Announcement(knowledgeBase: knowledgeBase, options: options).markdown()
        #expect(
            announced.contains(
                "Solusi sementara kendala \(issue.title) telah tersedia.\n   - Pembaruan 4 September 2024: Kirim ulang dari peramban lain.\n"
            ))
        issue.history.append(StatusChange(date: "2024-09-20", status: .solved, note: "Diperbaiki."))
        issue.status = .solved
        #expect(issue.episodeStart == "2024-09-02" && StatusPage.State(issue).resolvedOn == "2024-09-20")
    }

    @Test func hostileKnowledgeBaseTextStaysText() throws {
        var knowledgeBase = Self.knowledgeBase
        let hostile =
            #"Judul "kutip" \ <script>alert(1)</script> {{< track "x" >}} {{% x %}} [tautan](javascript:alert(1))"#
        knowledgeBase.issues[0].title = hostile + "\n---\nsection: bukan"
        knowledgeBase.issues[0].summary = "# bukan judul\n\n" + hostile
        knowledgeBase.issues[0].area = #"Area "A"\B"#
        knowledgeBase.issues[0].history[0].note = hostile
        let page = StatusPage(knowledgeBase: knowledgeBase)
        let text = try #require(page.files.first { $0.path.contains(knowledgeBase.issues[0].id) }).text
        let fields = try AnnouncementTests.frontMatter(text)
        #expect(fields["section"] as? String == "issue")
        let title = try #require(fields["title"] as? String)
        #expect(!title.contains("\"") && !title.contains("\\") && !title.contains("\n"))
        #expect(title.contains("\u{201C}kutip\u{201D}"))
        let body = text.components(separatedBy: "---\n")[2]
        // Only the timeline's own shortcodes; no raw tag, no link to javascript:.
        #expect(body.components(separatedBy: "{{<").count - 1 == knowledgeBase.issues[0].history.count)
        #expect(!body.contains("{{%") && !body.replacingOccurrences(of: "\\<", with: "").contains("<script"))
        #expect(!body.contains("](javascript"))
        #expect(!body.contains("\n# "))
        let config = try #require(try Yams.load(yaml: page.files[0].text) as? [String: Any])
        let systems = (config["params"] as? [String: Any])?["systems"] as? [[String: Any]]
        #expect(systems?.contains { ($0["name"] as? String) == "Area \u{201C}A\u{201D}\u{29F5}B" } == true)
    }

    @Test func rewritingRemovesRetiredPagesAndLeavesOtherFilesAlone() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/content/issues", withIntermediateDirectories: true)
        try "tulisan tangan\n".write(toFile: folder + "/content/issues/catatan.md", atomically: true, encoding: .utf8)
        try "x\n".write(toFile: folder + "/README", atomically: true, encoding: .utf8)

        let first = try StatusPage(knowledgeBase: Self.knowledgeBase).write(to: folder)
        #expect(first.written.count == Self.knowledgeBase.issues.count + 2 && first.removed.isEmpty)
        let before = try first.written.map { try Self.read(folder, $0) }
        // The same input writes the same files.
        let again = try StatusPage(knowledgeBase: Self.knowledgeBase).write(to: folder)
        #expect(try again.written.map { try Self.read(folder, $0) } == before)

        var knowledgeBase = Self.knowledgeBase
        knowledgeBase.issues[2].status = .retired
        knowledgeBase.issues[0].status = .investigating
        let retired = StatusPage.pagePath(of: knowledgeBase.issues[2])
        let third = try StatusPage(knowledgeBase: knowledgeBase).write(to: folder)
        #expect(third.removed == [retired] && !FileManager.default.fileExists(atPath: folder + "/" + retired))
        let reopened = try Self.read(folder, StatusPage.pagePath(of: knowledgeBase.issues[0]))
        #expect(reopened.contains("resolved: false\n") && !reopened.contains("resolvedWhen"))
        #expect(try Self.read(folder, "content/issues/catatan.md") == "tulisan tangan\n")
        #expect(try Self.read(folder, "README") == "x\n")
    }

    @Test func aFileSolusiDidNotWriteIsNeverOverwritten() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "title: milik tim\n".write(toFile: folder + "/config.yml", atomically: true, encoding: .utf8)
        #expect(throws: FolderError.self) { try StatusPage(knowledgeBase: Self.knowledgeBase).write(to: folder) }
        #expect(try Self.read(folder, "config.yml") == "title: milik tim\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/content"))
        // A manifest naming a file outside the site's own paths removes nothing.
        try FileManager.default.removeItem(atPath: folder + "/config.yml")
        try "../README\ncontent/issues/../../x.md\n".write(
            toFile: folder + "/" + StatusPage.manifestName, atomically: true, encoding: .utf8)
        #expect(try StatusPage(knowledgeBase: Self.knowledgeBase).write(to: folder).removed.isEmpty)
    }

    @Test func anotherHugoSiteOrAFileIsNotWrittenInto() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "baseURL = 'https://sekolah.id/'\n".write(
            toFile: folder + "/config.toml", atomically: true, encoding: .utf8)
        #expect(throws: FolderError.self) { try StatusPage(knowledgeBase: Self.knowledgeBase).write(to: folder) }
        #expect(!FileManager.default.fileExists(atPath: folder + "/config.yml"))
        let file = folder + "/berkas.txt"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: OutputError.self) {
            try StatusPage(knowledgeBase: Self.knowledgeBase).write(to: file)
        }
        #expect(error?.description.contains("bukan folder") == true)
    }
}

/// A drafted issue no lead has reviewed is counted inside but never published to teachers.
@Test func anUnreviewedDraftStaysOffTheStatusPageTheAnnouncementAndReplies() throws {
    var knowledgeBase = StatusPageTests.knowledgeBase
    let draft = knowledgeBase.issues.firstIndex { $0.status.hasSolution }!
    knowledgeBase.issues[draft].reviewed = false
    let id = knowledgeBase.issues[draft].id
    #expect(!StatusPage(knowledgeBase: knowledgeBase).issues.contains { $0.id == id })
    #expect(StatusPage(knowledgeBase: StatusPageTests.knowledgeBase).issues.contains { $0.id == id })
    let announcement = Announcement(
        knowledgeBase: knowledgeBase, options: Announcement.Options(date: "2024-08-01T08:00:00+07:00"))
    #expect(!announcement.items.flatMap(\.issues).contains { $0.id == id })
    let drafter = ReplyDrafter(knowledgeBase: knowledgeBase)
    #expect(drafter.reply(for: knowledgeBase.issues[draft]) == drafter.reply(for: nil))
    #expect(!drafter.reply(for: knowledgeBase.issues[draft]).contains(knowledgeBase.issues[draft].title))
}
