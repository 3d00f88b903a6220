import Foundation

/// What a ticket is about, as the classifier or an agent decided.
public enum Verdict: Hashable, Sendable {
    /// One of the known issues, by id.
    case known(String)
    /// The classifier matched none of the known issues.
    case unknown
    /// An agent said the ticket is about none of the known issues ("other").
    case outOfScope

    /// The word labelled files, exports and agents use for "none of the known issues".
    public static let otherWord = "other"

    /// The words an agent may type for "none of the known issues".
    static let otherWords: Set<String> = [otherWord, "lainnya", "lain", "0"]

    /// A classifier's answer: the known issue's id, or nil for unknown.
    public init(classifiedAs issueID: String?) {
        self = issueID.map(Verdict.known) ?? .unknown
    }

    /// An agent's label: the known issue's id, or nil for "other".
    public init(labelledAs issueID: String?) {
        self = issueID.map(Verdict.known) ?? .outOfScope
    }

    /// What an agent typed: "other" (or "lainnya", "lain", "0") is out of scope, anything else
    /// names a known issue (whether it exists is for the caller to check).
    public init(agentInput text: String) {
        let word = text.trimmingCharacters(in: .whitespaces)
        self = Self.otherWords.contains(word.lowercased()) ? .outOfScope : .known(word)
    }

    /// The known issue's id; nil for unknown and out of scope.
    public var issueID: String? {
        if case .known(let id) = self { return id }
        return nil
    }

    /// The known issue's id, or "other": the form of labelled files and exports.
    public var labelText: String { issueID ?? Self.otherWord }

    /// What a ticket is about: the agent's latest label wins over the classifier; nil when
    /// neither said anything. The one place this rule is written.
    public static func decided(label: Verdict?, classification: Verdict?) -> Verdict? {
        label ?? classification
    }
}
