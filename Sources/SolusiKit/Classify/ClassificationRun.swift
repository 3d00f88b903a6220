/// Picks the model to classify with: the newest stored one trained on exactly the current
/// knowledge base and agents' labels, else a new one (trained in well under a second), stored
/// when there is a store.
public enum CurrentModel {
    public struct Choice {
        public var classifier: TicketClassifier
        /// The stored model's version; nil when it was not stored.
        public var version: Int?
        /// The held-out scores, when the model was trained just now.
        public var heldOut: Evaluation?
    }

    public static func choose(knowledgeBase: KnowledgeBase, store: (any TicketStore)?, retrain: Bool = false) throws
        -> Choice
    {
        let agentLabels = try store?.labeledExamples() ?? []
        let hash = TicketClassifier.trainingHash(knowledgeBase: knowledgeBase, agentLabels: agentLabels)
        if !retrain, let stored = try store?.model(trainingHash: hash) {
            return Choice(
                classifier: TicketClassifier(knowledgeBase: knowledgeBase, model: stored.model),
                version: stored.version,
                heldOut: nil)
        }
        let (classifier, heldOut) = TicketClassifier.train(knowledgeBase: knowledgeBase, agentLabels: agentLabels)
        let version = try store?.saveModel(classifier.model, heldOut: heldOut)
        return Choice(classifier: classifier, version: version, heldOut: heldOut)
    }
}

/// Classifies stored tickets page by page, so memory does not grow with their number.
public struct StoredTicketClassification {
    public var store: any TicketStore
    public var classifier: TicketClassifier
    public var modelVersion: Int
    public var pageSize = 5_000

    public init(store: any TicketStore, classifier: TicketClassifier, modelVersion: Int) {
        self.store = store
        self.classifier = classifier
        self.modelVersion = modelVersion
    }

    /// Classifies the queued tickets (all of them with `all`); returns how many, and how many unknown.
    public func run(all: Bool, progress: (Int) -> Void = { _ in }) throws -> (classified: Int, unknown: Int) {
        let parallel = ParallelClassifier(classifier)
        var last: Int64 = 0
        var classified = 0
        var unknown = 0
        while true {
            let page = try store.ticketsToClassify(after: last, limit: pageSize, all: all)
            guard let tail = page.last else { break }
            let answers = parallel.classify(page.map(\.text))
            let results = zip(page, answers).map { ticket, answer in
                StoredClassification(rowID: ticket.rowID, issue: answer?.issue, confidence: answer?.confidence ?? 0)
            }
            try store.saveClassifications(results, modelVersion: modelVersion)
            classified += results.count
            unknown += results.filter { $0.issue == nil }.count
            last = tail.rowID
            progress(classified)
        }
        return (classified, unknown)
    }
}
