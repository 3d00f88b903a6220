import Foundation
import SolusiKit

/// The public status page of known issues, as a Hugo site for the cState theme: `config.yml`
/// (Indonesian, the affected systems from the issues' areas) and one `content/issues/` page per
/// known issue that is not retired, with cState's front matter and the issue's history as
/// timeline entries.
///
/// It is made from the knowledge base and, when given, how many tickets each issue has had: no
/// ticket text can reach it. cState's JSON templates do not escape what they print, so every
/// text that reaches one (titles, systems, the description) is kept free of quotes and
/// backslashes; Markdown bodies are escaped so that knowledge-base text is only ever text.
public struct StatusPage {
    /// What the publisher chooses.
    public struct Options: Sendable {
        /// The site's title.
        public var title = "Status Layanan Pusat Bantuan PMM"
        /// Where the site is published (Hugo's `baseURL`).
        public var baseURL = "https://status.pusatbantuan.example/"

        /// The default options.
        public init() {}
    }

    /// One file of the site: its path inside the site's folder and its content.
    public struct File: Sendable, Hashable {
        /// The path, relative to the site's folder, with `/`.
        public var path: String
        /// The content.
        public var text: String
    }

    /// How cState shows an issue: resolved or not, and how bad while it lasted.
    public struct State: Sendable, Hashable {
        /// cState's `severity`: always `disrupted`. Solusi's issues hurt one feature, so none is
        /// `down` (a whole platform out); and none is `notice`, which cState means as planned
        /// maintenance ("Dalam Pemeliharaan", with an English "add this period to your
        /// calendar"): a workaround is still a disruption, with something to do about it.
        public var severity: String
        /// Whether a solution is out (cState's `resolved`).
        public var resolved: Bool
        /// The day the issue became solved, when it is.
        public var resolvedOn: String?
        /// Solved from its first history entry on: when it began is not known, so cState is told
        /// it is `informational` rather than shown as "resolved in under a minute".
        public var informational: Bool

        /// The state of an issue from its status and history: a solved issue is resolved on the
        /// day it became solved (its current run of `solved` entries began).
        public init(_ issue: KnownIssue) {
            switch issue.status {
            case .solved:
                let solvedAt = issue.history.lastIndex { $0.status != .solved }.map { $0 + 1 } ?? 0
                self.init(
                    severity: "disrupted", resolved: true,
                    resolvedOn: issue.history.indices.contains(solvedAt) ? issue.history[solvedAt].date : nil,
                    informational: solvedAt == 0)
            default:
                self.init(severity: "disrupted", resolved: false, resolvedOn: nil, informational: false)
            }
        }

        init(severity: String, resolved: Bool, resolvedOn: String?, informational: Bool) {
            self.severity = severity
            self.resolved = resolved
            self.resolvedOn = resolvedOn
            self.informational = informational
        }
    }

    /// The knowledge base the page tells about.
    public let knowledgeBase: KnowledgeBase
    /// How many tickets each issue has had, by issue id (missing: not shown).
    public let reports: [String: Int]
    /// The publisher's choices.
    public let options: Options

    /// The status page of a knowledge base's issues.
    public init(knowledgeBase: KnowledgeBase, reports: [String: Int] = [:], options: Options = Options()) {
        self.knowledgeBase = knowledgeBase
        self.reports = reports
        self.options = options
    }

    /// The issues shown: every one not retired and reviewed (a draft is not news), in the
    /// knowledge base's order.
    public var issues: [KnownIssue] { knowledgeBase.issues.filter { $0.status != .retired && $0.reviewed } }

    /// The site's files: the configuration, the issues' list page (its title: Hugo would call it
    /// "Issues" after the folder), then one page per issue.
    public var files: [File] {
        [
            File(path: "config.yml", text: configuration()),
            File(path: Self.issueListPath, text: "---\ntitle: \"Riwayat isu\"\n---\n"),
        ] + issues.map { File(path: Self.pagePath(of: $0), text: page(of: $0)) }
    }

    /// The section page of the issues.
    static let issueListPath = "content/issues/_index.md"

