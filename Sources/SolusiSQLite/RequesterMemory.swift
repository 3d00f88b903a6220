import Foundation
import SolusiKit

/// What the SQLite writer remembers of requesters from one batch to the next, so deciding
/// duplicates (`SQLiteStore.markDuplicates`) rarely asks the database: which requester keys the
/// tickets hold, and, for the requesters already looked at, their tickets by date.
///
/// It is true of the database as this connection last wrote it. Another connection's commit
/// changes `PRAGMA data_version` and the memory is read again; a batch that fails forgets it.
struct RequesterMemory {
    /// `PRAGMA data_version` of the writing connection when this was true.
    var dataVersion: Int64
    /// Every requester key some ticket holds.
    var keys: Set<Int64>
    /// The tickets of the requesters looked at, by key.
    private var requesters: [Int64: Requester] = [:]
    /// Tickets held in `requesters`.
    private var held = 0
    /// Past this many tickets, the requesters' tickets are forgotten (the keys are kept).
    static let limit = 1_000_000

    init(dataVersion: Int64, keys: Set<Int64>) {
        self.dataVersion = dataVersion
        self.keys = keys
    }

    /// Whether the tickets of requester `key` are held.
    func holds(_ key: Int64) -> Bool { requesters[key] != nil }

    /// Holds the tickets of requester `key`, as read from the database.
    mutating func hold(_ key: Int64, _ tickets: [Duplicates.Entry]) {
        if held + tickets.count > Self.limit {
            requesters.removeAll()
            held = 0
        }
        var requester = Requester()
        for ticket in tickets { requester.put(ticket) }
        requesters[key] = requester
        held += tickets.count
    }

    /// A ticket stored or changed: held when its requester's tickets are.
    mutating func put(_ ticket: Duplicates.Entry) {
        guard requesters[ticket.requester] != nil else { return }
        if requesters[ticket.requester]!.put(ticket) { held += 1 }
    }

    /// A ticket's first ticket changed.
    mutating func setFirst(of rowID: Int64, requester: Int64, to first: Int64?) {
        requesters[requester]?.tickets[rowID]?.duplicateOf = first
    }

    /// Forgets the tickets of a requester (one of them no longer has this key).
    mutating func forget(_ key: Int64) {
        held -= requesters.removeValue(forKey: key)?.tickets.count ?? 0
    }

    /// The requester's tickets written within `Duplicates.window` before `ticket` (at most
    /// `Duplicates.neighbours`, latest first, `ticket` itself left out), as the index would
    /// give them: created at the same second counts as before, the later row first.
    func before(_ ticket: Duplicates.Entry) -> [Duplicates.Entry] {
        guard let requester = requesters[ticket.requester] else { return [] }
        let order = requester.order
        // The first position after every ticket created at or before `ticket`.
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            if order[middle].createdAt <= ticket.createdAt { low = middle + 1 } else { high = middle }
        }
        var found: [Duplicates.Entry] = []
        var position = low - 1
        while position >= 0, found.count < Duplicates.neighbours,
            order[position].createdAt >= ticket.createdAt - Duplicates.window
        {
            if order[position].rowID != ticket.rowID { found.append(requester.tickets[order[position].rowID]!) }
            position -= 1
        }
        return found
    }

    /// The requester's tickets stored as repeating `rowID`.
    func repeating(_ rowID: Int64, requester key: Int64) -> [Duplicates.Entry] {
        requesters[key]?.tickets.values.filter { $0.duplicateOf == rowID } ?? []
    }

    /// One requester's tickets: by row, and in (created, row) order.
    private struct Requester {
        var tickets: [Int64: Duplicates.Entry] = [:]
        var order: [(createdAt: Int64, rowID: Int64)] = []

        /// Holds or replaces a ticket; whether it is new here.
        mutating func put(_ ticket: Duplicates.Entry) -> Bool {
            let old = tickets.updateValue(ticket, forKey: ticket.rowID)
            if let old {
                if old.createdAt == ticket.createdAt { return false }
                order.remove(at: position(of: (old.createdAt, old.rowID)))
            }
            let key = (ticket.createdAt, ticket.rowID)
            // Tickets mostly come in date order: the end is the usual place.
            if let last = order.last, (last.createdAt, last.rowID) > key {
                order.insert(key, at: position(of: key))
            } else {
                order.append(key)
            }
            return old == nil
        }

        /// Where `key` is or would go in `order`.
        private func position(of key: (Int64, Int64)) -> Int {
            var low = 0
            var high = order.count
            while low < high {
                let middle = (low + high) / 2
                if (order[middle].createdAt, order[middle].rowID) < key { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }
}
