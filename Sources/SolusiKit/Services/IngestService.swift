/// Storing help-desk exports: every file read whole, each record stored, updated, left alone or
/// rejected with its place and reason.
public struct IngestService {
    /// Where the tickets go.
    public let store: any IngestStore
    /// The files' format.
    public var format: ExportFormat
    /// Which column holds which field, beyond the recognised headers.
    public var mapping: FieldMapping
    /// Overrides the source the files' dialect gives.
    public var source: String?
    /// "Now", for telling dates in the future from plausible ones.
    public var clock: Clock
    /// How a CSV file's bytes become text (`--encoding`).
    public var encoding = TextEncoding.auto
    /// Which number of `11/07/2024` is the day (`--date-order`); nil: learnt from each file.
    public var dateOrder: DateOrder?

    /// A service storing into `store`.
    public init(
        store: any IngestStore, format: ExportFormat = .auto, mapping: FieldMapping = .init(), source: String? = nil,
        clock: Clock = .system
    ) {
        self.store = store
        self.format = format
        self.mapping = mapping
        self.source = source
        self.clock = clock
    }

    /// A service storing into a workspace's database, made when missing, and what became of
    /// the store's copy of the knowledge base on the way (`.invalid`: the folder did not load,
    /// which ingest can do without).
    public static func open(
        _ workspace: Workspace, format: ExportFormat = .auto, mapping: FieldMapping = .init(), source: String? = nil
    ) throws -> (service: IngestService, knowledgeBase: KnowledgeBaseSync) {
        let (store, knowledgeBase) = try workspace.open(creating: true)
        let service = IngestService(
            store: store, format: format, mapping: mapping, source: source, clock: workspace.clock)
        return (service, knowledgeBase)
    }

    /// Rejects of one file kept in full (with their raw text) for review; the rest are counted.
    public static let keptRejectsPerFile = Ingester.keptRejectsPerFile

    /// What became of one file.
    public struct FileOutcome: Sendable {
        /// The file as given.
        public var file: String
        /// What was stored; nil when the file could not be read at all.
        public var result: FileIngestResult?
        /// Why the file could not be read (nothing of it was stored).
        public var error: IngestError?
    }

    /// What became of all the files.
    public struct Summary: Sendable {
        /// Each file's outcome, in order.
        public var files: [FileOutcome]
        /// The counts of all files together.
        public var totals: IngestCounts
        /// Whether some file could not be read.
        public var failed: Bool { files.contains { $0.error != nil } }
        /// Whether some record was rejected.
        public var rejected: Bool { totals.rejected > 0 }
    }

    /// Ingests the files one after the other; a file that cannot be read does not stop the
    /// others. `onReject` hears every reject kept as it is found, `onProgress` how far a file is.
    public func ingest(
        files: [String], onReject: @escaping (String, RejectedRecord) -> Void = { _, _ in },
        onProgress: @escaping (_ file: String, _ records: Int, _ bytes: Int) -> Void = { _, _, _ in },
        onFile: (FileOutcome) -> Void = { _ in }
    ) throws -> Summary {
        var summary = Summary(files: [], totals: IngestCounts())
        for file in files {
            var ingester = Ingester(store: store, format: format, mapping: mapping, source: source)
            ingester.clock = clock
            ingester.encoding = encoding
            ingester.dateOrder = dateOrder
            ingester.onReject = { onReject(file, $0) }
            ingester.onProgress = { onProgress(file, $0, $1) }
            let outcome: FileOutcome
            do {
                let result = try ingester.ingest(file: file)
                summary.totals += result.counts
                outcome = FileOutcome(file: file, result: result, error: nil)
            } catch let error as IngestError {
                outcome = FileOutcome(file: file, result: nil, error: error)
            }
            summary.files.append(outcome)
            onFile(outcome)
        }
        return summary
    }
}
