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
    /// Past this many tickets (about 100 bytes each), the requesters' tickets are forgotten
    /// (the keys are kept) and read again when next needed.
    let limit: Int

    init(dataVersion: Int64, keys: Set<Int64>, limit: Int = 500_000) {
        self.dataVersion = dataVersion
        self.keys = keys
        self.limit = limit
    }

    /// Whether the tickets of requester `key` are held.
    func holds(_ key: Int64) -> Bool { requesters[key] != nil }

    /// Holds the tickets of requester `key`, as read from the database.
    mutating func hold(_ key: Int64, _ tickets: [Duplicates.Entry]) {
        if held + tickets.count > limit {
            requesters.removeAll()
            held = 0
        }
        var requester = Requester()
        for ticket in tickets.sorted(by: { ($0.createdAt, $0.rowID) < ($1.createdAt, $1.rowID) }) {
            requester.insert(ticket)
        }
        requesters[key] = requester
        held += tickets.count
    }

    /// A ticket stored (`new`) or changed: held when its requester's tickets are.
    mutating func put(_ ticket: Duplicates.Entry, new: Bool) {
        guard requesters[ticket.requester] != nil else { return }
        if new || !requesters[ticket.requester]!.remove(ticket.rowID) { held += 1 }
        requesters[ticket.requester]!.insert(ticket)
    }

    /// A ticket's first ticket changed.
    mutating func setFirst(of ticket: Duplicates.Entry, to first: Int64?) {
        requesters[ticket.requester]?.setFirst(of: ticket, to: first)
    }

    /// Forgets the tickets of a requester (one of them no longer has this key).
    mutating func forget(_ key: Int64) {
        held -= requesters.removeValue(forKey: key)?.tickets.count ?? 0
    }

    /// The requester's tickets written within `Duplicates.window` before `ticket` (at most
    /// `Duplicates.neighbours`, latest first, `ticket` itself left out), in the order
    /// `Duplicates.decide` reads them: created at the same second counts as before, the later
    /// row first. Those
    /// `known` already are left out of `entries` (the tickets of a shared address are mostly
    /// the neighbours of its previous ticket too); `any` tells whether there were some at all.
    func before(_ ticket: Duplicates.Entry, known: (Int64) -> Bool) -> (entries: [Duplicates.Entry], any: Bool) {
        guard let requester = requesters[ticket.requester] else { return ([], false) }
        let tickets = requester.tickets
        // The first position after every ticket created at or before `ticket`.
        var low = 0
        var high = tickets.count
        while low < high {
            let middle = (low + high) / 2
            if tickets[middle].createdAt <= ticket.createdAt { low = middle + 1 } else { high = middle }
        }
        var found: [Duplicates.Entry] = []
        var count = 0
        var position = low - 1
        while position >= 0, count < Duplicates.neighbours,
            tickets[position].createdAt >= ticket.createdAt - Duplicates.window
        {
            if tickets[position].rowID != ticket.rowID {
                count += 1
                if !known(tickets[position].rowID) {
                    found.append(requester.entry(position, requester: ticket.requester))
                }
            }
            position -= 1
        }
        return (found, count > 0)
    }

    /// One requester's tickets in (created, row) order, compactly: a shared address may hold
    /// tens of thousands, and a ticket written earlier than the last is moved in among them.
    private struct Requester {
        struct Held {
            var createdAt: Int64
            var rowID: Int64
            /// The first ticket it repeats; 0 for none (row ids start at 1).
            var first: Int64
            /// Its sketch's place in `sketches`; -1 for none.
            var sketch: Int32
        }
        var tickets: [Held] = []
        var sketches: [Duplicates.Sketch] = []

        /// The ticket at `position` as `Duplicates.decide` reads it.
        func entry(_ position: Int, requester: Int64) -> Duplicates.Entry {
            let ticket = tickets[position]
            return Duplicates.Entry(
                rowID: ticket.rowID, requester: requester, createdAt: ticket.createdAt,
                sketch: ticket.sketch < 0 ? nil : sketches[Int(ticket.sketch)],
                duplicateOf: ticket.first == 0 ? nil : ticket.first)
        }

        /// Holds a ticket in its place; tickets mostly come in date order, so the end is the usual one.
        mutating func insert(_ ticket: Duplicates.Entry) {
            var sketch: Int32 = -1
            if let held = ticket.sketch {
                sketch = Int32(sketches.count)
                sketches.append(held)
            }
            let held = Held(
                createdAt: ticket.createdAt, rowID: ticket.rowID, first: ticket.duplicateOf ?? 0, sketch: sketch)
            if let last = tickets.last, (last.createdAt, last.rowID) > (held.createdAt, held.rowID) {
                tickets.insert(held, at: position(of: (held.createdAt, held.rowID)))
            } else {
                tickets.append(held)
            }
        }

        /// Lets go of a ticket held before (its date may have changed); whether it was held.
        mutating func remove(_ rowID: Int64) -> Bool {
            guard let position = tickets.firstIndex(where: { $0.rowID == rowID }) else { return false }
            tickets.remove(at: position)
            return true
        }

        mutating func setFirst(of ticket: Duplicates.Entry, to first: Int64?) {
            let position = position(of: (ticket.createdAt, ticket.rowID))
            guard position < tickets.count, tickets[position].rowID == ticket.rowID else { return }
            tickets[position].first = first ?? 0
        }

        /// Where a ticket with this (created, row) is or would go.
        private func position(of key: (Int64, Int64)) -> Int {
            var low = 0
            var high = tickets.count
            while low < high {
                let middle = (low + high) / 2
                if (tickets[middle].createdAt, tickets[middle].rowID) < key { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }
}
