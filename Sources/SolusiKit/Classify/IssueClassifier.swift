import Foundation

/// What the classifier says about one ticket.
public struct Classification: Sendable {
    /// A known-issue id, or nil for "unknown".
    public var issue: String?
    /// Calibrated probability that the answer (the issue, or "unknown") is right, 0…1.
    public var confidence: Double
    /// The words and phrases of the ticket that weighed most for the answer, strongest first.
    public var evidence: [String]
}

/// A linear (softmax) model over hashed features: one weight vector per class, the last class
/// being "other" (out of scope). A ticket is unknown when "other" wins or when the best issue's
/// probability is below a threshold chosen on held-out data.
public struct IssueModel: Sendable {
    /// Class labels: the known-issue ids, then `other`.
    public var labels: [String]
    /// Row-major: `weights[class * dimension + feature]`.
    public var weights: [Float]
    public var bias: [Float]
    /// Softmax temperature fitted on held-out predictions, so confidences are calibrated.
    public var temperature: Double
    /// Below this probability an issue is not claimed.
    public var threshold: Double
    /// Hash of the training data, to know whether a stored model is current.
    public var trainingHash: Int64

    var dimension: Int { FeatureExtractor.dimension }

    /// Raw class scores for a feature vector.
    func scores(_ vector: FeatureVector) -> [Double] {
        var scores = bias.map(Double.init)
        for k in labels.indices {
            let row = k * dimension
            var sum: Float = 0
            for (index, value) in zip(vector.indices, vector.values) { sum += weights[row + Int(index)] * value }
            scores[k] += Double(sum)
        }
        return scores
    }

    static func softmax(_ scores: [Double], temperature: Double) -> [Double] {
        let scaled = scores.map { $0 / temperature }
        let top = scaled.max() ?? 0
        let exps = scaled.map { exp($0 - top) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// The class probabilities of a ticket, calibrated.
    func probabilities(_ vector: FeatureVector) -> [Double] {
        Self.softmax(scores(vector), temperature: temperature)
    }

    /// The decision for a ticket.
    public func classify(_ vector: FeatureVector) -> Classification {
        let probabilities = probabilities(vector)
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
        let other = labels.count - 1
        let claimed = best != other && probabilities[best] >= threshold
        let confidence =
            claimed
            ? probabilities[best] : 1 - probabilities.indices.filter { $0 != other }.map { probabilities[$0] }.max()!
        return Classification(
            issue: claimed ? labels[best] : nil, confidence: confidence,
            evidence: vector.sources.isEmpty ? [] : evidence(vector, for: claimed ? best : other))
    }

    /// The ticket's words ranked by how much they pushed towards a class.
    func evidence(_ vector: FeatureVector, for k: Int, count: Int = 5) -> [String] {
        var weightBySource: [String: Float] = [:]
        let row = k * dimension
        for (position, index) in vector.indices.enumerated() {
            let source = vector.sources[position]
            guard !source.isEmpty else { continue }
            weightBySource[source, default: 0] += weights[row + Int(index)] * vector.values[position]
        }
        return weightBySource.filter { $0.value > 0 }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .prefix(count).map(\.key)
    }
}
