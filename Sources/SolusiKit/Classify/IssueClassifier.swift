import Foundation
import IndonesianText

/// What the classifier says about one ticket.
public struct Classification: Sendable {
    /// A known-issue id, or nil for "unknown".
    public var issue: String?
    /// The answer as a verdict: the known issue, or unknown.
    public var verdict: Verdict { Verdict(classifiedAs: issue) }
    /// Calibrated probability that the answer (the issue, or "unknown") is right, 0…1.
    public var confidence: Double
    /// The words and phrases of the ticket that weighed most for the answer, strongest first;
    /// never filler words. Empty for unknown: `closest` says more there.
    public var evidence: [String]
    /// For unknown: the known issues that came closest, likeliest first, with their probability
    /// (those of at least 5 %, at most three).
    public var closest: [(issue: String, probability: Double)] = []
}

/// An object whose only use is its identity.
final class ModelIdentity: Sendable {}

/// A linear (softmax) model over hashed features: one weight vector per class, the last class
/// being "other" (out of scope). A ticket is unknown when "other" wins or when the best issue's
/// probability is below the model's threshold (`claimThreshold`, fixed, for a model trained now).
public struct IssueModel: Sendable {
    /// Class labels: the known-issue ids, then `other`.
    public var labels: [String]
    /// The weights, packed: most hashed features have no weight at all, so only the rows of
    /// features in use are kept (`compactWeights[row * classes + class]`), found through one bit
    /// per feature and a running count of set bits per 64 features. Bitmap, counts and rows stay
    /// in the processor's cache, where the full weights (5 MB) would not, and a stored model is
    /// read into them without ever making the full weights.
    private let featuresInUse: [UInt64]
    private let rowsBefore: [Int32]
    private let compactWeights: [Float]
    /// One bias per class.
    public var bias: [Float]
    /// Tells models apart for what is remembered per model (copies of one model share it).
    let identity = ModelIdentity()
    /// Softmax temperature fitted on held-out predictions, so confidences are calibrated.
    public var temperature: Double
    /// Below this probability an issue is not claimed.
    public var threshold: Double
    /// The threshold a model is trained with: an issue is claimed when it is at least as likely
    /// as everything else together. A fixed rule rather than one chosen on the examples, so
    /// adding an issue does not move the line for the others.
    public static let claimThreshold = 0.5
    /// Hash of the training data, to know whether a stored model is current.
    public var trainingHash: Int64

    /// A model from its numbers.
    public init(
        labels: [String], weights: [Float], bias: [Float], temperature: Double, threshold: Double, trainingHash: Int64
    ) {
        let classes = labels.count
        var inUse = [UInt64](repeating: 0, count: (weights.count / max(classes, 1) + 63) / 64)
        var compact: [Float] = []
        weights.withUnsafeBufferPointer { weights in
            for feature in 0..<(inUse.count * 64) where feature * classes < weights.count {
                let row = UnsafeBufferPointer(rebasing: weights[(feature * classes)..<((feature + 1) * classes)])
                if row.contains(where: { $0 != 0 }) {
                    inUse[feature >> 6] |= 1 << UInt64(feature & 63)
                    compact.append(contentsOf: row)
                }
            }
        }
        self.init(
            labels: labels, featuresInUse: inUse, compactWeights: compact, bias: bias, temperature: temperature,
            threshold: threshold, trainingHash: trainingHash)
    }

    /// A model from its packed rows: one bit per feature with weights, and their rows in order.
    private init(
        labels: [String], featuresInUse: [UInt64], compactWeights: [Float], bias: [Float], temperature: Double,
        threshold: Double, trainingHash: Int64
    ) {
        self.labels = labels
        self.featuresInUse = featuresInUse
        rowsBefore = Self.rowsBefore(featuresInUse)
        self.compactWeights = compactWeights
        self.bias = bias
        self.temperature = temperature
        self.threshold = threshold
        self.trainingHash = trainingHash
    }

