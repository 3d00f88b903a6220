import Foundation
import IndonesianText
import SolusiKit

/// The static report for the tech team: `index.html` (Ringkasan), a page per known issue in
/// `isu/`, the unknown tickets in `tidak-dikenal.html`, a page per article in `artikel/`, and
/// the stylesheet and script in `assets/`. Self-contained: no network, opens from `file://`.
///
/// Ticket text is untrusted: everything is escaped, and personal data is masked unless
/// `showPersonalData` (which every page then says).
///
/// Three steps: `ReportModel.load` reads the store, each page is rendered from the model alone
/// (`pages()`), and `write(to:)` puts them in the folder.
struct ReportSite {
    struct Options {
        var showPersonalData = false
        var generatedAt: Int64
        /// The days' spikes, for the summary page.
        var trends: Trends?
        /// Clusters of the recent unknown tickets, and the days they were taken from.
        var clusters: (found: EmergingIssues, days: ClosedRange<Day>)?
        init(generatedAt: Int64) { self.generatedAt = generatedAt }

        /// Adds the spikes and the recent clusters, as `solusi report` and the demo show them.
        mutating func addInsights(_ insights: InsightsService, data: ReportData) throws {
            trends = insights.trends(of: data)
            clusters = try insights.recentClusters(in: data.period)
        }
    }

    let model: ReportModel
    let layout: Layout

    var data: ReportData { model.data }
    var knowledgeBase: KnowledgeBase { model.knowledgeBase }
    var options: Options { model.options }

    /// The clusters the summary page lists, and the example tickets it quotes from each.
    static let clustersShown = 20
    static let examplesPerCluster = 2

    /// The report of a model.
    init(_ model: ReportModel) {
        self.model = model
        layout = Layout(
            generatedAt: model.options.generatedAt, periodText: Self.periodText(model.data.period),
            showPersonalData: model.options.showPersonalData)
    }

    static func periodText(_ period: ClosedRange<Day>?) -> String {
        guard let period else { return "belum ada tiket" }
        return period.lowerBound == period.upperBound
            ? period.lowerBound.text : "\(period.lowerBound.text) sampai \(period.upperBound.text)"
    }

    /// Writes every page into `folder` (created if needed); returns the paths written. Pages an
    /// earlier report wrote and this one does not (a deleted issue's, or any written with personal
    /// data shown when this one masks it) are removed; a file Solusi did not write is never
    /// written over unless `force`.
    @discardableResult
    func write(to folder: String, force: Bool = false) throws -> [String] {
        let outcome = try ManagedFolder(
            root: URL(fileURLWithPath: folder), manifestName: Self.manifestName, isOurs: Self.isOurs, force: force,
            canForce: true
        ).write(pages())
        return outcome.written.map { folder + "/" + $0 }
    }

    /// Every file of the site, by its path in the folder.
    func pages() -> [(path: String, text: String)] {
        var pages: [(path: String, text: String)] = [
            ("index.html", indexPage()), ("tidak-dikenal.html", unknownPage()),
            ("assets/laporan.css", Layout.stylesheet), ("assets/laporan.js", Layout.script),
        ]
        for issue in knowledgeBase.issues { pages.append(("isu/\(Self.slug(issue.id)).html", issuePage(issue))) }
        for article in knowledgeBase.articles {
            pages.append(("artikel/\(Self.slug(article.id)).html", articlePage(article)))
        }
        return pages
    }

    /// The list of the files Solusi wrote into the report's folder.
    static let manifestName = ".solusi-laporan"

