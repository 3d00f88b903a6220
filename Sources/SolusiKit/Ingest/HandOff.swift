import Foundation

/// A hand-over of one item at a time (a batch of records) from a reading thread to the thread
/// that uses them, so parsing the next batch overlaps the work on this one. Items the taker is
/// done with go back (`giveBack`) and are freed on the reading thread at its next `put`: freeing
/// a batch of tickets is a tenth of the writing thread's work, and that thread is the slower one.
final class HandOff<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: Item?
    private var spent: [Item] = []
    private var finished = false
    private var failure: IngestError?
    private var cancelled = false

    /// Waits for room; false when the taker has given up.
    func put(_ item: Item) -> Bool {
        condition.lock()
        while pending != nil && !cancelled { condition.wait() }
        let finishedWith = spent
        spent = []
        let accepted = !cancelled
        if accepted {
            pending = item
            condition.broadcast()
        }
        condition.unlock()
        // Freed here, on this thread, outside the lock.
        withExtendedLifetime(finishedWith) {}
        return accepted
    }

    /// The taker is done with an item: the reading thread frees it.
    func giveBack(_ item: Item) {
        condition.lock()
        spent.append(item)
        condition.unlock()
    }

    /// No more items; `error` is what stopped the reading, if anything.
    func finish(throwing error: IngestError?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next item; nil when reading is done; throws what stopped the reading.
    func take() throws(IngestError) -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while pending == nil && !finished { condition.wait() }
        if let item = pending {
            pending = nil
            condition.broadcast()
            return item
        }
        if let failure { throw failure }
        return nil
    }

    /// The taker gives up: a waiting `put` returns false.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
