import Foundation
import IndonesianText

/// Trains an `IssueModel` from labelled texts, deterministically.
///
/// Softmax regression by stochastic gradient descent (seeded shuffles, L2 on the weights it
/// touches). Each example is also trained in a ticket's usual wrapping, told at length among
/// background sentences and, where it mentions a concept, with other phrasings of that concept.
/// Five-fold cross-validation gives held-out predictions, from which the softmax temperature
/// (calibration) is chosen; the folds keep near-identical examples (one author's variations on
/// one sentence) together, so calibration is measured on wording the model has not seen. The
/// "unknown" threshold is fixed (`IssueModel.claimThreshold`).
struct Trainer {
    /// The classes a model tells apart: the known issues, then `other`.
    static func classes(_ issues: [String]) -> [String] { issues + [TrainingExample.outOfScope] }

    var epochs = 30
    var learningRate: Float = 0.5
    var l2: Float = 1e-4
    var folds = 5
    /// Paraphrased copies of each example that mentions a concept, and how much each counts.
    var paraphrases = 2
    var paraphraseWeight: Float = 0.5
    /// How much each example's copy wrapped in background counts.
    var backgroundWeight: Float = 0.5

    init() {}

    /// The model, and the held-out scores it was chosen on. `weights` (one per example, default 1)
    /// scale how much an example counts.
    func train(
        _ examples: [TrainingExample], weights exampleWeights: [Float]? = nil, issues: [String],
        extractor: FeatureExtractor, concepts: [Concept] = [], progress: (_ done: Int, _ of: Int) -> Void = { _, _ in }
    ) -> (IssueModel, Evaluation) {
        let labels = Self.classes(issues)
        let exampleWeights = exampleWeights ?? [Float](repeating: 1, count: examples.count)
        let targets = examples.map { labels.firstIndex(of: $0.issue) ?? labels.count - 1 }
        let vectors = examples.map { extractor.features(of: $0.text) }
        // What each example trains as: itself; in the wrapping real tickets have (greeting, who is
        // writing, thanks), so words every ticket has do not become evidence for one class; and
        // with other phrasings of its concepts. Always the example's class.
        var copies: [(example: Int, vector: FeatureVector, weight: Float)] = []
        for (index, vector) in vectors.enumerated() { copies.append((index, vector, exampleWeights[index])) }
        for (index, text) in TicketBackground.briefly(examples.map(\.text)).enumerated() {
            copies.append((index, extractor.features(of: text), exampleWeights[index]))
        }
        // And told at length, among the sentences careful writers put around their problem.
        let told = TicketBackground.atLength(examples.map(\.text))
        for (index, text) in told.enumerated() {
            copies.append((index, extractor.features(of: text), exampleWeights[index] * backgroundWeight))
        }
        let paraphraser = ConceptParaphraser(concepts: concepts, pipeline: extractor.pipeline)
        var random = SplitMix64(seed: 13)
        for (index, example) in examples.enumerated() {
            for text in paraphraser.variants(of: example.text, count: paraphrases, random: &random) {
                copies.append((index, extractor.features(of: text), exampleWeights[index] * paraphraseWeight))
            }
        }
        func fitCopies(_ chosen: [Int]) -> IssueModel {
            fit(
                chosen.map { copies[$0].vector }, chosen.map { targets[copies[$0].example] },
                weights: chosen.map { copies[$0].weight }, labels: labels)
        }

        // Held-out raw scores from cross-validation, a group of near-identical examples per fold.
        let fold = Self.foldOfEach(examples.map(\.text), count: folds, pipeline: extractor.pipeline)
        var heldOut = [[Double]](repeating: [], count: examples.count)
        for held in 0..<folds {
            progress(held, folds + 1)
            let model = fitCopies(copies.indices.filter { fold[copies[$0].example] != held })
            for index in examples.indices where fold[index] == held { heldOut[index] = model.scores(vectors[index]) }
        }
        let temperature = Self.fitTemperature(heldOut, targets)

        progress(folds, folds + 1)
        var model = fitCopies(Array(copies.indices))
        progress(folds + 1, folds + 1)
        model.temperature = temperature
        model.threshold = IssueModel.claimThreshold
        model.trainingHash = Self.hash(examples, weights: exampleWeights, issues: issues)

        let decisions = heldOut.map {
            IssueModel.decide(IssueModel.softmax($0, temperature: temperature), threshold: model.threshold)
        }
        let evaluation = Evaluation(
            labels: labels, truth: targets.map { labels[$0] }, predicted: decisions.map { labels[$0.label] },
            confidences: decisions.map(\.confidence))
        return (model, evaluation)
    }

