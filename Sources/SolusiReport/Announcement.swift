import Foundation
import SolusiKit

/// The status update the publisher posts: Hugo content shaped like the help center's own
/// announcements (front matter, a greeting to "Bapak dan Ibu", the solutions now available,
/// numbered, then what is still being investigated and a thank-you).
///
/// It is made from the knowledge base alone, so no ticket text can reach it.
public struct Announcement {
    /// What the publisher chooses.
    public struct Options {
        /// Only solutions that became available on or after this day (`YYYY-MM-DD`); nil: every
        /// issue whose current status has a solution.
        public var since: String?
        /// The announcement's date and time, as Hugo's `date` (`2024-07-11T08:00:00+07:00`).
        public var date: String
        /// The author in the front matter.
        public var author = "Tim Pusat Bantuan PMM"
        /// The title; nil: made from the issues told.
        public var title: String?
        /// Whether Hugo treats the post as a draft.
        public var draft = false

        /// Options for an announcement dated `date`.
        public init(since: String? = nil, date: String) {
            self.since = since
            self.date = date
        }
    }

    /// One numbered item: the issues that share an article are told together.
    public struct Item {
        /// The issues told together.
        public var issues: [KnownIssue]
        /// The article they share, if any.
        public var article: Article?
    }

    /// Where everything told comes from.
    public let knowledgeBase: KnowledgeBase
    /// The publisher's choices.
    public let options: Options
    /// What the announcement tells, in order.
    public let items: [Item]
    /// Known issues without a solution yet.
    public let stillOpen: [KnownIssue]

    /// The announcement of a knowledge base's solutions.
    public init(knowledgeBase: KnowledgeBase, options: Options) {
        self.knowledgeBase = knowledgeBase
        self.options = options
        // A draft no lead has reviewed is not news.
        let published = knowledgeBase.issues.filter(\.reviewed)
        let solved = published.filter { issue in
            guard issue.status.hasSolution else { return false }
            guard let since = options.since else { return true }
            // The day the current solution status was reached (the latest such history entry).
            let reached = issue.history.last { $0.status == issue.status }?.date ?? ""
            return reached >= since
        }
        var items: [Item] = []
        for issue in solved {
            let article = knowledgeBase.articles(for: issue).first
            if let article, let index = items.firstIndex(where: { $0.article?.id == article.id }) {
                items[index].issues.append(issue)
            } else {
                items.append(Item(issues: [issue], article: article))
            }
        }
        self.items = items
        stillOpen = published.filter { $0.status == .investigating || $0.status == .identified }
    }

    /// The title: the one given, else naming the issues told, as the help center's own posts do
    /// ("Solusi Isu Tentang Predikat Kinerja, Jadwal Observasi dan Verval PTK").
    public var title: String {
        if let title = options.title { return title }
        let told = items.flatMap(\.issues)
        if told.count == 1 { return "Solusi Isu Tentang \(told[0].title)" }
        if told.isEmpty { return "Pembaruan Solusi Isu Pengelolaan Kinerja" }
        return "Solusi Isu Tentang " + Self.list(told.map(\.shortName))
    }

    /// "A", "A dan B", "A, B dan C".
    static func list(_ names: [String]) -> String {
        names.count <= 2
            ? names.joined(separator: " dan ") : names.dropLast().joined(separator: ", ") + " dan " + names.last!
    }

    /// The whole file: YAML front matter and the Markdown body.
    public func markdown() -> String {
        frontMatter() + body()
    }

