import Foundation

/// Moves a known issue along its lifecycle by editing its file in place: the `status:` line is
/// replaced and one entry is added to the end of `history:`; every other byte stays as it was.
public struct StatusEditor {
    /// The knowledge base whose files are edited.
    public var knowledgeBase: KnowledgeBase
    /// The checks the edited knowledge base must still pass.
    public var rules: KnowledgeBase.Rules

    /// An editor; `rules` are those the edited knowledge base must still pass.
    public init(knowledgeBase: KnowledgeBase, rules: KnowledgeBase.Rules = KnowledgeBase.Rules()) {
        self.knowledgeBase = knowledgeBase
        self.rules = rules
    }

    /// A failure to change an issue's status.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// No issue has the id: the knowledge base's own error (with the nearest id).
        case unknownIssue(ServiceError)
        case sameStatus(String, IssueStatus)
        case earlierThanHistory(String, date: String, last: String)
        case badDate(String)
        case emptyNote
        case unexpectedLayout(String)
        case wouldBreak(KnowledgeBaseError)
        case alreadyReviewed(String)
        case stillDraft(String, fields: [String])

        /// The message, in Bahasa Indonesia.
        public var description: String {
            switch self {
            case .unknownIssue(let error): error.description
            case .sameStatus(let id, let status): "Isu \"\(id)\" sudah berstatus \(status.rawValue) (\(status.label))."
            case .earlierThanHistory(let id, let date, let last):
                "Tanggal \(date) lebih awal dari entri terakhir riwayat \(id) (\(last)); riwayat tidak boleh mundur."
            case .badDate(let date): Day.problem(with: date, option: "--date") ?? "--date \(date)"
            case .emptyNote: "Catatan (--note) tidak boleh kosong: tulis singkat apa yang berubah."
            case .unexpectedLayout(let file):
                "\(file): baris status:, history: atau reviewed: tidak ditemukan di front matter."
            case .wouldBreak(let error): "Perubahan dibatalkan karena basis pengetahuan menjadi tidak sah:\n\(error)"
            case .alreadyReviewed(let id): "Isu \"\(id)\" sudah ditinjau."
            case .stillDraft(let id, let fields):
                "Isu \"\(id)\" masih berisi teks draf di \(IssueDraft.describe(fields)): sunting dulu berkasnya, lalu tinjau lagi."
            }
        }
    }

    /// The new text of the issue's file, checked by loading the whole knowledge base with it.
    public func updatedFile(issue id: String, to status: IssueStatus, note: String, date: String) throws(Failure)
        -> (path: String, text: String)
    {
        guard let issue = knowledgeBase.issue(id) else {
            throw .unknownIssue(knowledgeBase.unknownIssue(id))
        }
        guard issue.status != status else { throw .sameStatus(id, status) }
        guard Day(date) != nil else { throw .badDate(date) }
        if let last = issue.history.last, date < last.date {
            throw .earlierThanHistory(id, date: date, last: last.date)
        }
        guard !note.trimmed.isEmpty else { throw .emptyNote }
        return try checkedEdit(of: issue) { original throws(Failure) in
            try Self.edit(original, file: issue.file, status: status, note: note, date: date)
        }
    }

    /// The new text of a drafted issue's file once a lead has reviewed it: `reviewed: false`
    /// becomes `reviewed: true`, every other byte stays. Refused while a field still holds the
    /// draft's own text (`IssueDraft.placeholders`).
    public func reviewedFile(issue id: String) throws(Failure) -> (path: String, text: String) {
        guard let issue = knowledgeBase.issue(id) else {
            throw .unknownIssue(knowledgeBase.unknownIssue(id))
        }
        guard !issue.reviewed else { throw .alreadyReviewed(id) }
        let placeholders = IssueDraft.placeholders(of: issue)
        guard placeholders.isEmpty else { throw .stillDraft(id, fields: placeholders) }
        return try checkedEdit(of: issue) { original throws(Failure) in
            var lines = original.components(separatedBy: "\n")
            guard let line = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "reviewed: false" })
            else { throw .unexpectedLayout(issue.file) }
            lines[line] = "reviewed: true"
            return lines.joined(separator: "\n")
        }
    }

    /// The issue's file edited by `edit`, with its path: refused when the file cannot be read,
    /// or when the knowledge base would not load with the edited text.
    private func checkedEdit(of issue: KnownIssue, _ edit: (String) throws(Failure) -> String) throws(Failure)
        -> (path: String, text: String)
    {
        let path = URL(fileURLWithPath: knowledgeBase.folder).appendingPathComponent(issue.file).path
        guard let original = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .unexpectedLayout(issue.file)
        }
        let text = try edit(original)
        do {
            let files = try KnowledgeBase.files(in: knowledgeBase.folder).map {
                $0.path == issue.file ? ($0.path, text) : $0
            }
            _ = try KnowledgeBase.load(files: files, folder: knowledgeBase.folder, rules: rules)
        } catch {
            throw .wouldBreak(error)
        }
        return (path, text)
    }

    /// Writes the review (to a temporary file first, then renamed over the original).
    public func applyReview(issue id: String) throws -> String {
        try Self.write(try reviewedFile(issue: id))
    }

    /// Writes the change (to a temporary file first, then renamed over the original).
    public func apply(issue id: String, to status: IssueStatus, note: String, date: String) throws -> String {
        try Self.write(try updatedFile(issue: id, to: status, note: note, date: date))
    }

    private static func write(_ file: (path: String, text: String)) throws -> String {
        try Data(file.text.utf8).write(to: URL(fileURLWithPath: file.path), options: .atomic)
        return file.path
    }

    static func edit(_ text: String, file: String, status: IssueStatus, note: String, date: String) throws(Failure)
        -> String
    {
        var lines = text.components(separatedBy: "\n")
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
            let close = lines.indices.dropFirst().first(where: {
                lines[$0].trimmingCharacters(in: .whitespaces) == "---"
            })
        else { throw .unexpectedLayout(file) }
        func isTopLevelKey(_ line: String, _ key: String? = nil) -> Bool {
            guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { return false }
            return key == nil || line[..<colon].trimmingCharacters(in: .whitespaces) == key
        }
        guard let statusLine = (1..<close).first(where: { isTopLevelKey(lines[$0], "status") }),
            let historyLine = (1..<close).first(where: { isTopLevelKey(lines[$0], "history") })
        else { throw .unexpectedLayout(file) }
        lines[statusLine] = "status: \(status.rawValue)"

        // The history block runs until the next top-level key or the end of the front matter.
        var end = historyLine + 1
        while end < close, !isTopLevelKey(lines[end]) { end += 1 }
        while end > historyLine + 1, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
        let firstItem = lines[(historyLine + 1)..<end].first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("- ") }
        let indent = String(firstItem?.prefix { $0 == " " } ?? "  ")
        let entry = [
            "\(indent)- date: \(date)",
            "\(indent)  status: \(status.rawValue)",
            // A JSON string is a valid YAML double-quoted scalar.
            "\(indent)  note: \(jsonString(note.trimmed))",
        ]
        lines.insert(contentsOf: entry, at: end)
        return lines.joined(separator: "\n")
    }
}
