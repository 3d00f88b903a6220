import Foundation
import Synchronization

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

    /// Texts a worker takes at a time.
    static let chunk = 64

    /// The answer for each text (nil where there is no text).
    ///
    /// Each worker takes the next chunk of texts until none is left, so a worker whose core is
    /// shared (with the thread reading the file, say) takes fewer and none waits for it.
    func classify(_ texts: [String?]) -> [Classification?] {
        var results = [Classification?](repeating: nil, count: texts.count)
        let chunks = (texts.count + Self.chunk - 1) / Self.chunk
        let taken = Atomic<Int>(0)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: min(workers.count, max(chunks, 1))) { number in
                // Bound once: reading `workers[number]` per text would copy the classifier each time.
                let worker = workers[number]
                while true {
                    let chunk = taken.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard chunk < chunks else { return }
                    for index in (chunk * Self.chunk)..<min((chunk + 1) * Self.chunk, texts.count) {
                        if let text = texts[index] { out[index] = worker.classify(text) }
                    }
                }
            }
        }
        return results
    }
}