    /// Each 64 features' count of rows in use before them.
    private static func rowsBefore(_ inUse: [UInt64]) -> [Int32] {
        var counts = [Int32](repeating: 0, count: inUse.count)
        var rows: Int32 = 0
        for word in inUse.indices {
            counts[word] = rows
            rows += Int32(inUse[word].nonzeroBitCount)
        }
        return counts
    }

    /// The features with weights, in order, each with its row's place in `compactWeights`.
    private func forEachFeatureInUse(_ body: (_ feature: Int, _ row: Int) -> Void) {
        var row = 0
        for (word, bits) in featuresInUse.enumerated() {
            var rest = bits
            while rest != 0 {
                body(word * 64 + rest.trailingZeroBitCount, row)
                row += 1
                rest &= rest - 1
            }
        }
    }

    /// Feature-major, so one feature's weights for every class sit together:
    /// `weights[feature * classes + class]`. Made from the packed rows when asked for.
    public var weights: [Float] {
        let classes = labels.count
        var weights = [Float](repeating: 0, count: featuresInUse.count * 64 * classes)
        forEachFeatureInUse { feature, row in
            for k in 0..<classes { weights[feature * classes + k] = compactWeights[row * classes + k] }
        }
        return weights
    }

    /// The weight of a feature for class `k`; 0 for a feature no weight was learnt for.
    func weight(_ feature: Int32, class k: Int) -> Float {
        guard let row = row(of: feature) else { return 0 }
        return compactWeights[row * labels.count + k]
    }

    /// A feature's row in `compactWeights`; nil for a feature no weight was learnt for.
    @inline(__always)
    private func row(of feature: Int32) -> Int? {
        let feature = Int(feature)
        let bits = featuresInUse[feature >> 6]
        let bit: UInt64 = 1 << UInt64(feature & 63)
        guard bits & bit != 0 else { return nil }
        return Int(rowsBefore[feature >> 6]) + (bits & (bit - 1)).nonzeroBitCount
    }

    /// The weights as stored: only features with a non-zero weight, little-endian
    /// `[count: Int32] ([index: Int32] [weight: Float32] × classes) × count`.
    public var serializedWeights: Data {
        let classes = labels.count
        let count = compactWeights.count / max(classes, 1)
        var data = Data()
        data.reserveCapacity(4 + count * 4 * (classes + 1))
        withUnsafeBytes(of: Int32(count).littleEndian) { data.append(contentsOf: $0) }
        forEachFeatureInUse { feature, row in
            withUnsafeBytes(of: Int32(feature).littleEndian) { data.append(contentsOf: $0) }
            for k in 0..<classes {
                withUnsafeBytes(of: compactWeights[row * classes + k].bitPattern.littleEndian) {
                    data.append(contentsOf: $0)
                }
            }
        }
        return data
    }

