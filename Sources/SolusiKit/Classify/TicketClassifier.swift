import IndonesianText

/// The classifier as the rest of Solusi uses it: trained from the knowledge base, answering with
/// the known issue, a calibrated confidence, the evidence and the issue's article links.
public struct TicketClassifier: Sendable {
    /// The knowledge base it was trained on; answers link to its articles.
    public let knowledgeBase: KnowledgeBase
    /// The trained model.
    public let model: IssueModel
    let extractor: FeatureExtractor

    /// A classifier with a model trained before (e.g. loaded from the store).
    public init(knowledgeBase: KnowledgeBase, model: IssueModel) {
        self.knowledgeBase = knowledgeBase
        self.model = model
        extractor = Self.extractor(for: knowledgeBase)
    }

    /// Trains on the knowledge base's examples and agents' labels; also returns the
    /// cross-validated scores the threshold and temperature were chosen on.
    public static func train(
        knowledgeBase: KnowledgeBase, agentLabels: [TrainingExample] = [],
        progress: (_ done: Int, _ of: Int) -> Void = { _, _ in }
    ) -> (TicketClassifier, heldOut: Evaluation) {
        train(knowledgeBase: knowledgeBase, agentLabels: agentLabels, trainer: Trainer(), progress: progress)
    }

    /// The same, with a trainer's settings.
    static func train(
        knowledgeBase: KnowledgeBase, agentLabels: [TrainingExample], trainer: Trainer,
        progress: (_ done: Int, _ of: Int) -> Void = { _, _ in }
    ) -> (TicketClassifier, heldOut: Evaluation) {
        let extractor = extractor(for: knowledgeBase)
        let (examples, weights) = trainingSet(knowledgeBase: knowledgeBase, agentLabels: agentLabels)
        var (model, heldOut) = trainer.train(
            examples, weights: weights, issues: knowledgeBase.issues.map(\.id), extractor: extractor,
            concepts: knowledgeBase.concepts, progress: progress)
        model.trainingHash = trainingHash(knowledgeBase: knowledgeBase, agentLabels: agentLabels)
        return (TicketClassifier(knowledgeBase: knowledgeBase, model: model), heldOut)
    }

    /// How much an agent's label counts against one knowledge-base example: agents saw the real
    /// ticket, so where the two disagree the agent wins.
    public static let agentLabelWeight: Float = 2

    /// The knowledge base's examples and the agents' labels, weighted. A knowledge-base example
    /// whose text an agent labelled too (the same words) is left out: the agent's label decides.
    /// A labelled ticket is trained on as `classify` reads it: without a form's picked fields.
    static func trainingSet(knowledgeBase: KnowledgeBase, agentLabels: [TrainingExample]) -> (
        [TrainingExample], [Float]
    ) {
        let agentLabels = agentLabels.map {
            TrainingExample(text: FormChoices.removed(from: $0.text), issue: $0.issue)
        }
        let normalizer = TextNormalizer()
        let labelled = Set(agentLabels.map { normalizer.normalize($0.text) })
        let examples =
            labelled.isEmpty
            ? knowledgeBase.examples
            : knowledgeBase.examples.filter { !labelled.contains(normalizer.normalize($0.text)) }
        return (
            examples + agentLabels,
            [Float](repeating: 1, count: examples.count)
                + [Float](repeating: agentLabelWeight, count: agentLabels.count)
        )
    }

    /// What a model trained now would be trained on; a stored model with another hash is stale.
    public static func trainingHash(knowledgeBase: KnowledgeBase, agentLabels: [TrainingExample] = []) -> Int64 {
        let (examples, weights) = trainingSet(knowledgeBase: knowledgeBase, agentLabels: agentLabels)
        return Trainer.hash(
            examples, weights: weights, issues: knowledgeBase.issues.map(\.id), phrases: PhraseFeature.of(knowledgeBase)
        )
    }

    /// The classes a model of this knowledge base tells apart: its issues, then `other`.
    static func classes(of knowledgeBase: KnowledgeBase) -> [String] {
        Trainer.classes(knowledgeBase.issues.map(\.id))
    }

    static func extractor(for knowledgeBase: KnowledgeBase) -> FeatureExtractor {
        FeatureExtractor(phrases: PhraseFeature.of(knowledgeBase))
    }

    /// The answer for one ticket text; `explain` adds the evidence (a little slower).
    ///
    /// A long text of several sentences is read as its passages too (`Passages`): the answer is the
    /// whole text's or a passage's, whichever makes the strongest case for a known issue that
    /// its neighbouring sentences do not undo (see `IssueModel.read`). The evidence comes from
    /// that passage. A web form's fields chosen from a list ("Kategori: …") are not read
    /// (`FormChoices`).
    public func classify(_ text: String, explain: Bool = false) -> Classification {
        let text = FormChoices.removed(from: text)
        let parts = Passages.isLong(text) ? Passages.parts(of: text) : []
        guard parts.count > 1 else {
            return explain
                ? model.classify(extractor.features(of: text, keepSources: true))
                : model.decide(scores: extractor.scores(of: text, model: model))
        }
        let (whole, sums) = extractor.scores(ofParts: parts, model: model)
        let reading = model.read(whole: whole, parts: sums)
        guard explain else { return reading.classification }
        var answer = reading.classification
        if let issue = answer.issue, let k = model.labels.firstIndex(of: issue) {
            let focus = reading.focus.map { parts[$0].map(String.init).joined(separator: " ") } ?? text
            answer.evidence = model.evidence(extractor.features(of: focus, keepSources: true), for: k)
        }
        return answer
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
