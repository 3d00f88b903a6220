import SolusiKit

/// The JSON Lines `solusi classify --input` writes: one `{"id","issue","confidence","articles"}`
/// per record, in input order; a record without text gets `"error"`. Written by hand rather than
/// by an encoder: the parts that depend only on the answer are made once per issue, which keeps a
/// million lines fast.
public final class ClassificationLineWriter {
    private let sink: ByteSink
    private let classifier: TicketClassifier
    /// What follows the id for each answer, up to the confidence, and after it.
    private var parts: [String?: (head: String, tail: String)] = [:]

    /// Lines for the answers of `classifier`, into `sink`.
    public init(classifier: TicketClassifier, sink: ByteSink) {
        self.classifier = classifier
        self.sink = sink
    }

    /// One record's line.
    public func write(_ record: TextRecord, _ answer: Classification?) throws {
        guard let answer else {
            let error = jsonString(record.error ?? "rekaman tanpa teks")
            try sink.write(
                "{\"id\":\(jsonString(record.id)),\"issue\":null,\"confidence\":null,\"articles\":[],\"error\":\(error)}\n"
            )
            return
        }
        let parts = self.parts(for: answer.issue)
        try sink.write("{\"id\":" + jsonString(record.id) + parts.head)
        try sink.write(threeDecimals(answer.confidence) + parts.tail)
    }

    /// Writes what is buffered.
    public func flush() throws { try sink.flush() }

    private func parts(for issue: String?) -> (head: String, tail: String) {
        if let known = parts[issue] { return known }
        let articles = classifier.articleURLs(for: issue).map(jsonString).joined(separator: ",")
        let made = (",\"issue\":\(issue.map(jsonString) ?? "null"),\"confidence\":", ",\"articles\":[\(articles)]}\n")
        parts[issue] = made
        return made
    }
}