    /// The paths a report writes: only these are taken from a manifest.
    static func isOurs(_ path: String) -> Bool {
        if ["index.html", "tidak-dikenal.html", "assets/laporan.css", "assets/laporan.js"].contains(path) {
            return true
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && ["isu", "artikel"].contains(parts[0]) && parts[1].hasSuffix(".html")
            && parts[1] == slug(String(parts[1].dropLast(5))) + ".html"
    }

    /// A file name from an id: letters, digits and "-" only.
    static func slug(_ id: String) -> String {
        String(id.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
    }

    // MARK: Pages

    func indexPage() -> String {
        let known = data.byIssue.values.reduce(0) { $0 + $1.count }
        var body: HTML = """
            <h1>Ringkasan tiket Pusat Bantuan</h1>
            <p class="lead">Tiket yang masuk pada periode \(layout.periodText), dikelompokkan per isu yang diketahui.</p>
            <ul class="totals">
            <li><strong>\(formatCount(data.total))</strong> tiket masuk</li>
            <li><strong>\(formatCount(known))</strong> tentang isu yang diketahui</li>
            <li><strong>\(formatCount(data.unknown.count))</strong> <a href="tidak-dikenal.html">tidak dikenal</a></li>
            <li><strong>\(formatCount(data.unclassified))</strong> belum diklasifikasi</li>
            <li><strong>\(formatCount(model.rejected))</strong> rekaman ditolak saat impor</li>
            </ul>

            """
        if data.unclassified > 0 {
            body +=
                "<p class=\"note\">\(formatCount(data.unclassified)) tiket belum diklasifikasi; jalankan <code>solusi classify</code> agar ikut terhitung per isu.</p>\n"
        }
        body += "<h2>Isu yang diketahui</h2>\n"
        body += issueTable()
        body += "<h2>Tiket per hari</h2>\n"
        if let period = data.period {
            let layers =
                knowledgeBase.issues.map {
                    Chart.Layer(name: $0.shortName, series: data.summary(of: $0.id).series(period))
                }
                + [Chart.Layer(name: "Tidak dikenal", series: data.unknown.series(period))]
            body += Chart.daily(
                layers, marks: Self.solutionMarks(knowledgeBase.issues), greyLast: true, id: "semua",
                title: "Tiket terklasifikasi per hari (WIB), per isu")
        } else {
            body += "<p>Belum ada tiket pada periode ini.</p>\n"
        }
        body += spikes()
        body += statusChanges()
        body += "<h2 id=\"artikel\">Artikel solusi</h2>\n<ul>\n"
        for article in knowledgeBase.articles {
            let issues = knowledgeBase.issues(answeredBy: article)
            body +=
                "<li><a href=\"artikel/\(Self.slug(article.id)).html\">\(article.title)</a> — menjawab \(issues.count) isu</li>\n"
        }
        body += "</ul>\n"
        return layout.page(title: "Ringkasan", depth: 0, body: body)
    }

    private func issueTable() -> HTML {
        let known = data.byIssue.values.reduce(0) { $0 + $1.count } + data.unknown.count
        let compared =
            hasPrevious
            ? "perubahan dibandingkan dengan \(Self.periodText(data.previousPeriod))"
            : "tidak ada tiket pada periode sebelumnya (\(Self.periodText(data.previousPeriod))) untuk dibandingkan"
        var html: HTML = """
            <table class="sortable">
            <caption>Orang: setiap pengirim dihitung sekali (tiket tanpa pengirim dihitung satu orang). Porsi dihitung dari tiket yang sudah diklasifikasi; \(compared).</caption>
            <thead><tr><th scope="col">Isu</th><th scope="col">Status</th><th scope="col" class="n">Tiket</th><th scope="col" class="n">Orang</th><th scope="col" class="n">Porsi</th><th scope="col">Tren harian</th><th scope="col" class="n">Perubahan</th></tr></thead>
            <tbody>

            """
        let rows: [(name: String, link: String, status: IssueStatus?, key: String, summary: GroupSummary)] =
            knowledgeBase.issues.map {
                ($0.title, "isu/\(Self.slug($0.id)).html", $0.status, $0.id, data.summary(of: $0.id))
            }.sorted { $0.summary.count > $1.summary.count }
            + [("Tidak dikenal (bukan isu yang diketahui)", "tidak-dikenal.html", nil, "", data.unknown)]
        for row in rows {
            let share = known > 0 ? Double(row.summary.count) * 100 / Double(known) : 0
            let trend =
                data.period.map { Chart.sparkline(row.summary.series($0), label: "Tren harian: \(row.name)") } ?? ""
            html += "<tr><th scope=\"row\"><a href=\"\(row.link)\">\(row.name)</a></th>"
            html += "<td>\(row.status.map(Self.statusBadge) ?? "—")</td>"
            html += "<td class=\"n\" data-value=\"\(row.summary.count)\">\(formatCount(row.summary.count))</td>"
            html += "<td class=\"n\" data-value=\"\(row.summary.people)\">\(formatCount(row.summary.people))</td>"
            html += "<td class=\"n\" data-value=\"\(String(format: "%.1f", share))\">\(Self.percent(share))</td>"
            html += "<td>\(trend)</td>"
            html += change(now: row.summary.count, before: data.previous[row.key] ?? 0) + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// Whether the period before had classified tickets to compare with.
    private var hasPrevious: Bool { data.previous.values.contains { $0 > 0 } }

    private func change(now: Int, before: Int) -> HTML {
        let difference = now - before
        guard hasPrevious else { return "<td class=\"n\" data-value=\"0\">—</td>" }
        let text: String
        if before == 0 {
            text = now == 0 ? "tetap" : "+\(formatCount(now)) (baru)"
        } else if difference == 0 {
            text = "tetap"
        } else {
            let percent = Double(difference) * 100 / Double(before)
            text =
                (difference > 0 ? "+" : "−") + formatCount(abs(difference)) + " (" + (difference > 0 ? "+" : "−")
                + Self.percent(abs(percent)) + ")"
        }
        let kind = difference > 0 ? " up" : difference < 0 ? " down" : ""
        return "<td class=\"n\(kind)\" data-value=\"\(difference)\">\(text)</td>"
    }

    /// Days far above an issue's recent baseline, most recent first.
    private func spikes() -> HTML {
        guard let trends = options.trends else { return "" }
        var html: HTML = "<h2>Lonjakan</h2>\n"
        guard !trends.spikes.isEmpty else {
            return html + "<p>Tidak ada hari dengan lonjakan tiket pada periode ini.</p>\n"
        }
        html += """
            <table class="sortable">
            <caption>Hari dengan tiket jauh di atas biasanya (uji binomial negatif terhadap 28 hari sebelumnya, disesuaikan dengan hari dalam pekan).</caption>
            <thead><tr><th scope="col">Tanggal</th><th scope="col">Isu</th><th scope="col" class="n">Tiket</th><th scope="col" class="n">Biasanya</th></tr></thead>
            <tbody>

            """
        for spike in trends.spikes.sorted(by: { ($0.day, $0.count) > ($1.day, $1.count) }).prefix(15) {
            let name: HTML
            if let id = spike.issue, let issue = knowledgeBase.issue(id) {
                name = "<a href=\"isu/\(Self.slug(id)).html\">\(issue.title)</a>"
            } else {
                name = "<a href=\"tidak-dikenal.html\">Tidak dikenal</a>"
            }
            html += "<tr><td class=\"date\">\(spike.day.text)</td><td>\(name)</td>"
            html += "<td class=\"n\" data-value=\"\(spike.count)\">\(formatCount(spike.count))</td>"
            html +=
                "<td class=\"n\" data-value=\"\(String(format: "%.1f", spike.baseline))\">\(decimal(spike.baseline, places: 1))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// Status changes dated within the period.
    private func statusChanges() -> HTML {
        var html: HTML = "<h2>Perubahan status isu</h2>\n"
        let changes = knowledgeBase.issues.flatMap { issue in issue.history.map { (issue, $0) } }.filter { _, change in
            guard let period = data.period, let day = Day(change.date) else { return false }
            return period.contains(day)
        }.sorted { $0.1.date > $1.1.date }
        guard !changes.isEmpty else {
            return html + "<p>Tidak ada perubahan status isu pada periode ini.</p>\n"
        }
        html += "<ul>\n"
        for (issue, change) in changes {
            html +=
                "<li>\(change.date): <a href=\"isu/\(Self.slug(issue.id)).html\">\(issue.title)</a> menjadi \(Self.statusBadge(change.status)) — \(change.note)</li>\n"
        }
        return html + "</ul>\n"
    }

    func issuePage(_ issue: KnownIssue) -> String {
        let summary = data.summary(of: issue.id)
        var body: HTML = """
            <h1>\(issue.title)</h1>
            <p class="lead">\(Self.statusBadge(issue.status)) · \(issue.area) · \(formatCount(summary.count)) tiket dari \(formatCount(summary.people)) orang pada periode ini</p>
            <p>\(issue.summary)</p>
            <h2>Solusi</h2>

            """
        if issue.solution.isEmpty {
            body += "<p>Belum ada langkah solusi.</p>\n"
        } else {
            body += "<ol>\n" + issue.solution.map { step -> HTML in "<li>\(step)</li>\n" }.joined() + "</ol>\n"
        }
        let articles = knowledgeBase.articles(for: issue)
        if !articles.isEmpty {
            body += "<p>Artikel: "
            body += articles.map { article -> HTML in
                "<a href=\"../artikel/\(Self.slug(article.id)).html\">\(article.title)</a> (<a href=\"\(article.url)\">\(article.url)</a>)"
            }.joined(separator: "; ")
            body += "</p>\n"
        }
        body += "<h2>Riwayat status</h2>\n"
        body +=
            "<table>\n<thead><tr><th scope=\"col\">Tanggal</th><th scope=\"col\">Status</th><th scope=\"col\">Catatan</th></tr></thead>\n<tbody>\n"
        for change in issue.history.reversed() {
            body +=
                "<tr><td class=\"date\">\(change.date)</td><td>\(Self.statusBadge(change.status))</td><td>\(change.note)</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        body += groupSections(summary, id: "isu", name: issue.title, issue: issue)
        return layout.page(title: issue.title, depth: 1, body: body)
    }

    func unknownPage() -> String {
        var body: HTML = """
            <h1>Tiket tidak dikenal</h1>
            <p class="lead">\(formatCount(data.unknown.count)) tiket pada periode ini bukan tentang isu yang diketahui (menurut klasifikasi, atau diberi label "lainnya" oleh agen).</p>
            <h2>Klaster tiket tidak dikenal</h2>

            """
        body += clusterSection()
        body += groupSections(data.unknown, id: "tidak-dikenal", name: "tiket tidak dikenal")
        return layout.page(title: "Tiket tidak dikenal", depth: 0, body: body)
    }

    /// The clusters of recent unknown tickets: candidates for the next known issue.
    private func clusterSection() -> HTML {
        guard let (found, days) = options.clusters else {
            return "<p>Belum ada tiket tidak dikenal untuk dikelompokkan.</p>\n"
        }
        var html: HTML =
            "<p>\(formatCount(found.total)) tiket tidak dikenal dari \(Self.periodText(days)) dikelompokkan: \(found.clusters.count) klaster (\(found.clusters.filter(\.isNew).count) di antaranya baru), \(formatCount(found.unclustered)) tiket (\(Int((found.unclusteredShare * 100).rounded())) %) tidak masuk klaster mana pun. Mulai isu baru dari klaster dengan <code>solusi kb draft --cluster ID --since \(days.lowerBound.text) --until \(days.upperBound.text)</code>.</p>\n"
        guard !found.clusters.isEmpty else { return html }
        html += """
            <table class="sortable">
            <caption>Klaster baru lebih dulu, lalu yang terbesar; kohesi: rata-rata kemiripan tiket dengan pusat klaster; baru: sebagian besar tiketnya datang dalam \(EmergingIssues.newDays) hari terakhir dan hampir tidak ada yang lebih tua dari \(EmergingIssues.oldDays) hari; pertumbuhan: tiket 7 hari terakhir dibanding 7 hari sebelumnya.</caption>
            <thead><tr><th scope="col">Klaster</th><th scope="col" class="n">Tiket</th><th scope="col" class="n">Kohesi</th><th scope="col">Kata khas</th><th scope="col">Pertama – terakhir</th><th scope="col" class="n">Pertumbuhan</th><th scope="col">Contoh</th></tr></thead>
            <tbody>

            """
        for cluster in found.clusters.prefix(Self.clustersShown) {
            let growth = cluster.growth(until: days.upperBound)
            let examples = model.tickets(Array(cluster.exampleRowIDs.prefix(Self.examplesPerCluster))).map {
                ticket -> HTML in
                var text = shown(ticket.record.subject + " — " + ticket.record.description)
                if text.count > 200 { text = String(text.prefix(200)) + "…" }
                return "\(text)"
            }
            let new: HTML = cluster.isNew ? " <strong class=\"new\">baru</strong>" : ""
            html +=
                "<tr><th scope=\"row\">\(cluster.id)\(new)</th><td class=\"n\" data-value=\"\(cluster.size)\">\(formatCount(cluster.size))</td>"
            html += "<td class=\"n\" data-value=\"\(cluster.cohesionPercent)\">\(cluster.cohesionPercent) %</td>"
            html += "<td>\(cluster.terms.joined(separator: ", "))</td>"
            html +=
                "<td class=\"date\">\(TicketDate.dayString(cluster.firstSeen)) –<br>\(TicketDate.dayString(cluster.lastSeen))</td>"
            html +=
                "<td class=\"n\" data-value=\"\(growth.recent - growth.before)\">\(growth.recent) / \(growth.before)</td>"
            html += "<td class=\"ticket-text\">\(examples.joined(separator: "<br>"))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    func articlePage(_ article: Article) -> String {
        let issues = knowledgeBase.issues(answeredBy: article)
        var body: HTML = """
            <h1>\(article.title)</h1>
            <p class="lead">\(article.description)</p>
            <p>Alamat publik: <a href="\(article.url)">\(article.url)</a> · \(String(article.date.prefix(10))) · \(article.author)</p>
            <h2>Isi artikel</h2>
            <div class="article-body">
            \(HTML.document(article.bodyHTML))</div>
            <h2>Isu yang dijawab artikel ini</h2>

            """
        if issues.isEmpty {
            body += "<p>Tidak ada isu yang merujuk ke artikel ini.</p>\n"
        }
        for issue in issues {
            let count = data.summary(of: issue.id).count
            body += """
                <h3><a href="../isu/\(Self.slug(issue.id)).html">\(issue.title)</a></h3>
                <p>\(Self.statusBadge(issue.status)) · \(formatCount(count)) tiket pada periode ini</p>

                """
            if !issue.solution.isEmpty {
                body += "<ol>\n"
                for step in issue.solution { body += "<li>\(step)</li>\n" }
                body += "</ol>\n"
            }
        }
        return layout.page(title: article.title, depth: 1, body: body)
    }

    // MARK: Parts

    /// Counts over time, breakdowns and recent tickets of one group.
    /// The days a solution (or a workaround) came out, for the charts.
    static func solutionMarks(_ issues: [KnownIssue]) -> [Chart.Mark] {
        issues.flatMap { issue in
            issue.history.filter(\.status.hasSolution).compactMap { change in
                Day(change.date).map { Chart.Mark(day: $0, text: "\(change.status.label) — \(issue.shortName)") }
            }
        }.sorted { $0.day < $1.day }
    }

    private func groupSections(_ summary: GroupSummary, id: String, name: String, issue: KnownIssue? = nil)
        -> HTML
    {
        var html: HTML = "<h2>Tiket per hari</h2>\n"
        if let period = data.period {
            html += Chart.daily(
                [Chart.Layer(name: name, series: summary.series(period))],
                marks: Self.solutionMarks(issue.map { [$0] } ?? []), id: id, title: "Tiket per hari (WIB): \(name)")
        } else {
            html += "<p>Belum ada tiket pada periode ini.</p>\n"
        }
        html += "<h2>Sebaran</h2>\n"
        html += breakdown("Per peran pelapor", "Peran", summary.byRole, filter: false)
        html += breakdown("Per provinsi", "Provinsi", summary.byProvince, filter: true)
        html += breakdown("Per kanal", "Kanal", summary.byChannel, filter: false)
        html += "<h2>Tiket terbaru</h2>\n"
        let tickets = model.tickets(summary.recent.map(\.rowID))
        if tickets.isEmpty { return html + "<p>Belum ada tiket.</p>\n" }
        html += """
            <table class="sortable">
            <caption>\(tickets.count) tiket terbaru\(options.showPersonalData ? "" : ", data pribadi disamarkan").</caption>
            <thead><tr><th scope="col">Tiket</th><th scope="col">Tanggal</th><th scope="col">Peran</th><th scope="col">Provinsi</th><th scope="col">Isi</th></tr></thead>
            <tbody>

            """
        for ticket in tickets {
            let r = ticket.record
            let subject = shown(r.subject)
            var description = shown(r.description)
            if description.count > 300 { description = String(description.prefix(300)) + "…" }
            html += "<tr><td>\(r.externalID)</td><td class=\"date\">\(TicketDate.dayString(r.createdAt))</td>"
            html +=
                "<td>\(r.requesterRole.map(shown) ?? "—")</td><td>\(r.province.map(shown) ?? "—")</td>"
            html +=
                "<td class=\"ticket-text\"><strong>\(subject)</strong><br>\(description)</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// A ticket's text as the report may show it.
    private func shown(_ text: String) -> String {
        options.showPersonalData ? text : PersonalData.mask(text)
    }

    private func breakdown(_ caption: String, _ header: String, _ counts: [String: Int], filter: Bool) -> HTML {
        guard !counts.isEmpty else { return "<h3>\(caption)</h3>\n<p>Belum ada tiket.</p>\n" }
        let total = counts.values.reduce(0, +)
        var html: HTML = "<h3>\(caption)</h3>\n"
        let filterAttributes: HTML =
            filter && counts.count > 8 ? " data-filter=\"0\" data-filter-label=\"Saring \(header.lowercased()):\"" : ""
        html +=
            "<table class=\"sortable\"\(filterAttributes)>\n<thead><tr><th scope=\"col\">\(header)</th><th scope=\"col\" class=\"n\">Tiket</th><th scope=\"col\" class=\"n\">Porsi</th><th scope=\"col\">Sebaran</th></tr></thead>\n<tbody>\n"
        let largest = counts.values.max() ?? 1
        for (value, count) in counts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            let share = Double(count) * 100 / Double(total)
            html += "<tr><td>\(value.isEmpty ? "(tidak diisi)" : shown(value))</td>"
            html += "<td class=\"n\" data-value=\"\(count)\">\(formatCount(count))</td>"
            html += "<td class=\"n\" data-value=\"\(String(format: "%.1f", share))\">\(Self.percent(share))</td>"
            // A bar as long as the count against the largest: the table is its own bar chart.
            let length = String(format: "%.1f", Double(count) * 100 / Double(largest))
            html +=
                "<td class=\"share\" data-value=\"\(count)\"><span class=\"share-bar\" style=\"width: \(length)%\"></span></td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    static func statusBadge(_ status: IssueStatus) -> HTML {
        "<span class=\"status status-\(status.rawValue)\">\(status.label)</span>"
    }

    /// `12,5%`, the Indonesian way.
    static func percent(_ value: Double) -> String {
        decimal(value, places: 1) + "%"
    }
}