    /// `content/issues/<first day>-<id>.md`.
    static func pagePath(of issue: KnownIssue) -> String {
        "content/issues/\(issue.history.first?.date ?? "0000-00-00")-\(issue.id).md"
    }

    // MARK: Writing

    /// What `write(to:)` did, with paths relative to the site's folder.
    public struct WriteOutcome: Sendable {
        /// The files written (all of the site's: unchanged ones are rewritten alike).
        public var written: [String]
        /// Pages Solusi wrote before for issues now retired or deleted, removed.
        public var removed: [String]
    }

    /// The list of the files Solusi wrote into the folder, so a later run removes only its own.
    static let manifestName = ".solusi-statuspage"

    /// Writes the site into `folder` (made when missing). Running it again with the same input
    /// writes the same files; it removes the pages it wrote earlier for issues no longer shown,
    /// and never writes over, or removes, a file it did not write.
    @discardableResult
    public func write(to folder: String) throws -> WriteOutcome {
        let outcome = try ManagedFolder(
            root: URL(fileURLWithPath: folder), manifestName: Self.manifestName, isOurs: Self.isOurs,
            foreignMarks: Self.otherConfigurations
        ).write(files.map { ($0.path, $0.text) })
        return WriteOutcome(written: outcome.written, removed: outcome.removed)
    }

    /// The other names Hugo reads a site's configuration from: a folder holding one is another
    /// site, which `config.yml` would be mixed into.
    static let otherConfigurations = [
        "hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.json",
    ]

    /// Only paths Solusi itself writes are taken from a manifest: a changed manifest cannot make
    /// it remove anything else.
    static func isOurs(_ path: String) -> Bool {
        if path == "config.yml" { return true }
        guard path.hasPrefix("content/issues/"), path.hasSuffix(".md") else { return false }
        let name = path.dropFirst("content/issues/".count)
        return !name.contains("/") && !name.hasPrefix(".") && !name.contains("..")
    }

    // MARK: The configuration

    /// The affected systems: the issues' areas, in order of first appearance.
    var systems: [String] {
        var areas: [String] = []
        for issue in issues where !areas.contains(issue.area) { areas.append(issue.area) }
        return areas
    }

    func configuration() -> String {
        var text = """
            # Written by `solusi statuspage` from the knowledge base; it is rewritten on every run.
            # Build: hugo -s THIS_FOLDER --themesDir THEMES --theme cstate
            baseURL: \(yamlQuoted(options.baseURL))
            title: \(yamlQuoted(Self.plain(options.title)))
            theme: cstate
            languageCode: id
            defaultContentLanguage: id
            buildFuture: true
            enableGitInfo: false
            preserveTaxonomyNames: true
            taxonomies:
              affected: affected
            markup:
              goldmark:
                renderer:
                  unsafe: false
            outputs:
              page: [html, json]
              section: [html, json, rss]
              home: [html, json, rss, svg]
              term: [html, json, rss, svg]
            outputFormats:
              svg:
                isPlainText: true
                mediaType: image/svg+xml
            params:
              description: \(yamlQuoted(Self.description))
              categories:
                - name: Layanan
                  untitled: true
              systems:

            """
        for system in systems {
            text += """
                    - name: \(yamlQuoted(Self.plain(system)))
                      description: \(yamlQuoted(Self.plain(describe(system))))
                      category: Layanan

                """
        }
        text += """
              enableUptimeHistogram: false
              useRelativeTime: false
              dateFormat: "2 January 2006"
              shortDateFormat: "2 Jan 2006"
              incidentHistoryFormat: yearly
              incidentPostsPerPage: 10
              disableComplexCalculations: true
              enableCustomHTML: false
              enableLastMod: false
              useLogo: false
              brand: "#0b5394"
              ok: "#1e7b34"
              disrupted: "#b34700"
              down: "#c2142b"
              notice: "#24478f"
              alwaysKeepBrandColor: true
              headerTextColor: white

            """
        return text
    }

    static let description =
        "Isu yang diketahui Pusat Bantuan Platform Merdeka Mengajar dan perkembangan penanganannya: yang masih diselidiki, yang sudah ada solusi sementara, dan yang sudah selesai."

