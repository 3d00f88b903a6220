import Foundation

/// Classifies batches of texts on every core: one classifier per core, each with its own token
/// memory, so they never wait for each other. The answers are the same as one classifier's (the
/// features do not depend on what a memory has seen), in the batch's order.
struct ParallelClassifier: Sendable {
    private let workers: [TicketClassifier]

    init(_ classifier: TicketClassifier, workers count: Int = ProcessInfo.processInfo.activeProcessorCount) {
        workers =
            [classifier]
            + (1..<max(count, 1)).map { _ in
                TicketClassifier(knowledgeBase: classifier.knowledgeBase, model: classifier.model)
            }
    }

    /// The answer for each text (nil where there is no text).
    func classify(_ texts: [String?]) -> [Classification?] {
        var results = [Classification?](repeating: nil, count: texts.count)
        let parts = min(workers.count, max(texts.count / 64, 1))
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let start = texts.count * part / parts
                let end = texts.count * (part + 1) / parts
                // Bound once: reading `workers[part]` per text would copy the classifier each time.
                let worker = workers[part]
                for index in start..<end {
                    if let text = texts[index] { out[index] = worker.classify(text) }
                }
            }
        }
        return results
    }
}
