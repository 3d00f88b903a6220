import IndonesianText

/// What the feature extractor remembers between tickets, so a word it has met costs a table
/// look-up instead of normalising, stemming and hashing it again:
///
/// - every distinct token, interned as a small integer with its features computed once;
/// - every distinct chunk of raw text (what lies between white space, as typed) with the ids of
///   the tokens it normalises to.
///
/// Tickets repeat the same few thousand chunks, so after the first tickets nearly every chunk is
/// found here. Memory is bounded: when either table is full, both start over.
struct TokenMemory {
    /// Interned tokens: `tokens[id]`, and for each its 64-bit key and features.
    private(set) var tokens: [Token] = []
    private var ids: [Token: Int32] = [:]
    /// FNV-1a of the token's text, for word-pair features.
    private(set) var keys: [UInt64] = []
    /// `features[featureStart[id]..<featureStart[id + 1]]`: the token's word feature, then its
    /// character n-grams.
    private(set) var featureStart: [Int32] = [0]
    private(set) var features: [Int32] = []
    private var chunks = ChunkTable()
    /// Counts restarts: token ids of one generation mean nothing in another.
    private(set) var generation = 0
    /// Tokens interned first and kept across restarts (the signal phrases' words), so their ids
    /// never change.
    private let pinned: [Token]
    private let wordFeatures: (Token) -> [Int32]
    private let tokenLimit: Int

    init(pinned: [Token], tokenLimit: Int = 300_000, wordFeatures: @escaping (Token) -> [Int32]) {
        self.pinned = pinned
        self.tokenLimit = tokenLimit
        self.wordFeatures = wordFeatures
        for token in pinned { _ = intern(token) }
    }

    /// The id of a token, interning it when new.
    mutating func intern(_ token: Token) -> Int32 {
        if let id = ids[token] { return id }
        let id = Int32(tokens.count)
        tokens.append(token)
        ids[token] = id
        keys.append(FeatureExtractor.fnv(2, token.text.utf8))
        features.append(contentsOf: wordFeatures(token))
        featureStart.append(Int32(features.count))
        return id
    }

    /// The id of a token only if it was interned before (signal words are always).
    func id(of token: Token) -> Int32? { ids[token] }

    /// Appends the ids of a text's tokens, the same tokens `TextPipeline.analyze` gives, one chunk
    /// at a time from the chunk table. Where tokens join across chunk boundaries (digit groups of
    /// one number, "e kinerja"), that run of chunks alone goes through the pipeline: tokens never
    /// join across the boundaries around it, so the rest of the text is unaffected.
    mutating func tokenIDs(of text: String, pipeline: TextPipeline, into out: inout [Int32]) {
        if tokens.count >= tokenLimit || chunks.isFull { restart() }
        var text = text
        // The table is moved out of `self` while in use, so the closure below neither copies it
        // nor holds `self` and the table at once.
        var chunks = self.chunks
        self.chunks = ChunkTable()
        defer { self.chunks = chunks }
        text.withUTF8 { bytes in
            /// A run of chunks: its bytes, and where its ids begin in `out`.
            typealias Run = (start: Int, end: Int, firstID: Int)
            var previous = ChunkTable.Edges()
            var last: Run?
            var joined: Run?
            func analyzeAgain(_ run: Run) {
                out.removeSubrange(run.firstID...)
                let piece = String(decoding: UnsafeBufferPointer(rebasing: bytes[run.start..<run.end]), as: UTF8.self)
                for token in pipeline.analyze(piece) { out.append(intern(token)) }
            }
            var index = 0
            while index < bytes.count {
                while index < bytes.count, TextNormalizer.isASCIISpace(bytes[index]) { index += 1 }
                let chunkStart = index
                while index < bytes.count, !TextNormalizer.isASCIISpace(bytes[index]) { index += 1 }
                guard index > chunkStart else { continue }
                let chunk = UnsafeBufferPointer(rebasing: bytes[chunkStart..<index])
                let entry: Int
                if let found = chunks.find(chunk) {
                    entry = found
                } else {
                    entry = addChunk(chunk, to: &chunks, pipeline: pipeline)
                }
                let edges = chunks.edges(entry)
                if edges.isEmpty { continue }  // only punctuation: no tokens, no boundary
                if previous.joins(edges), let run = joined ?? last {
                    joined = (run.start, index, run.firstID)
                } else if let run = joined {
                    analyzeAgain(run)
                    joined = nil
                }
                last = (chunkStart, index, out.count)
                chunks.appendIDs(of: entry, to: &out)
                previous = edges
            }
            if let run = joined { analyzeAgain(run) }
        }
    }

    private mutating func addChunk(
        _ bytes: UnsafeBufferPointer<UInt8>, to chunks: inout ChunkTable, pipeline: TextPipeline
    ) -> Int {
        let raw = pipeline.normalizer.tokens(String(decoding: bytes, as: UTF8.self))
        let ids = raw.map { token in
            intern(token.kind == .word ? Token(pipeline.stem(token.text), .word) : token)
        }
        return chunks.add(bytes, ids: ids, edges: ChunkTable.Edges(raw))
    }

