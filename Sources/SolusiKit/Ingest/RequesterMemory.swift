/// What a store's writer remembers of requesters from one batch to the next, so deciding
/// duplicates (`decide`) rarely asks the database: which requester keys the tickets hold, and,
/// for the requesters already looked at, their tickets by date.
///
/// It is true of the database as this writer last wrote it, at `version`: a count the store
/// changes whenever tickets are written by anyone else (SQLite's `PRAGMA data_version`,
/// PostgreSQL's `ticket_writes`). When the count moved, the memory is read again
/// (`current`); a batch that fails forgets it.
package struct RequesterMemory {
    /// The store's count of ticket writes when this was true.
    package var version: Int64
    /// Every requester key some ticket holds.
    package var keys: Set<Int64>
    /// The tickets of the requesters looked at, by key.
    private var requesters: [Int64: Requester] = [:]
    /// Tickets held in `requesters`.
    private var held = 0
    /// Past this many tickets (about 100 bytes each), the requesters' tickets are forgotten
    /// (the keys are kept) and read again when next needed.
    let limit: Int

    package init(version: Int64, keys: Set<Int64>, limit: Int = 500_000) {
        self.version = version
        self.keys = keys
        self.limit = limit
    }

    /// Whether the tickets of requester `key` are held.
    func holds(_ key: Int64) -> Bool { requesters[key] != nil }

    /// Holds the tickets of the requesters `keys`, all of them as read from the database. Past
    /// the limit, the requesters held before are forgotten first, unless `forgetting` is false
    /// (then the limit is passed until the next batch).
    mutating func hold(_ keys: [Int64], _ tickets: [Duplicates.Entry], forgetting: Bool = true) {
        if forgetting && held + tickets.count > limit {
            requesters.removeAll()
            held = 0
        }
        for key in keys { requesters[key] = Requester() }
        for ticket in tickets.sorted(by: { ($0.createdAt, $0.rowID) < ($1.createdAt, $1.rowID) }) {
            requesters[ticket.requester]?.insert(ticket)
        }
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
        /// Places in `sketches` a ticket let go of (`remove`) left free.
        var freeSketches: [Int32] = []

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
                if let free = freeSketches.popLast() {
                    sketch = free
                    sketches[Int(free)] = held
                } else {
                    sketch = Int32(sketches.count)
                    sketches.append(held)
                }
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
            if tickets[position].sketch >= 0 { freeSketches.append(tickets[position].sketch) }
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

extension RequesterMemory {
    /// A new or changed ticket with a requester, to be decided; `storedBefore`: changed (or
    /// given its requester key only now) rather than new.
    package typealias Deciding = (ticket: Duplicates.Entry, storedBefore: Bool)

    /// The memory `remembered` when the store is still at `version`, else one read again:
    /// the keys `readKeys` gives with how many tickets hold each, no requester's tickets yet.
    /// The batch's new tickets are in the table already: a key only they hold (`newInBatch`)
    /// is not counted as written before.
    package static func current(
        _ remembered: RequesterMemory?, version: Int64, newInBatch: [Int64: Int],
        readKeys: () throws -> [(key: Int64, tickets: Int)]
    ) rethrows -> RequesterMemory {
        if let remembered, remembered.version == version { return remembered }
        var keys = Set<Int64>()
        for (key, tickets) in try readKeys() where tickets > newInBatch[key, default: 0] { keys.insert(key) }
        return RequesterMemory(version: version, keys: keys)
    }

    /// How many of the new tickets (stored in this batch) each requester wrote.
    package static func newInBatch(_ deciding: [Deciding]) -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for (ticket, storedBefore) in deciding where !storedBefore { counts[ticket.requester, default: 0] += 1 }
        return counts
    }

    /// Decides which of a batch's new and changed tickets repeat an earlier request of their
    /// requester (`Duplicates.decide`), and returns the marks to store; the memory follows them.
    /// `moved`: requester keys some stored ticket no longer holds.
    ///
    /// Each ticket is read with its requester's tickets just before it (`Duplicates.neighbours`
    /// at most) and, when it was stored before, the tickets that repeat it. A requester with no
    /// ticket before this batch and one in it (most of them) is not looked at. The others'
    /// tickets are held from the first time they are needed: `readRequesters` gives all the
    /// stored tickets of some requesters (this batch's among them), `readRepeats` the stored
    /// tickets whose first ticket is one of some rows, each asked once a batch.
    package mutating func decide(
        _ deciding: [Deciding], moved: Set<Int64>, newInBatch: [Int64: Int],
        readRequesters: ([Int64]) throws -> [Duplicates.Entry],
        readRepeats: ([Int64]) throws -> [Duplicates.Entry]
    ) rethrows -> [(rowID: Int64, duplicateOf: Int64?)] {
        defer { keys.formUnion(deciding.lazy.map(\.ticket.requester)) }
        for key in moved { forget(key) }
        for (ticket, storedBefore) in deciding { put(ticket, new: !storedBefore) }
        // A requester's only ticket so far: nothing to repeat, and nothing repeats it.
        let looked = deciding.filter { ticket, storedBefore in
            storedBefore || ticket.duplicateOf != nil || newInBatch[ticket.requester] != 1
                || keys.contains(ticket.requester)
        }
        var seen = Set<Int64>()
        let needed = looked.map(\.ticket.requester).filter { seen.insert($0).inserted }
        let unread = needed.filter { !holds($0) }
        if !unread.isEmpty { hold(unread, try readRequesters(unread)) }
        // Holding those may have gone past the limit and forgotten the others this batch needs.
        let forgotten = needed.filter { !holds($0) }
        if !forgotten.isEmpty { hold(forgotten, try readRequesters(forgotten), forgetting: false) }
        // A ticket stored before may be the first of others, which follow it (perhaps written
        // when the ticket named another requester: they are read as its requester's).
        let firsts = looked.filter(\.storedBefore).map(\.ticket.rowID)
        let repeats = firsts.isEmpty ? [:] : Dictionary(grouping: try readRepeats(firsts)) { $0.duplicateOf ?? 0 }
        // What `Duplicates.decide` is given, each ticket once.
        var entries: [Duplicates.Entry] = []
        var given = Set<Int64>()
        func give(_ entry: Duplicates.Entry) { if given.insert(entry.rowID).inserted { entries.append(entry) } }
        for (ticket, storedBefore) in looked {
            // Tickets already given are not read again.
            var (found, hasEarlier) = before(ticket) { given.contains($0) }
            if storedBefore {
                for var repeated in repeats[ticket.rowID] ?? [] {
                    repeated.requester = ticket.requester
                    found.append(repeated)
                }
            }
            guard hasEarlier || !found.isEmpty || ticket.duplicateOf != nil else { continue }
            give(ticket)
            found.forEach(give)
        }
        guard !entries.isEmpty else { return [] }
        let changes = Duplicates.decide(Set(deciding.map(\.ticket.rowID)), stored: entries)
        var changed: [Int64: Int64?] = [:]
        for change in changes { changed[change.rowID] = change.duplicateOf }
        for entry in entries { if let first = changed[entry.rowID] { setFirst(of: entry, to: first) } }
        return changes
    }
}
