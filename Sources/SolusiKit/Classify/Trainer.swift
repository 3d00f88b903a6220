import Foundation

/// Trains an `IssueModel` from labelled texts, deterministically.
///
/// Softmax regression by stochastic gradient descent (seeded shuffles, L2 on the weights it
/// touches). Five-fold cross-validation on the same examples gives held-out predictions, from
/// which the softmax temperature (calibration) and the "unknown" threshold are chosen.
public struct Trainer {
    public var epochs = 30
    public var learningRate: Float = 0.5
    public var l2: Float = 1e-4
    public var folds = 5

    public init() {}

    /// The model, and the held-out scores it was chosen on. `weights` (one per example, default 1)
    /// scale how much an example counts.
    public func train(
        _ examples: [TrainingExample], weights exampleWeights: [Float]? = nil, issues: [String],
        extractor: FeatureExtractor
    ) -> (IssueModel, Evaluation) {
        let labels = issues + [TrainingExample.outOfScope]
        let exampleWeights = exampleWeights ?? [Float](repeating: 1, count: examples.count)
        let targets = examples.map { labels.firstIndex(of: $0.issue) ?? labels.count - 1 }
        let vectors = examples.map { extractor.features(of: $0.text) }
        // Each example also in the wrapping real tickets have (greeting, who is writing, thanks),
        // so words every ticket has do not become evidence for one class. Same class as the original.
        let wrappings = Self.wrappings(examples.count)
        let wrapped = wrappings.map { extractor.features(of: $0.prefix + examples[$0.index].text + $0.suffix) }
        let wrappedTargets = wrappings.map { targets[$0.index] }

        // Held-out raw scores from cross-validation.
        var order = Array(examples.indices)
        var random = SplitMix64(seed: 7)
        order.shuffle(using: &random)
        var heldOutScores = [[Double]](repeating: [], count: examples.count)
        for fold in 0..<folds {
            let test = order.enumerated().filter { $0.offset % folds == fold }.map(\.element)
            let testSet = Set(test)
            let train = order.filter { !testSet.contains($0) }
            let model = fit(
                train.map { vectors[$0] } + train.map { wrapped[$0] },
                train.map { targets[$0] } + train.map { wrappedTargets[$0] },
                weights: train.map { exampleWeights[$0] } + train.map { exampleWeights[$0] }, labels: labels)
            for index in test { heldOutScores[index] = model.scores(vectors[index]) }
        }
        let temperature = Self.fitTemperature(heldOutScores, targets)
        let threshold = Self.chooseThreshold(heldOutScores, targets, labels: labels, temperature: temperature)

        var model = fit(
            vectors + wrapped, targets + wrappedTargets, weights: exampleWeights + exampleWeights, labels: labels)
        model.temperature = temperature
        model.threshold = threshold
        model.trainingHash = Self.hash(examples, weights: exampleWeights, issues: issues)

        let predictions = heldOutScores.map { scores -> String in
            Self.decide(IssueModel.softmax(scores, temperature: temperature), labels: labels, threshold: threshold)
        }
        let evaluation = Evaluation(
            labels: labels, truth: targets.map { labels[$0] }, predicted: predictions,
            confidences: heldOutScores.map { IssueModel.softmax($0, temperature: temperature).max()! })
        return (model, evaluation)
    }

    /// Neutral openings and closings of tickets, one pair per example, chosen deterministically.
    static func wrappings(_ count: Int) -> [(index: Int, prefix: String, suffix: String)] {
        let openings = [
            "Selamat pagi, saya guru di SDN 2 Bandung. ", "Selamat siang admin, saya kepala sekolah SMPN 1 Malang. ",
            "Assalamualaikum, saya operator sekolah di SMKN 3 Medan. ", "Yth. Tim Pusat Bantuan PMM, ",
            "Halo kak, saya PLT kepala sekolah. ", "Permisi, mau tanya. ",
            "Dengan hormat, saya pegawai di sekolah kami. ",
            "Selamat sore, saya guru honorer. ", "",
        ]
        let closings = [
            " Mohon bantuannya. Terima kasih.", " Terima kasih atas perhatiannya.", " Mohon segera dibantu.",
            " NIP saya 198001012005011001.", " Nomor HP saya 081234567890.", " Wassalam.", " Salam, Siti.", "",
        ]
        var random = SplitMix64(seed: 99)
        return (0..<count).map { ($0, openings[random.below(openings.count)], closings[random.below(closings.count)]) }
    }

    /// A hash of the training data and of the training itself (features and settings), so a
    /// model stored by another version of either is retrained.
    static func hash(_ examples: [TrainingExample], weights: [Float], issues: [String]) -> Int64 {
        var hasher = StableHasher()
        hasher.combine("features-v7 bits=\(FeatureExtractor.bits)")
        for issue in issues { hasher.combine(issue) }
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
            labels: labels, weights: averaged, bias: averagedBias, temperature: 1, threshold: 0.5, trainingHash: 0)
    }

    /// The temperature that makes held-out probabilities most likely (a grid search).
    static func fitTemperature(_ scores: [[Double]], _ targets: [Int]) -> Double {
        var best = (temperature: 1.0, loss: Double.infinity)
        for step in 1...60 {
            let temperature = Double(step) * 0.1
            var loss = 0.0
            for (row, target) in zip(scores, targets) {
                loss -= log(max(IssueModel.softmax(row, temperature: temperature)[target], 1e-12))
            }
            if loss < best.loss { best = (temperature, loss) }
        }
        return best.temperature
    }

    /// The probability below which an issue is not claimed: the one with the best held-out
    /// macro-F1, the higher one on ties (a wrong match costs more than an "unknown").
    static func chooseThreshold(_ scores: [[Double]], _ targets: [Int], labels: [String], temperature: Double) -> Double
    {
        var best = (threshold: 0.5, score: -1.0)
        for step in stride(from: 20, through: 90, by: 5) {
            let threshold = Double(step) / 100
            let predicted = scores.map {
                decide(IssueModel.softmax($0, temperature: temperature), labels: labels, threshold: threshold)
            }
            let score = Evaluation(
                labels: labels, truth: targets.map { labels[$0] }, predicted: predicted, confidences: []
            ).macroF1
            if score >= best.score { best = (threshold, score) }
        }
        return best.threshold
    }

    static func decide(_ probabilities: [Double], labels: [String], threshold: Double) -> String {
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
        let other = labels.count - 1
        return best != other && probabilities[best] >= threshold ? labels[best] : labels[other]
    }
}