    /// Forgets everything but the pinned tokens, which get their same ids back.
    private mutating func restart() {
        tokens.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        featureStart = [0]
        features.removeAll(keepingCapacity: true)
        chunks = ChunkTable()
        generation += 1
        for token in pinned { _ = intern(token) }
    }
}

/// Raw chunks of text (bytes between white space) and the token ids each normalises to, in an
/// open-addressing hash table over flat arrays: no `String` and no allocation per look-up.
struct ChunkTable {
    /// What joins across a chunk boundary in `TextNormalizer`: a number next to a number (digit
    /// groups), "e" before "kinerja", "nuptk" before a number, and pieces of a spoken term
    /// (`SpokenTerms`). A placeholder counts as a number here, since long digit runs become one;
    /// erring that way only costs a slower path.
    struct Edges {
        var bits: UInt8 = 0
        static let startsWithNumber: UInt8 = 1
        static let startsWithKinerja: UInt8 = 2
        static let endsWithNumber: UInt8 = 4
        static let endsWithE: UInt8 = 8
        static let endsWithNUPTK: UInt8 = 16
        static let hasTokens: UInt8 = 32
        static let startsWithPiece: UInt8 = 64
        static let endsWithPiece: UInt8 = 128

        init() {}

        init(_ tokens: [Token]) {
            guard let first = tokens.first, let last = tokens.last else { return }
            bits = Self.hasTokens
            if first.kind == .number || first.kind == .placeholder { bits |= Self.startsWithNumber }
            if first.text == "kinerja" { bits |= Self.startsWithKinerja }
            if last.kind == .number || last.kind == .placeholder { bits |= Self.endsWithNumber }
            if last.text == "e" { bits |= Self.endsWithE }
            if last.text == "nuptk" { bits |= Self.endsWithNUPTK }
            if first.kind == .word, SpokenTerms.isPiece(first.text) { bits |= Self.startsWithPiece }
            if last.kind == .word, SpokenTerms.isPiece(last.text) { bits |= Self.endsWithPiece }
        }

        var isEmpty: Bool { bits & Self.hasTokens == 0 }

        /// Whether the last token of this chunk and the first of `next` would be joined.
        func joins(_ next: Edges) -> Bool {
            let numberFollows = next.bits & Self.startsWithNumber != 0
            return (numberFollows && bits & (Self.endsWithNumber | Self.endsWithNUPTK) != 0)
                || (next.bits & Self.startsWithKinerja != 0 && bits & Self.endsWithE != 0)
                || (next.bits & Self.startsWithPiece != 0 && bits & Self.endsWithPiece != 0)
        }
    }

    /// Allocated on the first chunk, so an empty table costs nothing.
    private var slots: [Int32] = []
    private var hashes: [UInt64] = []
    private var byteStart: [Int32] = [0]
    private var bytes: [UInt8] = []
    private var idStart: [Int32] = [0]
    private var ids: [Int32] = []
    private var allEdges: [Edges] = []

    /// Full at half a million chunks or 16 MB of text, whichever comes first.
    var isFull: Bool { hashes.count >= 500_000 || bytes.count >= 16 << 20 }

    func edges(_ entry: Int) -> Edges { allEdges[entry] }

    func appendIDs(of entry: Int, to out: inout [Int32]) {
        // Element by element: most chunks are one token, and appending a slice goes through
        // the generic path (metadata lookups, a retain of `ids`) for every chunk of every ticket.
        for index in Int(idStart[entry])..<Int(idStart[entry + 1]) { out.append(ids[index]) }
    }

    func find(_ chunk: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !slots.isEmpty else { return nil }
        let hash = Self.hash(chunk)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if hashes[entry] == hash, equals(entry, chunk) { return entry }
            slot = (slot + 1) & mask
        }
    }

    private func equals(_ entry: Int, _ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(byteStart[entry])
        let count = Int(byteStart[entry + 1]) - start
        guard count == chunk.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            for offset in 0..<count where stored[start + offset] != chunk[offset] { return false }
            return true
        }
    }

    /// Adds a chunk not in the table; returns its entry.
    mutating func add(_ chunk: UnsafeBufferPointer<UInt8>, ids tokenIDs: [Int32], edges: Edges) -> Int {
        if (hashes.count + 1) * 2 > slots.count { grow() }

        let entry = hashes.count
        let hash = Self.hash(chunk)
        hashes.append(hash)
        bytes.append(contentsOf: chunk)
        byteStart.append(Int32(bytes.count))
        ids.append(contentsOf: tokenIDs)
        idStart.append(Int32(ids.count))
        allEdges.append(edges)
        place(entry, hash: hash)
        return entry
    }

    private mutating func place(_ entry: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: max(slots.count * 2, 1 << 16))
        for entry in hashes.indices { place(entry, hash: hashes[entry]) }
    }

    /// A fast 64-bit hash of a chunk, eight bytes at a time.
    static func hash(_ chunk: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(chunk.count)
        var offset = 0
        let raw = UnsafeRawBufferPointer(chunk)
        while offset + 8 <= chunk.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < chunk.count {
            tail |= UInt64(chunk[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 29)
    }
}