    /// A system's description: how many known issues touch it and how many are not over.
    func describe(_ system: String) -> String {
        let touching = issues.filter { $0.area == system }
        let open = touching.filter { !State($0).resolved }.count
        let known = "\(touching.count) isu dikenal"
        return open == 0 ? "\(known), semuanya sudah ada solusinya." : "\(known), \(open) belum selesai."
    }

    // MARK: An issue's page

    func page(of issue: KnownIssue) -> String {
        let state = State(issue)
        var front = """
            ---
            title: \(yamlQuoted(Self.plain(issue.title)))
            date: \(Self.timestamp(issue.episodeStart ?? "1970-01-01"))
            resolved: \(state.resolved)

            """
        if let day = state.resolvedOn { front += "resolvedWhen: \(Self.timestamp(day))\n" }
        if state.informational { front += "informational: true\n" }
        front += """
            severity: \(state.severity)
            affected:
              - \(yamlQuoted(Self.plain(issue.area)))
            section: issue
            ---

            """
        var body = ""
        if let update = issue.latestUpdate { body += "**\(Self.markdownText(update.told))**\n\n" }
        body += Self.markdownText(issue.summary) + "\n\n"
        if issue.status.hasSolution, !issue.solution.isEmpty {
            body += "**\(issue.status == .workaround ? "Solusi sementara" : "Langkah penyelesaian"):**\n\n"
            for (number, step) in issue.solution.enumerated() { body += "\(number + 1). \(Self.markdownText(step))\n" }
            body += "\n"
        }
        let articles = knowledgeBase.articles(for: issue)
        if !articles.isEmpty {
            body += "**Artikel Pusat Bantuan:**\n\n"
            for article in articles {
                body += "- [\(Self.markdownText(article.title))](<\(Self.linkTarget(article.url))>)\n"
            }
            body += "\n"
        }
        if let count = reports[issue.id] {
            body += "Laporan ke Pusat Bantuan yang dikenali sebagai isu ini: \(formatCount(count)) tiket.\n\n"
        }
        for change in issue.history.reversed() {
            body +=
                "*\(Self.markdownText(change.status.label))* - \(Self.markdownText(change.note)) {{< track \"\(Self.timestamp(change.date))\" >}}\n\n"
        }
        return front + "\n" + body
    }

    /// A day as a timestamp at midnight WIB, as cState's front matter and `track` take it.
    static func timestamp(_ day: String) -> String { day + "T00:00:00+07:00" }

    // MARK: Keeping text text

    /// Text for a template that prints it unescaped into JSON: no double quotes (typographic
    /// ones instead), no backslashes, no control characters, one line.
    static func plain(_ text: String) -> String {
        var out = ""
        var opening = true
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"":
                out += opening ? "\u{201C}" : "\u{201D}"
                opening.toggle()
            case "\\": out += "\u{29F5}"
            case _ where scalar.properties.generalCategory == .control: out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Knowledge-base text as Markdown that shows exactly that text: one line, every character
    /// Markdown or Hugo's linkify acts on backslash-escaped (so no emphasis, link, autolink, list,
    /// heading or raw HTML), and braces as entities (so Hugo never sees a shortcode).
    static func markdownText(_ text: String) -> String {
        var out = ""
        for scalar in plain(text).unicodeScalars {
            switch scalar {
            case "{", "}": out += HugoText.inert(String(scalar))
            case _ where markdownActive.contains(scalar):
                out += "\\"
                out.unicodeScalars.append(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static let markdownActive = Set("\\`*_[]()<>#!|~+-.&:=@".unicodeScalars)

    /// A link target inside `<…>`: only http and https, with no `<`, `>`, spaces or line breaks.
    static func linkTarget(_ url: String) -> String {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return "#" }
        return url.unicodeScalars.map { scalar in
            switch scalar {
            case "<", ">", " ", "\\", "\"": String(format: "%%%02X", scalar.value)
            case _ where scalar.properties.generalCategory == .control: ""
            default: String(scalar)
            }
        }.joined()
    }
}
