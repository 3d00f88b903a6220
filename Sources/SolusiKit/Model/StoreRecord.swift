/// One piece of what a store holds, as `TicketStore.forEachRecord` gives it and `load` takes it:
/// how `solusi migrate` moves an embedded database to a server, row ids and model versions kept.
public enum StoreRecord: Sendable {
    /// A stored model, with its version.
    case model(ModelRecord)
    /// A ticket with its queue state.
    case ticket(StoredTicket)
    /// A kept reject, with the identity of its file (nil when it was not a regular file).
    case reject(RejectedRecord, rejectedAt: Int64, origin: Int64?)
    /// Rejects of a file only counted.
    case rejectsNotKept(file: String, origin: Int64?, count: Int)
    /// A classification of a ticket: `current`, or an earlier one of its history (oldest first).
    case classification(ticketRowID: Int64, ClassificationRecord, current: Bool)
    /// An agent's label.
    case label(Label)
    /// A ticket marked notified about an issue, in a file.
    case notification(ticketRowID: Int64, issue: String, file: String, notifiedAt: Int64)
}

/// A stored ticket with what the store keeps about it beyond its record.
public struct StoredTicket: Sendable {
    /// The ticket, with its row id.
    public var ticket: Ticket
    /// Whether it waits to be classified.
    public var needsClassification: Bool
    /// The file and the place in it that last wrote it (see `IngestBatch.origin`).
    public var originFile: Int64?
    /// The record number in that file.
    public var originPosition: Int64?

    /// A stored ticket.
    public init(ticket: Ticket, needsClassification: Bool, originFile: Int64?, originPosition: Int64?) {
        self.ticket = ticket
        self.needsClassification = needsClassification
        self.originFile = originFile
        self.originPosition = originPosition
    }
}
