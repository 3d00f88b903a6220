import Foundation

/// Classifying: one text, a file of records, or the stored tickets; training and evaluating the
/// model they are classified with.
public struct ClassificationService {
    /// The knowledge base the model is trained on and answers link to.
    public let knowledgeBase: KnowledgeBase
    /// The store with the agents' labels and the stored models; nil when there is no database.
    public let store: (any ModelStore)?
    /// Where the stamps come from.
    public let clock: Clock

    /// A service over a knowledge base and (when there is one) a store.
    public init(knowledgeBase: KnowledgeBase, store: (any ModelStore)?, clock: Clock = .system) {
        self.knowledgeBase = knowledgeBase
        self.store = store
        self.clock = clock
    }

    /// A service over a workspace's database: `.required` refuses a database that does not
    /// exist, `.created` makes it (training), `.ifPresent` does without one (a text or a file
    /// is classified with a stored model when there is one, else a fresh one).
    public init(_ workspace: Workspace, knowledgeBase: KnowledgeBase, database: Workspace.DatabaseUse) throws {
        let store: (any ModelStore)? =
            switch database {
            case .required: try workspace.openStore(knowledgeBase: knowledgeBase)
            case .created: try workspace.openStore(creating: true, knowledgeBase: knowledgeBase)
            case .ifPresent: try workspace.existingStore(knowledgeBase: knowledgeBase)
            }
        self.init(knowledgeBase: knowledgeBase, store: store, clock: workspace.clock)
    }

    /// The model to classify with.
    public struct ModelChoice {
        /// The classifier with the model.
        public var classifier: TicketClassifier
        /// The stored model's version; nil when it was not stored (no store).
        public var version: Int?
        /// The cross-validated scores, when the model was trained just now.
        public var heldOut: Evaluation?
    }

    /// The newest stored model trained on exactly the current knowledge base and agents'
    /// labels, else a new one (trained in well under a second), stored when there is a store.
    /// `retrain` trains a new one anyway. With `recentEnough`, the newest stored model serves
    /// when it knows the same issues, even if agents labelled tickets since: the triage desk
    /// does not retrain on every label of every agent (`classify` and `train` learn them).
    public func currentModel(
        retrain: Bool = false, recentEnough: Bool = false, progress: (_ done: Int, _ of: Int) -> Void = { _, _ in }
    ) throws -> ModelChoice {
        if !retrain, recentEnough, let record = try store?.latestModel(), let model = IssueModel(record: record),
            model.labels == TicketClassifier.classes(of: knowledgeBase)
        {
            return ModelChoice(
                classifier: TicketClassifier(knowledgeBase: knowledgeBase, model: model), version: record.version,
                heldOut: nil)
        }
        let agentLabels = try store?.labeledExamples() ?? []
        let hash = TicketClassifier.trainingHash(knowledgeBase: knowledgeBase, agentLabels: agentLabels)
        if !retrain, let record = try store?.model(trainingHash: hash), let model = IssueModel(record: record) {
            return ModelChoice(
                classifier: TicketClassifier(knowledgeBase: knowledgeBase, model: model), version: record.version,
                heldOut: nil)
        }
        let (classifier, heldOut) = TicketClassifier.train(
            knowledgeBase: knowledgeBase, agentLabels: agentLabels, progress: progress)
        let version = try store?.saveModel(classifier.model.record(heldOut: heldOut, createdAt: clock.now))
        return ModelChoice(classifier: classifier, version: version, heldOut: heldOut)
    }

    /// The answer for one ticket's text, explained.
    public func answer(_ text: String, with classifier: TicketClassifier) throws -> ClassificationAnswer {
        guard !text.allSatisfy(\.isWhitespace) else { throw ServiceError.emptyText }
        let result = classifier.classify(text, explain: true)
        return ClassificationAnswer(
            issue: result.issue.flatMap(knowledgeBase.issue), confidence: result.confidence,
            articles: classifier.articleURLs(for: result.issue), evidence: result.evidence,
            closest: result.closest.map { near in
                ClosestIssue(
                    issue: near.issue, title: knowledgeBase.issue(near.issue)?.title ?? near.issue,
                    probability: near.probability)
            })
    }

