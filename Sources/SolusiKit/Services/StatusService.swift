/// What `status` and `rejects` show: how much the store holds, and what could not be stored.
public struct StatusService: Sendable {
    /// Where the tickets and rejects are.
    public let store: any TicketLookup & IngestStore
    /// The knowledge base, when it loads: the known issues are counted from it.
    public let knowledgeBase: KnowledgeBase?

    /// The status of a workspace's store (which must exist).
    public init(_ workspace: Workspace) throws {
        self.init(store: try workspace.lookupStore(), knowledgeBase: try? workspace.loadKnowledgeBase())
    }

    /// The status of a store already open.
    public init(store: any TicketLookup & IngestStore, knowledgeBase: KnowledgeBase?) {
        self.store = store
        self.knowledgeBase = knowledgeBase
    }

    /// The store's counts, with the known issues of the knowledge base (0 when it does not load).
    public func counts() async throws -> StoreCounts {
        var counts = try await store.counts()
        counts.issues = knowledgeBase?.issues.count ?? 0
        return counts
    }

    /// The rejects kept in full, by file and line, at most `limit`.
    public func rejects(limit: Int) throws -> [RejectedRecord] { try store.rejects(limit: limit) }

    /// Per file, how many more rejects were only counted.
    public func rejectsNotKept() throws -> [(file: String, count: Int)] { try store.rejectsNotKept() }
}
