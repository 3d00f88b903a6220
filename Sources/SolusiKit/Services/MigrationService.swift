/// Moving everything one store holds into another — an embedded database onto a team's
/// server — row ids and model versions kept, a batch at a time.
public struct MigrationService: Sendable {
    /// Where the records come from.
    public let source: any TransferStore
    /// Where they go.
    public let target: any TransferStore & TicketLookup
    /// Records per transaction on the target.
    public var batchSize = 5_000

    /// A migration between two stores.
    public init(from source: any TransferStore, to target: any TransferStore & TicketLookup) {
        self.source = source
        self.target = target
    }

    /// Copies every record. A target that holds tickets already is refused, unless `replacing`,
    /// which erases it first. `progress` hears how many records were copied.
    public func migrate(replacing: Bool, targetName: String, progress: @Sendable (Int) -> Void = { _ in }) async throws
        -> StoreCounts
    {
        if try await target.counts().tickets > 0 {
            guard replacing else { throw ServiceError.targetNotEmpty(targetName) }
            try target.erase()
        }
        var batch: [StoreRecord] = []
        var copied = 0
        try source.forEachRecord { record in
            batch.append(record)
            guard batch.count >= batchSize else { return }
            try target.load(batch)
            copied += batch.count
            batch.removeAll(keepingCapacity: true)
            progress(copied)
        }
        try target.load(batch)
        progress(copied + batch.count)
        return try await target.counts()
    }
}