    func frontMatter() -> String {
        let articles = items.compactMap(\.article)
        var keywords: [String] = []
        for keyword in articles.flatMap(\.keywords) + ["Pengelolaan Kinerja", "PMM"] where !keywords.contains(keyword) {
            keywords.append(keyword)
        }
        let told = items.flatMap(\.issues)
        let description =
            told.isEmpty
            ? "Perkembangan penanganan isu Pengelolaan Kinerja di Pusat Bantuan PMM."
            : told.count == 1
                ? "Perlu diketahui! Ini solusi isu tentang \(told[0].title)."
                : "Perlu diketahui! Ini solusi untuk \(told.count) isu Pengelolaan Kinerja yang kini sudah tersedia."
        func list(_ values: [String]) -> String {
            values.isEmpty ? " []\n" : "\n" + values.map { "  - \(yamlQuoted($0))\n" }.joined()
        }
        return """
            ---
            title: \(yamlQuoted(title))
            description: \(yamlQuoted(description))
            date: \(options.date)
            author: \(yamlQuoted(options.author))
            featured: false
            draft: \(options.draft)
            comment: true
            toc: false
            keywords:\(list(keywords))\
            kategori:\(list(["Berita"]))\
            topik:\(list(["Pengelolaan Kinerja Guru", "Platform Merdeka Mengajar"]))\
            seri: []
            images:\(list(["img/header/isu-pengelolaan-kinerja.webp"]))\
            tumbnail:\(list(["img/tumbnail/isu-pengelolaan-kinerja.webp"]))\
            cover:\(list(["cover/*.jpg"]))\
            ---

            """
    }

    func body() -> String {
        var text = "Halo Bapak dan Ibu hebat, terima kasih atas gotong royong dan kolaborasi Anda selama ini."
        if items.isEmpty {
            text += " Belum ada solusi baru yang dapat kami umumkan pada kesempatan ini.\n\n"
        } else {
            text += " Berikut solusi yang kini sudah tersedia untuk isu-isu yang dilaporkan ke Pusat Bantuan:\n\n"
            for (number, item) in items.enumerated() {
                text += "\(number + 1). " + heading(item) + "\n"
                if item.issues.count == 1 {
                    // The newest note is the news; the steps follow.
                    if let update = item.issues[0].latestUpdate { text += "   - \(update.told)\n" }
                    for step in item.issues[0].solution { text += "   - \(step)\n" }
                } else {
                    // Each issue under its own bullet, its steps a list of their own.
                    for issue in item.issues {
                        text += "   - \(issue.title):\n"
                        if let update = issue.latestUpdate { text += "     - \(update.told)\n" }
                        for step in issue.solution { text += "     - \(step)\n" }
                    }
                }
                if let article = item.article {
                    text += "   - Silakan kunjungi artikel \(article.url) untuk informasi detail.\n"
                }
                text += "\n"
            }
        }
        if stillOpen.isEmpty {
            text +=
                "Untuk isu-isu lainnya, kami bersama tim teknis terus menghimpun laporan yang masuk ke Pusat Bantuan dan menelusuri penyebabnya. Kami akan segera mengabarkan kembali begitu solusinya tersedia.\n\n"
        } else {
            text += "Isu berikut masih kami tangani bersama tim teknis:\n\n"
            for issue in stillOpen {
                text +=
                    "- \(issue.title) (\(issue.status.label.lowercased()))"
                    + (issue.latestUpdate.map { ". \($0.told)" } ?? "") + "\n"
            }
            text += "\nKami akan segera mengabarkan kembali begitu solusinya tersedia.\n\n"
        }
        // Knowledge-base text goes into a page Hugo renders: no shortcode in it may run.
        return HugoText.inert(text + "Terima kasih Bapak dan Ibu hebat!\n")
    }

    /// "Solusi kendala … telah tersedia." for one issue; for several, what their article is about.
    private func heading(_ item: Item) -> String {
        let kind = { (issue: KnownIssue) in issue.status == .workaround ? "Solusi sementara" : "Solusi" }
        if item.issues.count == 1 {
            let issue = item.issues[0]
            return "\(kind(issue)) kendala \(issue.title) telah tersedia."
        }
        let temporary = item.issues.contains { $0.status == .workaround } ? " (sebagian berupa solusi sementara)" : ""
        return "Solusi kendala \(Self.list(item.issues.map(\.shortName))) telah tersedia\(temporary):"
    }

}
