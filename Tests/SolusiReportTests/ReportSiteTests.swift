import Foundation
import TestSupport
import Testing

@testable import SolusiKit
@testable import SolusiReport
@testable import SolusiSQLite

/// The report over hostile and edge-case tickets: escaped, masked, and drawn without data too.
@Suite struct ReportSiteTests {
    static let knowledgeBase = try! KnowledgeBase.load(
        from: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Articles")
            .standardized.path)

    let folder: URL
    let store: SQLiteStore

    init() throws {
        folder = try scratchFolder("solusi-site")
        store = try SQLiteStore(path: folder.appendingPathComponent("db.sqlite").path)
        try store.sync(Self.knowledgeBase.catalog)
    }

    static let personal = ["3201234567890123", "198001012005011001", "0812-3456-7890", "siti@contoh.id", "Siti Aminah"]

    /// Stores tickets and classifies them all as `issue`.
    func add(_ tickets: [TicketRecord], issue: String?) throws {
        _ = try store.store(IngestBatch(tickets: tickets))
        let model = IssueModel(
            labels: ["a", "other"], weights: [Float](repeating: 0, count: 2 * FeatureExtractor.dimension),
            bias: [0, 0], temperature: 1, threshold: 0.5, trainingHash: 0)
        let version = try store.saveModel(
            model.record(
                heldOut: Evaluation(labels: ["other"], truth: [], predicted: [], confidences: []), createdAt: 0))
        let queued = try store.ticketsToClassify(after: 0, limit: 1000, all: true)
        try store.saveClassifications(
            queued.map {
                StoredClassification(rowID: $0.rowID, verdict: Verdict(classifiedAs: issue), confidence: 0.9)
            }, modelVersion: version)
    }

    func site(showPersonalData: Bool = false, since: Day? = nil, until: Day? = nil) throws -> [String: String] {
        let data = try ReportData(store: store, since: since, until: until)
        var options = ReportSite.Options(generatedAt: 1_720_660_500)
        options.showPersonalData = showPersonalData
        let out = folder.appendingPathComponent("site-\(UUID().uuidString)").path
        let model = try ReportModel.load(from: store, knowledgeBase: Self.knowledgeBase, data: data, options: options)
        let paths = try ReportSite(model).write(to: out)
        var pages: [String: String] = [:]
        for path in paths where path.hasSuffix(".html") {
            pages[String(path.dropFirst(out.count + 1))] = try String(contentsOfFile: path, encoding: .utf8)
        }
        return pages
    }

    static let hostile = TicketRecord(
        source: "t", externalID: "<b>1</b>", createdAt: 1_720_660_500,
        subject: "<script>alert('x')</script> predikat gagal, nama saya Siti Aminah",
        description:
            "<img src=x onerror=alert(1)> NIK 3201234567890123, NIP 198001012005011001, hp 0812-3456-7890, email siti@contoh.id \" onmouseover=\"alert(2)",
        requesterRole: "<i>Guru</i>", province: "Aceh\"><svg onload=alert(3)>")

    /// The pages come from the model alone: one made by hand, no database anywhere.
    @Test func everyPageRendersFromAModelWithoutADatabase() throws {
        let day = Day(seconds: Self.hostile.createdAt)
        var data = ReportData()
        data.period = day...day
        data.total = 1
        data.unknown.add(
            TicketOutline(
                rowID: 41, createdAt: Self.hostile.createdAt, role: "Guru", province: "Aceh", channel: "web",
                classification: .unknown, label: nil), day: day)
        let ticket = Ticket(rowID: 41, record: Self.hostile, ingestedAt: 0, updatedAt: 0)
        let model = ReportModel(
            data: data, knowledgeBase: Self.knowledgeBase, options: ReportSite.Options(generatedAt: 0), rejected: 7,
            quoted: [41: ticket])
        let pages = Dictionary(uniqueKeysWithValues: ReportSite(model).pages().map { ($0.path, $0.text) })
        #expect(pages.count == 4 + Self.knowledgeBase.issues.count + Self.knowledgeBase.articles.count)
        #expect(pages["index.html"]?.contains("<strong>7</strong> rekaman ditolak") == true)
        let unknown = try #require(pages["tidak-dikenal.html"])
        #expect(unknown.contains("predikat gagal") && unknown.contains("&lt;script&gt;"))
        #expect(!unknown.contains("3201234567890123"), "masked: personal data is not shown")
    }

