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

    /// The Indonesian words a lead may type for each status (`kb set-status ID selesai`).
    public static let indonesianWords: [String: IssueStatus] = [
        "diinvestigasi": .investigating, "investigasi": .investigating, "diselidiki": .investigating,
        "teridentifikasi": .identified, "diketahui": .identified,
        "sementara": .workaround, "solusi-sementara": .workaround,
        "selesai": .solved, "tersedia": .solved, "solusi-tersedia": .solved, "terselesaikan": .solved,
        "tidak-berlaku": .retired, "pensiun": .retired, "dihentikan": .retired,
    ]

    /// A status from its name or one of its Indonesian words, in any case.
    public init?(word: String) {
        let word = word.trimmed.lowercased()
        guard let status = IssueStatus(rawValue: word) ?? Self.indonesianWords[word] else { return nil }
        self = status
    }
}

/// One dated step of an issue's lifecycle.
public struct StatusChange: Sendable, Hashable, Codable {
    /// The calendar day, `YYYY-MM-DD` (WIB).
    public var date: String
    /// The status from that day on.
    public var status: IssueStatus
    /// What changed, in a sentence.
    public var note: String

    /// A step.
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
    /// The title agents and teachers read.
    public var title: String
    /// Where it stands: the last status of its history.
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
    /// A short name for titles that list several issues ("Predikat Kinerja"); nil: the title.
    public var topic: String? = nil
    /// False for an issue drafted from a cluster (`reviewed: false`) that no lead has reviewed
    /// yet: it is classified and counted, but kept out of what teachers read (the status page,
    /// the announcement, replies) until `kb review` (the tech team's hypothesis, not news).
    public var reviewed = true

    /// The short name: the topic, else the title.
    public var shortName: String { topic ?? title }
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

    /// A concept.
    public init(id: String, label: String, phrases: [String]) {
        self.id = id
        self.label = label
        self.phrases = phrases
    }
}

/// A published solution article.
public struct Article: Sendable, Hashable {
    /// Fixed id, e.g. `penetapan-predikat-kinerja-guru`.
    public var id: String
    /// The article's title.
    public var title: String
    /// Its summary (front matter).
    public var description: String
    /// The public address teachers are sent to.
    public var url: String
    /// Publication date as written in the front matter.
    public var date: String
    /// Who published it.
    public var author: String
    /// Its keywords (front matter).
    public var keywords: [String]
    /// The Markdown body rendered to HTML.
    public var bodyHTML: String
    /// The file it was read from, relative to the knowledge-base folder.
    public var file: String
}

/// A text with the issue it is about (`other` for a ticket about none of the known issues).
public struct TrainingExample: Sendable, Hashable, Codable {
    /// The label of a text about none of the known issues.
    public static let outOfScope = Verdict.otherWord

    /// The ticket's text.
    public var text: String
    /// A known issue's id, or `other`.
    public var issue: String

    /// An example.
    public init(text: String, issue: String) {
        self.text = text
        self.issue = issue
    }
}

extension KnownIssue {
    /// The newest entry of its history: the update teachers are told now.
    public var latestUpdate: StatusChange? { history.last }

    /// The day the issue's current episode began: its first history entry, or for an issue
    /// that came back after being solved (or retired), the entry that reopened it.
    public var episodeStart: String? {
        func over(_ change: StatusChange) -> Bool { change.status == .solved || change.status == .retired }
        var end = history.count
        while end > 0, over(history[end - 1]) { end -= 1 }
        let start = history[..<end].lastIndex(where: over).map { $0 + 1 } ?? 0
        return history.indices.contains(start) ? history[start].date : history.first?.date
    }
}

extension StatusChange {
    /// "Pembaruan 7 Desember 2026: …", as teachers read it.
    public var told: String {
        "Pembaruan \(Day(date).map(\.spelledOut) ?? date): \(note)"
    }
}