    /// Classifies the queued stored tickets (every one with `all`) page by page, so memory does
    /// not grow with their number; `progress` hears how many are done.
    public func classifyStoredTickets(
        with choice: ModelChoice, all: Bool, pageSize: Int = 5_000, progress: (Int) -> Void = { _ in }
    ) throws -> StoredClassificationRun {
        guard let store, let version = choice.version else { throw ServiceError.needsDatabase }
        let parallel = ParallelClassifier(choice.classifier)
        var last: Int64 = 0
        var run = StoredClassificationRun(classified: 0, unknown: 0, model: version)
        while true {
            // New and changed tickets, and those an older model version classified.
            let page = try store.ticketsToClassify(after: last, limit: pageSize, all: all, model: version)
            guard let tail = page.last else { break }
            let answers = parallel.classify(page.map(\.text))
            let results = zip(page, answers).map { ticket, answer in
                StoredClassification(
                    rowID: ticket.rowID, verdict: answer?.verdict ?? .unknown, confidence: answer?.confidence ?? 0)
            }
            try store.saveClassifications(results, modelVersion: version)
            run.classified += results.count
            run.unknown += results.filter { $0.verdict == .unknown }.count
            last = tail.rowID
            progress(run.classified)
        }
        return run
    }

    /// Trains a new model and stores it.
    public func train(progress: (_ done: Int, _ of: Int) -> Void = { _, _ in }) throws -> TrainingReport {
        let started = ContinuousClock.now
        let choice = try currentModel(retrain: true, progress: progress)
        let elapsed = started.duration(to: .now)
        guard let heldOut = choice.heldOut, let version = choice.version else { throw ServiceError.needsDatabase }
        return TrainingReport(
            version: version, examples: heldOut.truth.count,
            seconds: elapsed / .seconds(1),
            macroF1: heldOut.macroF1, accuracy: heldOut.accuracy, threshold: choice.classifier.model.threshold,
            temperature: choice.classifier.model.temperature)
    }

    /// Scores the current model on a labelled JSON Lines file; records without text or label
    /// are left out and told to `skipped` (with their line and why).
    public func evaluate(file: String, skipped: (String) -> Void = { _ in }) throws -> Evaluation {
        let classifier = try currentModel().classifier
        var examples: [TrainingExample] = []
        try TextRecords.read(file: file, format: .jsonl) { record in
            guard let text = record.text, let label = record.label else {
                skipped("\(file):\(record.id): \(record.error ?? "tanpa teks atau label"); dilewati")
                return
            }
            examples.append(TrainingExample(text: text, issue: label))
        }
        return classifier.evaluate(examples)
    }

    /// Classifies every record of a file, a batch at a time in file order: `body` gets each
    /// record with its answer, or nil when the record has no text (its `error` says why).
    ///
    /// `body` runs on the calling thread while the next batch is classified on the others, so
    /// the cores do not wait for the answers to be written.
    public func classifyFile(
        _ path: String, format: ExportFormat, with classifier: TicketClassifier,
        _ body: ([(record: TextRecord, answer: Classification?)]) throws -> Void
    ) throws {
        let parallel = ParallelClassifier(classifier)
        var answered: [(record: TextRecord, answer: Classification?)]?
        try TextRecords.readBatches(file: path, format: format) { batch in
            let answers = Answers()
            let texts = batch.map(\.text)
            let classified = DispatchGroup()
            DispatchQueue.global().async(group: classified) { answers.value = parallel.classify(texts) }
            if let answered { try body(answered) }
            classified.wait()
            answered = Array(zip(batch, answers.value)).map { (record: $0.0, answer: $0.1) }
        }
        if let answered { try body(answered) }
    }

    /// A batch's answers, written by the thread that classifies it and read once it is done.
    private final class Answers: @unchecked Sendable {
        var value: [Classification?] = []
    }
}

/// The answer for one text, as `solusi classify TEXT` shows it.
public struct ClassificationAnswer: Sendable {
    /// The known issue; nil for unknown.
    public var issue: KnownIssue?
    /// The probability that the answer is right (for unknown: that no known issue applies).
    public var confidence: Double
    /// The issue's article links.
    public var articles: [String]
    /// The words that weighed most.
    public var evidence: [String]
    /// For unknown: the known issues that came closest.
    public var closest: [ClosestIssue]
}

/// A known issue that came close to an unknown ticket.
public struct ClosestIssue: Sendable {
    /// The issue's id and title.
    public var issue: String
    /// The issue's title.
    public var title: String
    /// How likely the ticket is about it.
    public var probability: Double
}

/// What classifying the stored tickets did.
public struct StoredClassificationRun: Sendable, Codable, Equatable {
    /// Tickets classified, and how many of them unknown.
    public var classified: Int
    /// How many of them are unknown.
    public var unknown: Int
    /// The model version used.
    public var model: Int
}

/// A model trained by `solusi train`.
public struct TrainingReport: Sendable, Codable {
    /// The stored version.
    public var version: Int
    /// How many examples it learnt from.
    public var examples: Int
    /// How long training took.
    public var seconds: Double
    /// Cross-validated macro-F1.
    public var macroF1: Double
    /// Cross-validated accuracy.
    public var accuracy: Double
    /// The "unknown" threshold.
    public var threshold: Double
    /// The calibration temperature.
    public var temperature: Double
}