    /// Which of `count` folds each text is held out in. Texts that share most of their words
    /// (Jaccard similarity of their stems ≥ 0.5) are one group and go to the same fold, so the
    /// held-out scores are not flattered by a near copy in the training part.
    static func foldOfEach(_ texts: [String], count: Int, pipeline: TextPipeline) -> [Int] {
        let words = texts.map { text in Set(pipeline.analyze(text).map { $0.text }) }
        var parent = Array(texts.indices)
        func root(_ node: Int) -> Int {
            var node = node
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        for i in words.indices {
            for j in words.indices where j > i && !words[i].isEmpty {
                let shared = words[i].intersection(words[j]).count
                if Double(shared) >= 0.5 * Double(words[i].union(words[j]).count) { parent[root(j)] = root(i) }
            }
        }
        var groups = Array(Set(texts.indices.map(root))).sorted()
        var random = SplitMix64(seed: 7)
        groups.shuffle(using: &random)
        var foldOfGroup: [Int: Int] = [:]
        for (number, group) in groups.enumerated() { foldOfGroup[group] = number % count }
        return texts.indices.map { foldOfGroup[root($0)]! }
    }

    /// A hash of the training data and of the training itself (features and settings), so a
    /// model stored by another version of either is retrained.
    static func hash(
        _ examples: [TrainingExample], weights: [Float], issues: [String], phrases: [PhraseFeature] = []
    ) -> Int64 {
        var hasher = StableHasher()
        hasher.combine("features-v12 phrase-pairs bits=\(FeatureExtractor.bits)")
        for issue in issues { hasher.combine(issue) }
        for phrase in phrases { hasher.combine("\(phrase.kind.rawValue) \(phrase.key) \(phrase.phrase)") }
        for (example, weight) in zip(examples, weights) {
            hasher.combine(example.text)
            hasher.combine(example.issue)
            if weight != 1 { hasher.combine(String(weight)) }
        }
        return hasher.value
    }

    /// Plain SGD over the given examples, each example's gradient scaled by its weight.
    func fit(_ vectors: [FeatureVector], _ targets: [Int], weights exampleWeights: [Float], labels: [String])
        -> IssueModel
    {
        let classes = labels.count
        let dimension = FeatureExtractor.dimension
        var weights = [Float](repeating: 0, count: classes * dimension)
        var bias = [Float](repeating: 0, count: classes)
        var order = Array(vectors.indices)
        var random = SplitMix64(seed: 42)
        var step: Float = 0
        var scores = [Double](repeating: 0, count: classes)
        // The model is the average of the weights after each epoch of the second half (averaged
        // SGD): steadier than the last epoch's weights alone.
        var averaged = [Float](repeating: 0, count: classes * dimension)
        var averagedBias = [Float](repeating: 0, count: classes)
        let averagedEpochs = max(epochs / 2, 1)
        weights.withUnsafeMutableBufferPointer { w in
            for epoch in 0..<epochs {
                order.shuffle(using: &random)
                for index in order {
                    let vector = vectors[index]
                    vector.indices.withUnsafeBufferPointer { features in
                        vector.values.withUnsafeBufferPointer { values in
                            let count = features.count
                            for k in 0..<classes {
                                var sum = bias[k]
                                for j in 0..<count { sum += w[Int(features[j]) * classes + k] * values[j] }
                                scores[k] = Double(sum)
                            }
                            let probabilities = IssueModel.softmax(scores, temperature: 1)
                            let rate = learningRate / (1 + step / Float(max(vectors.count, 1)))
                            step += 1
                            for k in 0..<classes {
                                let gradient =
                                    (Float(probabilities[k]) - (k == targets[index] ? 1 : 0)) * exampleWeights[index]
                                for j in 0..<count {
                                    let at = Int(features[j]) * classes + k
                                    w[at] -= rate * (gradient * values[j] + l2 * w[at])
                                }
                                bias[k] -= rate * gradient * 0.1
                            }
                        }
                    }
                }
                if epoch >= epochs - averagedEpochs {
                    for at in 0..<w.count where w[at] != 0 { averaged[at] += w[at] / Float(averagedEpochs) }
                    for k in 0..<classes { averagedBias[k] += bias[k] / Float(averagedEpochs) }
                }
            }
        }
        return IssueModel(
            labels: labels, weights: averaged, bias: averagedBias, temperature: 1, threshold: IssueModel.claimThreshold,
            trainingHash: 0)
    }

    /// The temperature that makes the held-out answers most likely (a grid search over the
    /// probability of each example's true class). Long tickets need none of their own: a passage
    /// speaks with its own probability unless a neighbouring sentence changes the answer
    /// (`IssueModel.read`), so its confidence means what a short ticket's does.
    static func fitTemperature(_ heldOut: [[Double]], _ targets: [Int]) -> Double {
        var best = (temperature: 1.0, loss: Double.infinity)
        for step in 1...60 {
            let temperature = Double(step) * 0.1
            var loss = 0.0
            for (scores, target) in zip(heldOut, targets) {
                loss -= log(max(IssueModel.softmax(scores, temperature: temperature)[target], 1e-12))
            }
            if loss < best.loss { best = (temperature, loss) }
        }
        return best.temperature
    }
}
