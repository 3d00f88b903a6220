/// Where a known issue is in its lifecycle, as on a status page.
public enum IssueStatus: String, Sendable, Codable, CaseIterable {
    case investigating, identified, workaround, solved, retired

    /// The label every output shows, in Bahasa Indonesia.
    public var label: String {
        switch self {
        case .investigating: "Sedang diinvestigasi"
        case .identified: "Penyebab sudah teridentifikasi"
        case .workaround: "Solusi sementara tersedia"
        case .solved: "Solusi tersedia"
        case .retired: "Tidak berlaku lagi"
        }
    }

    /// Whether teachers can be told what to do (a reply or an announcement has steps to give).
    public var hasSolution: Bool { self == .workaround || self == .solved }
}

/// One dated step of an issue's lifecycle.
public struct StatusChange: Sendable, Hashable, Codable {
    /// The calendar day, `YYYY-MM-DD` (WIB).
    public var date: String
    public var status: IssueStatus
    public var note: String

    public init(date: String, status: IssueStatus, note: String) {
        self.date = date
        self.status = status
        self.note = note
    }
}

/// A problem users report that the team knows, with its solution and the articles about it.
public struct KnownIssue: Sendable, Hashable {
    /// Fixed id, used in reports, URLs and labels, e.g. `predikat-kinerja-gagal-kirim`.
    public var id: String
    public var title: String
    public var status: IssueStatus
    /// What the user sees, in one or two sentences.
    public var summary: String
    /// Who meets it: Kepala Sekolah, Operator Sekolah…
    public var roles: [String]
    /// The product area: Pengelolaan Kinerja, Verval PTK, e-Kinerja BKN.
    public var area: String
    /// Ids of the solution articles.
    public var articleIDs: [String]
    /// Oldest first; the last entry's status is the current one.
    public var history: [StatusChange]
    /// The solution as steps a teacher can follow.
    public var solution: [String]
    /// Phrases typical of this issue, as evidence for agents and the classifier.
    public var signals: [String]
    /// Tickets written the way teachers write about this issue: training data.
    public var examples: [String]
    /// Near misses that share this issue's words but are another problem: trained as "not a
    /// known issue", so the model learns where the issue ends.
    public var counterexamples: [String] = []
    /// The reply draft's template.
    public var reply: String
    /// The Markdown body rendered to HTML.
    public var bodyHTML: String
    /// The file it was read from, relative to the knowledge-base folder.
    public var file: String
}

/// A name people use for a part of the platform or of a problem, with every way they write it:
/// synonyms, paraphrases, regional words, the app's English messages. Any of its phrasings in a
/// ticket fires the same feature, so an issue learnt from "observasi" is also found from
/// "kunjungan kelas".
public struct Concept: Sendable, Hashable {
    /// Lower-case letters, digits and hyphens, e.g. `observasi`.
    public var id: String
    /// What agents read as evidence, in Bahasa Indonesia.
    public var label: String
    /// The phrasings, as people write them (normalised and stemmed before matching).
    public var phrases: [String]

    public init(id: String, label: String, phrases: [String]) {
        self.id = id
        self.label = label
        self.phrases = phrases
    }
}

/// A published solution article.
public struct Article: Sendable, Hashable {
    public var id: String
    public var title: String
    public var description: String
    /// The public address teachers are sent to.
    public var url: String
    /// Publication date as written in the front matter.
    public var date: String
    public var author: String
    public var keywords: [String]
    public var bodyHTML: String
    public var file: String
}

/// A text with the issue it is about (`other` for a ticket about none of the known issues).
public struct TrainingExample: Sendable, Hashable, Codable {
    public static let outOfScope = "other"

    public var text: String
    public var issue: String

    public init(text: String, issue: String) {
        self.text = text
        self.issue = issue
    }
}