    @Test func aPageNoLongerWrittenIsRemovedAndAForeignFileIsNeverOverwritten() throws {
        try add([Self.hostile], issue: Self.knowledgeBase.issues[0].id)
        let out = folder.appendingPathComponent("laporan").path
        func write(_ knowledgeBase: KnowledgeBase, showPersonalData: Bool, force: Bool = false) throws -> [String] {
            var options = ReportSite.Options(generatedAt: 1_720_660_500)
            options.showPersonalData = showPersonalData
            return try ReportSite(
                try ReportModel.load(
                    from: store, knowledgeBase: knowledgeBase,
                    data: try ReportData(store: store, since: nil, until: nil),
                    options: options)
            ).write(to: out, force: force)
        }
        // An unmasked report, then the issue goes from the knowledge base, then a masked one:
        // the old unmasked page must not stay in the folder meant to be masked.
        let issuePage = out + "/isu/\(ReportSite.slug(Self.knowledgeBase.issues[0].id)).html"
        _ = try write(Self.knowledgeBase, showPersonalData: true)
        #expect(try String(contentsOfFile: issuePage, encoding: .utf8).contains("3201234567890123"))
        var fewer = Self.knowledgeBase
        fewer.issues.removeFirst()
        _ = try write(fewer, showPersonalData: false)
        #expect(!FileManager.default.fileExists(atPath: issuePage))
        for path in FileManager.default.subpaths(atPath: out) ?? [] where path.hasSuffix(".html") {
            #expect(
                !(try String(contentsOfFile: out + "/" + path, encoding: .utf8)).contains("3201234567890123"), "\(path)"
            )
        }
        // A folder with someone else's index.html: refused and untouched, unless forced.
        let other = folder.appendingPathComponent("situs-lain").path
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try "milik orang lain".write(toFile: other + "/index.html", atomically: true, encoding: .utf8)
        let refused = #expect(throws: FolderError.self) {
            try ReportSite(
                try ReportModel.load(
                    from: store, knowledgeBase: fewer, data: try ReportData(store: store, since: nil, until: nil),
                    options: ReportSite.Options(generatedAt: 0))
            ).write(to: other)
        }
        #expect(refused?.description.contains("--force") == true)
        #expect(try String(contentsOfFile: other + "/index.html", encoding: .utf8) == "milik orang lain")
        _ = try ReportSite(
            try ReportModel.load(
                from: store, knowledgeBase: fewer, data: try ReportData(store: store, since: nil, until: nil),
                options: ReportSite.Options(generatedAt: 0))
        ).write(to: other, force: true)
        #expect(try String(contentsOfFile: other + "/index.html", encoding: .utf8).contains("<!DOCTYPE html>"))
    }

    @Test func hostileTicketsAreEscapedAndPersonalDataMasked() throws {
        try add([Self.hostile], issue: "predikat-kinerja-gagal-kirim")
        let pages = try site()
        let page = try #require(pages["isu/predikat-kinerja-gagal-kirim.html"])
        for markup in ["<script>alert", "<img src=x", "<svg onload", "<i>Guru", "<b>1</b>", "\" onmouseover=\""] {
            #expect(!page.contains(markup), "\(markup)")
        }
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(page.contains("NIK [NIK], NIP [NIP], hp [telepon], email [email]") && page.contains("nama saya [nama]"))
        for (name, html) in pages {
            for value in Self.personal { #expect(!html.contains(value), "\(name): \(value)") }
            #expect(!html.contains("Berisi data pribadi"), "\(name)")
        }
    }

    @Test func showingPersonalDataSaysSoOnEveryPage() throws {
        try add([Self.hostile], issue: "predikat-kinerja-gagal-kirim")
        let pages = try site(showPersonalData: true)
        #expect(pages["isu/predikat-kinerja-gagal-kirim.html"]!.contains("3201234567890123"))
        #expect(!pages["isu/predikat-kinerja-gagal-kirim.html"]!.contains("<script>alert"))
        for (name, html) in pages { #expect(html.contains("Berisi data pribadi"), "\(name)") }
    }

    @Test func noTicketsStillMakesEveryPage() throws {
        let pages = try site()
        #expect(pages.count == 2 + Self.knowledgeBase.issues.count + Self.knowledgeBase.articles.count)
        #expect(pages["index.html"]!.contains("belum ada tiket"))
        #expect(pages["isu/tombol-sinkron-pmm-tidak-ada.html"]!.contains("Belum ada tiket"))
    }

    @Test func oneDayAndOneIssueDrawAChartWithOneBar() throws {
        var ticket = Self.hostile
        ticket.externalID = "2"
        try add([Self.hostile, ticket], issue: "tombol-sinkron-pmm-tidak-ada")
        let pages = try site()
        let page = pages["isu/tombol-sinkron-pmm-tidak-ada.html"]!
        #expect(page.components(separatedBy: "<rect x=").count - 1 == 1)
        #expect(page.contains("2 tiket dari 2024-07-11 sampai 2024-07-11; terbanyak 2 pada 2024-07-11."))
        #expect(pages["isu/predikat-kinerja-gagal-kirim.html"]!.contains("Belum ada tiket"))
        #expect(pages["index.html"]!.contains("<title>Tren harian:"))
    }

    @Test func thePeriodFiltersTicketsAndComparesWithTheOneBefore() throws {
        var early = Self.hostile
        early.externalID = "early"
        early.createdAt -= 86_400 * 3
        try add([Self.hostile, early], issue: "tombol-sinkron-pmm-tidak-ada")
        let data = try ReportData(store: store, since: Day("2024-07-10"), until: Day("2024-07-12"))
        #expect(data.total == 1 && data.summary(of: "tombol-sinkron-pmm-tidak-ada").count == 1)
        #expect(data.previous["tombol-sinkron-pmm-tidak-ada"] == 1)
        #expect(data.previousPeriod == Day("2024-07-07")!...Day("2024-07-09")!)
    }

    @Test func peopleAreCountedOnceHoweverManyTicketsTheySent() throws {
        var again = Self.hostile
        again.externalID = "again"
        var anonymous = Self.hostile
        anonymous.externalID = "anonymous"
        anonymous.description = "predikat kinerja gagal dikirim"
        try add([Self.hostile, again, anonymous], issue: "tombol-sinkron-pmm-tidak-ada")
        let data = try ReportData(store: store, since: nil, until: nil)
        // The two that give the same e-mail address are one person; the one without a contact is another.
        #expect(data.summary(of: "tombol-sinkron-pmm-tidak-ada").count == 3)
        #expect(data.summary(of: "tombol-sinkron-pmm-tidak-ada").people == 2)
        let pages = try site()
        #expect(pages["isu/tombol-sinkron-pmm-tidak-ada.html"]?.contains("3 tiket dari 2 orang") == true)
        #expect(pages["index.html"]?.contains("<th scope=\"col\" class=\"n\">Orang</th>") == true)
    }

    @Test func breakdownTablesDrawEachCountAsABarAgainstTheLargest() throws {
        var other = Self.hostile
        other.externalID = "2"
        other.province = "Jawa Barat"
        var third = other
        third.externalID = "3"
        try add([Self.hostile, other, third], issue: "tombol-sinkron-pmm-tidak-ada")
        let page = try #require(try site()["isu/tombol-sinkron-pmm-tidak-ada.html"])
        #expect(page.contains("<th scope=\"col\">Sebaran</th>"))
        #expect(page.contains("<span class=\"share-bar\" style=\"width: 100.0%\">"))
        #expect(page.contains("<span class=\"share-bar\" style=\"width: 50.0%\">"))
    }

    @Test func chartScalesAreRoundStepsReachingThePeak() {
        #expect(Chart.ticks(0) == [0, 1] && Chart.ticks(3) == [0, 1, 2, 3] && Chart.ticks(7) == [0, 2, 4, 6, 8])
        #expect(Chart.ticks(184) == [0, 50, 100, 150, 200] && Chart.ticks(1_000_001).count <= 6)
        for peak in [1, 9, 42, 999, 12_345, 1_000_001] {
            let ticks = Chart.ticks(peak)
            #expect(ticks.last! >= peak && ticks.count >= 2 && ticks.count <= 6, "\(peak): \(ticks)")
        }
    }

    @Test func theDailyChartStacksEachIssueInItsColourAndMarksSolutionDays() throws {
        let days = (0..<10).map { Day("2024-07-05")!.adding(Int64($0)) }
        let layers = [
            Chart.Layer(name: "Predikat Kinerja", series: days.map { ($0, 3) }),
            Chart.Layer(name: "Tidak dikenal", series: days.map { ($0, 1_000_000) }),
        ]
        let svg = Chart.daily(
            layers, marks: [Chart.Mark(day: Day("2024-07-11")!, text: "Solusi tersedia — Predikat Kinerja")],
            greyLast: true, id: "t", title: "uji"
        ).markup
        #expect(svg.contains("fill=\"\(Chart.palette[0])\"") && svg.contains("fill=\"\(Chart.grey)\""))
        #expect(svg.contains("Predikat Kinerja (30)") && svg.contains("Tidak dikenal (10.000.000)"))
        #expect(svg.contains("class=\"mark\"") && svg.contains("2024-07-11: Solusi tersedia — Predikat Kinerja"))
        #expect(
            svg.contains(">5 Jul 2024<") && svg.contains(">14 Jul<")
                && svg.components(separatedBy: "class=\"tick\" x=").count - 1 <= 4 + 5)
        #expect(svg.contains(">1.000.000<"), "the top tick")
        // Every bar lies inside the drawing, right of the y values' gutter: no bar covers a value.
        let values = svg.matches(of: /<text class="tick y" x="([0-9.]+)" y="[0-9.]+" text-anchor="end">/).map {
            Double($0.1)!
        }
        #expect(values.count >= 3)
        let bars = svg.matches(of: /<rect x="([0-9.]+)" y="([0-9.]+)" width="([0-9.]+)" height="([0-9.]+)"/)
        #expect(!bars.isEmpty)
        for match in bars {
            #expect(Double(match.2)! >= 0 && Double(match.2)! + Double(match.4)! <= 250.01)
            #expect(Double(match.1)! > values.max()!)
        }
    }

    @Test func theArticlePageShowsItsBodyAndTheStepsOfEachIssueItAnswers() throws {
        let pages = try site()
        for article in Self.knowledgeBase.articles {
            let page = try #require(pages.first { $0.key.hasSuffix("artikel/\(article.id).html") }?.value)
            #expect(page.contains("<div class=\"article-body\">") && page.contains("<h3>"), "\(article.id)")
            for issue in Self.knowledgeBase.issues(answeredBy: article) {
                #expect(page.contains(htmlEscape(issue.title)), "\(article.id): \(issue.id)")
                for step in issue.solution { #expect(page.contains("<li>\(htmlEscape(step))</li>"), "\(issue.id)") }
            }
        }
    }
}
