import IndonesianText

/// The classifier as the rest of Solusi uses it: trained from the knowledge base, answering with
/// the known issue, a calibrated confidence, the evidence and the issue's article links.
public struct TicketClassifier {
    public let knowledgeBase: KnowledgeBase
    public let model: IssueModel
    /// Cross-validated scores on the training examples, from which threshold and temperature were chosen.
    public let heldOut: Evaluation
    let extractor: FeatureExtractor

    /// Trains on the knowledge base's examples (and any extra labelled examples, e.g. agents' labels).
    public init(knowledgeBase: KnowledgeBase, extraExamples: [TrainingExample] = [], trainer: Trainer = Trainer()) {
        self.knowledgeBase = knowledgeBase
        extractor = Self.extractor(for: knowledgeBase)
        (model, heldOut) = trainer.train(
            knowledgeBase.examples + extraExamples, issues: knowledgeBase.issues.map(\.id), extractor: extractor)
    }

    static func extractor(for knowledgeBase: KnowledgeBase) -> FeatureExtractor {
        FeatureExtractor(signals: knowledgeBase.issues.flatMap { issue in issue.signals.map { ($0, issue.id) } })
    }

    /// The answer for one ticket text; `explain` adds the evidence (a little slower).
    public func classify(_ text: String, explain: Bool = false) -> Classification {
        model.classify(extractor.features(of: text, keepSources: explain))
    }

    /// The public article links of an issue (none for unknown).
    public func articleURLs(for issue: String?) -> [String] {
        guard let issue, let known = knowledgeBase.issue(issue) else { return [] }
        return knowledgeBase.articles(for: known).map(\.url)
    }

    /// Scores on labelled texts (`other` for out of scope).
    public func evaluate(_ examples: [TrainingExample]) -> Evaluation {
        let results = examples.map { classify($0.text) }
        return Evaluation(
            labels: model.labels, truth: examples.map(\.issue),
            predicted: results.map { $0.issue ?? TrainingExample.outOfScope }, confidences: results.map(\.confidence))
    }
}
