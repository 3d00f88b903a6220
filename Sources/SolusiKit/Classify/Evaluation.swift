/// Scores of predictions against true labels: accuracy, macro-F1 over every class (the issues and
/// `other`), per-class precision, recall and F1, the confusion matrix and a calibration table.
public struct Evaluation: Sendable {
    /// The classes, in the confusion matrix's order.
    public var labels: [String]
    /// The true label of each text.
    public var truth: [String]
    /// The predicted label of each text.
    public var predicted: [String]
    /// The confidence of each prediction, for the calibration table (may be empty).
    public var confidences: [Double]

    /// Scores of these predictions.
    public init(labels: [String], truth: [String], predicted: [String], confidences: [Double]) {
        self.labels = labels
        self.truth = truth
        self.predicted = predicted
        self.confidences = confidences
    }

    /// The share predicted right.
    public var accuracy: Double {
        truth.isEmpty ? 0 : Double(zip(truth, predicted).filter { $0 == $1 }.count) / Double(truth.count)
    }

    /// `confusion[true][predicted]` counts, in `labels` order.
    public var confusion: [[Int]] {
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: labels.count)
        for (t, p) in zip(truth, predicted) {
            if let i = labels.firstIndex(of: t), let j = labels.firstIndex(of: p) { matrix[i][j] += 1 }
        }
        return matrix
    }

    /// One class's scores.
    public struct ClassScore: Sendable {
        /// The class.
        public var label: String
        /// Of the texts predicted as the class, the share that are.
        public var precision: Double
        /// Of the texts of the class, the share predicted as it.
        public var recall: Double
        /// The harmonic mean of precision and recall.
        public var f1: Double
        /// Texts of the class.
        public var support: Int
    }

    /// Every class's scores, in `labels` order.
    public var perClass: [ClassScore] {
        let matrix = confusion
        return labels.indices.map { k in
            let tp = Double(matrix[k][k])
            let predictedK = Double(matrix.map { $0[k] }.reduce(0, +))
            let actualK = Double(matrix[k].reduce(0, +))
            let precision = predictedK == 0 ? 0 : tp / predictedK
            let recall = actualK == 0 ? 0 : tp / actualK
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            return ClassScore(label: labels[k], precision: precision, recall: recall, f1: f1, support: Int(actualK))
        }
    }

    /// The mean F1 over the classes that occur.
    public var macroF1: Double {
        let scores = perClass
        return scores.isEmpty ? 0 : scores.map(\.f1).reduce(0, +) / Double(scores.count)
    }

    /// Expected calibration error: over ten equal-width confidence bins, the gap between mean
    /// confidence and accuracy, weighted by the bin's share of predictions (0 is perfectly
    /// calibrated). Nil without confidences.
    public var expectedCalibrationError: Double? {
        guard !confidences.isEmpty, confidences.count == truth.count else { return nil }
        var count = [Int](repeating: 0, count: 10)
        var confidence = [Double](repeating: 0, count: 10)
        var right = [Double](repeating: 0, count: 10)
        for index in confidences.indices {
            let bin = min(max(Int(confidences[index] * 10), 0), 9)
            count[bin] += 1
            confidence[bin] += confidences[index]
            if truth[index] == predicted[index] { right[bin] += 1 }
        }
        let total = Double(confidences.count)
        return (0..<10).reduce(0) { sum, bin in sum + abs(confidence[bin] - right[bin]) / total }
    }

    /// The share of all predictions that are wrong although their confidence is at least
    /// `confidence`: the answers an agent would trust and should not.
    public func confidentlyWrongShare(atLeast confidence: Double = 0.95) -> Double? {
        guard !confidences.isEmpty, confidences.count == truth.count else { return nil }
        let wrong = confidences.indices.filter { confidences[$0] >= confidence && truth[$0] != predicted[$0] }
        return Double(wrong.count) / Double(confidences.count)
    }

    /// Predictions grouped by confidence (0–0.5, 0.5–0.6 … 0.9–1): how many, mean confidence,
    /// and how many were right. Calibrated means the two agree.
    public var calibration: [(range: String, count: Int, meanConfidence: Double, accuracy: Double)] {
        let edges = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001]
        return (0..<(edges.count - 1)).compactMap { b in
            let members = confidences.indices.filter { confidences[$0] >= edges[b] && confidences[$0] < edges[b + 1] }
            guard !members.isEmpty else { return nil }
            let mean = members.map { confidences[$0] }.reduce(0, +) / Double(members.count)
            let right = Double(members.filter { truth[$0] == predicted[$0] }.count) / Double(members.count)
            return ("\(edges[b])–\(min(edges[b + 1], 1))", members.count, mean, right)
        }
    }
}