    /// Rebuilds a model from stored parts; nil when the weights are not in the stored form
    /// (features in increasing order, each once, within the feature space).
    public init?(
        labels: [String], serializedWeights data: Data, bias: [Float], temperature: Double, threshold: Double,
        trainingHash: Int64
    ) {
        let classes = labels.count
        let dimension = FeatureExtractor.dimension
        var inUse = [UInt64](repeating: 0, count: (dimension + 63) / 64)
        var compact: [Float] = []
        let ok: Bool = data.withUnsafeBytes { raw in
            func int32(at offset: Int) -> Int32 {
                Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))
            }
            guard raw.count >= 4 else { return false }
            let count = Int(int32(at: 0))
            let stride = 4 * (classes + 1)
            guard count >= 0, raw.count == 4 + count * stride else { return false }
            compact.reserveCapacity(count * classes)
            var previous = -1
            for entry in 0..<count {
                let base = 4 + entry * stride
                let feature = Int(int32(at: base))
                guard feature > previous, feature < dimension else { return false }
                previous = feature
                inUse[feature >> 6] |= 1 << UInt64(feature & 63)
                for k in 0..<classes {
                    let bits = UInt32(
                        littleEndian: raw.loadUnaligned(fromByteOffset: base + 4 + 4 * k, as: UInt32.self))
                    compact.append(Float(bitPattern: bits))
                }
            }
            return true
        }
        guard ok, bias.count == classes else { return nil }
        self.init(
            labels: labels, featuresInUse: inUse, compactWeights: compact, bias: bias, temperature: temperature,
            threshold: threshold, trainingHash: trainingHash)
    }

    /// Raw class scores for a feature vector.
    func scores(_ vector: FeatureVector) -> [Double] {
        var sums = bias
        sums.withUnsafeMutableBufferPointer { sums in
            for j in vector.indices.indices { accumulate(vector.indices[j], vector.values[j], into: sums) }
        }
        return sums.map(Double.init)
    }

    /// The class scores of a text's sums: the bias plus the sums divided by the vector's length.
    func normalized(_ sums: PartSums) -> [Double] {
        let norm = sums.squares.squareRoot()
        return bias.indices.map { Double(bias[$0] + (norm > 0 ? sums.raw[$0] / norm : 0)) }
    }

    /// Adds `value` × the feature's weights to `sums` (one per class); nothing for a feature no
    /// weight was learnt for.
    @inline(__always)
    func accumulate(_ feature: Int32, _ value: Float, into sums: UnsafeMutableBufferPointer<Float>) {
        guard let row = row(of: feature) else { return }
        let classes = sums.count
        let base = row * classes
        compactWeights.withUnsafeBufferPointer { w in
            for k in 0..<classes { sums[k] += w[base + k] * value }
        }
    }

    static func softmax(_ scores: [Double], temperature: Double) -> [Double] {
        var values = scores
        let top = (values.max() ?? 0) / temperature
        var total = 0.0
        for k in values.indices {
            values[k] = exp(values[k] / temperature - top)
            total += values[k]
        }
        for k in values.indices { values[k] /= total }
        return values
    }

    /// The answer for class probabilities (the last class being "other"): the most probable
    /// issue when it reaches the threshold, with its probability; else "other", with the
    /// probability that no known issue applies (one minus the likeliest issue's).
    static func decide(_ probabilities: [Double], threshold: Double) -> (label: Int, confidence: Double) {
        let other = probabilities.count - 1
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
        if best != other, probabilities[best] >= threshold { return (best, probabilities[best]) }
        return (other, 1 - probabilities[..<other].max()!)
    }

    /// The decision for a ticket, with evidence when the vector names its sources.
    func classify(_ vector: FeatureVector) -> Classification {
        decide(scores: scores(vector), vector: vector)
    }

    /// The decision for a ticket's raw class scores (evidence from `vector`, when given).
    func decide(scores: [Double], vector: FeatureVector? = nil) -> Classification {
        let probabilities = Self.softmax(scores, temperature: temperature)
        let (label, confidence) = Self.decide(probabilities, threshold: threshold)
        let other = labels.count - 1
        guard label == other else {
            return Classification(
                issue: labels[label], confidence: confidence,
                evidence: vector.map { $0.sources.isEmpty ? [] : evidence($0, for: label) } ?? [])
        }
        let closest = probabilities[..<other].indices.filter { probabilities[$0] >= 0.05 }
            .sorted { probabilities[$0] > probabilities[$1] }.prefix(3)
        return Classification(
            issue: nil, confidence: confidence, evidence: [],
            closest: closest.map { (labels[$0], probabilities[$0]) })
    }

    /// The answer for a text read as its parts: the whole text's scores and each part's sums.
    ///
    /// Every passage (`Passages.windows`) and the whole text are candidates. A passage's case for
    /// an issue is its own probability, unless reading it with the sentence before or after it
    /// changes the answer: a sentence that qualifies it ("…but syncing fails") makes "other" or
    /// another issue the likeliest, and the case is then no more than what is left of it. A
    /// background sentence beside it only thins it out (the words are more, the answer the
    /// same), which does not count against it: else a problem told among ten sentences of
    /// background would be answered "unknown" more surely than the problem told alone. The
    /// answer is the strongest case when it reaches the threshold, with that as its confidence;
    /// else unknown, with one minus the strongest case. `focus` is the passage answered from
    /// (nil: the whole).
    func read(whole: [Double], parts: [PartSums]) -> (classification: Classification, focus: Range<Int>?) {
        let other = labels.count - 1
        // A window and its neighbour's extension are windows of other passages too: each run of
        // parts is scored once.
        var scored: [Range<Int>: [Double]] = [:]
        func probabilities(_ window: Range<Int>) -> [Double] {
            if let known = scored[window] { return known }
            let p = Self.softmax(
                normalized(parts[window].dropFirst().reduce(parts[window.first!], +)), temperature: temperature)
            scored[window] = p
            return p
        }
        let wholeProbabilities = Self.softmax(whole, temperature: temperature)
        var best = (support: 0.0, issue: 0, focus: Range<Int>?.none, probabilities: wholeProbabilities)
        for k in 0..<other where wholeProbabilities[k] > best.support {
            best = (wholeProbabilities[k], k, nil, wholeProbabilities)
        }
        for window in Passages.windows(parts.count) where window.count < parts.count {
            let p = probabilities(window)
            let k = p[..<other].indices.max { p[$0] < p[$1] }!
            guard p[k] > best.support else { continue }
            var support = p[k]
            func check(_ extended: Range<Int>) {
                let q = probabilities(extended)
                if q.indices.max(by: { q[$0] < q[$1] }) != k { support = min(support, q[k]) }
            }
            if window.lowerBound > 0 { check((window.lowerBound - 1)..<window.upperBound) }
            if window.upperBound < parts.count { check(window.lowerBound..<(window.upperBound + 1)) }
            if support > best.support { best = (support, k, window, p) }
        }
        if best.support >= threshold {
            return (Classification(issue: labels[best.issue], confidence: best.support, evidence: []), best.focus)
        }
        let p = best.probabilities
        let closest = p[..<other].indices.filter { p[$0] >= 0.05 }.sorted { p[$0] > p[$1] }.prefix(3)
        return (
            Classification(
                issue: nil, confidence: 1 - best.support, evidence: [],
                closest: closest.map { (labels[$0], p[$0]) }),
            best.focus
        )
    }

    /// The ticket's words ranked by how much they pushed towards a class, fillers left out.
    func evidence(_ vector: FeatureVector, for k: Int, count: Int = 5) -> [String] {
        var weightBySource: [String: Float] = [:]
        for (position, index) in vector.indices.enumerated() {
            let source = vector.sources[position]
            guard !source.isEmpty, !FillerWords.isFiller(source) else { continue }
            weightBySource[source, default: 0] += weight(index, class: k) * vector.values[position]
        }
        return weightBySource.filter { $0.value > 0 }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .prefix(count).map(\.key)
    }
}

extension IssueModel {
    /// The model as the store keeps it, with the cross-validated scores it was chosen on.
    public func record(heldOut: Evaluation, createdAt: Int64) -> ModelRecord {
        ModelRecord(
            trainingHash: trainingHash, labels: labels, weights: serializedWeights, bias: bias,
            temperature: temperature, threshold: threshold, heldOutMacroF1: heldOut.macroF1,
            heldOutAccuracy: heldOut.accuracy, createdAt: createdAt)
    }

    /// A model read back from the store; nil when its numbers do not fit together.
    public init?(record: ModelRecord) {
        self.init(
            labels: record.labels, serializedWeights: record.weights, bias: record.bias,
            temperature: record.temperature, threshold: record.threshold, trainingHash: record.trainingHash)
    }
}
