import Foundation

/// A stored ticket with what is known about it: its current classification and the agent's
/// latest label. Exports, clusters and notifications read tickets in this form.
public struct TicketFacts: Sendable {
    /// The ticket.
    public var ticket: Ticket
    /// Its current classification; nil when it was never classified.
    public var classification: ClassificationRecord?
    /// The agent's latest label; nil when no agent labelled it.
    public var label: Verdict?

    /// Facts about one ticket.
    public init(ticket: Ticket, classification: ClassificationRecord?, label: Verdict?) {
        self.ticket = ticket
        self.classification = classification
        self.label = label
    }

    /// What the ticket is about (see `Verdict.decided`); nil when never classified nor labelled.
    public var verdict: Verdict? { Verdict.decided(label: label, classification: classification?.verdict) }
}

/// What a notification run does with a ticket of its issue.
public enum NotificationChoice: Sendable, Equatable {
    /// Send the reply, and mark the ticket notified.
    case send
    /// List it for an agent to review first; not marked.
    case review
    /// Leave it out (another issue decided, or closed).
    case skip
}

/// The few attributes of a stored ticket the report and trends count by, with its verdicts:
/// light enough to stream a million of them.
public struct TicketOutline: Sendable {
    /// The ticket's row in the store.
    public var rowID: Int64
    /// Creation time, seconds since 1970-01-01 UTC.
    public var createdAt: Int64
    /// Who asked (their role), where from, through which channel.
    public var role: String?
    /// The requester's province.
    public var province: String?
    /// The channel the ticket came through.
    public var channel: String?
    /// The classifier's verdict; nil when never classified.
    public var classification: Verdict?
    /// The agent's latest label; nil when none.
    public var label: Verdict?
    /// Who asked, as a key (see `Duplicates.requesterKey`); nil when the ticket does not say.
    public var requester: Int64?

    /// An outline.
    public init(
        rowID: Int64, createdAt: Int64, role: String?, province: String?, channel: String?,
        classification: Verdict?, label: Verdict?, requester: Int64? = nil
    ) {
        self.rowID = rowID
        self.createdAt = createdAt
        self.role = role
        self.province = province
        self.channel = channel
        self.classification = classification
        self.label = label
        self.requester = requester
    }

    /// What the ticket is about (see `Verdict.decided`); nil when never classified nor labelled.
    public var verdict: Verdict? { Verdict.decided(label: label, classification: classification) }
}

/// A stored ticket's text, for classifying.
public struct TicketText: Sendable {
    /// The ticket's row in the store.
    public var rowID: Int64
    /// Subject and description, as `TicketRecord.text` joins them.
    public var text: String

    /// A ticket's text.
    public init(rowID: Int64, text: String) {
        self.rowID = rowID
        self.text = text
    }
}

/// A trained model as the store keeps it: the numbers, what it was trained on, how it scored.
public struct ModelRecord: Sendable {
    /// The store's version number; nil until stored.
    public var version: Int?
    /// The hash of the training data (see `TicketClassifier.trainingHash`).
    public var trainingHash: Int64
    /// The classes, in the order of the weights' rows.
    public var labels: [String]
    /// The weights in the classifier's own compact form.
    public var weights: Data
    /// One bias per class.
    public var bias: [Float]
    /// The calibration temperature and the "unknown" threshold.
    public var temperature: Double
    /// Below this probability the answer is "unknown".
    public var threshold: Double
    /// Cross-validated macro-F1 and accuracy.
    public var heldOutMacroF1: Double
    /// Cross-validated accuracy.
    public var heldOutAccuracy: Double
    /// When it was stored, seconds since 1970-01-01 UTC.
    public var createdAt: Int64

    /// A model to store or as stored.
    public init(
        version: Int? = nil, trainingHash: Int64, labels: [String], weights: Data, bias: [Float],
        temperature: Double, threshold: Double, heldOutMacroF1: Double, heldOutAccuracy: Double, createdAt: Int64
    ) {
        self.version = version
        self.trainingHash = trainingHash
        self.labels = labels
        self.weights = weights
        self.bias = bias
        self.temperature = temperature
        self.threshold = threshold
        self.heldOutMacroF1 = heldOutMacroF1
        self.heldOutAccuracy = heldOutAccuracy
        self.createdAt = createdAt
    }
}

extension ModelRecord {
    /// The classes as the stores keep them: a JSON array.
    public var labelsJSON: String { "[" + labels.map(jsonString).joined(separator: ",") + "]" }

    /// The biases as the stores keep them: a JSON array.
    public var biasJSON: String { "[" + bias.map { String($0) }.joined(separator: ",") + "]" }

    /// The classes and biases read back from those two columns; nil when they cannot be read.
    public static func columns(labels: String, bias: String) -> (labels: [String], bias: [Float])? {
        let decoder = JSONDecoder()
        guard let labels = try? decoder.decode([String].self, from: Data(labels.utf8)),
            let bias = try? decoder.decode([Float].self, from: Data(bias.utf8))
        else { return nil }
        return (labels, bias)
    }
}

/// The known issues and articles the store keeps a copy of, with the knowledge base's hash.
public struct IssueCatalog: Sendable {
    /// The known issues.
    public var issues: [KnownIssue]
    /// The solution articles.
    public var articles: [Article]
    /// Changes whenever anything in the knowledge base changes.
    public var contentHash: Int64
    /// The knowledge base's files as they were read: the store keeps them, so that when a later
    /// edit breaks the folder, the commands that only read go on with this copy.
    public var files: [KnowledgeBaseFile]

    /// A catalog.
    public init(issues: [KnownIssue], articles: [Article], contentHash: Int64, files: [KnowledgeBaseFile] = []) {
        self.issues = issues
        self.articles = articles
        self.contentHash = contentHash
        self.files = files
    }
}

/// One file of a knowledge base: its path below the folder, and its text.
public struct KnowledgeBaseFile: Sendable, Hashable {
    /// Below the knowledge base's folder, `/`-separated: `issues/x.md`.
    public var path: String
    /// The file's text.
    public var text: String

    /// A file.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// The last valid knowledge base a store holds, and when it was copied there.
public struct StoredKnowledgeBase: Sendable {
    /// Its files, in the order they were read.
    public var files: [KnowledgeBaseFile]
    /// Unix seconds.
    public var syncedAt: Int64

    /// A stored copy.
    public init(files: [KnowledgeBaseFile], syncedAt: Int64) {
        self.files = files
        self.syncedAt = syncedAt
    }
}
