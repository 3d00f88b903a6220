import Foundation
import IndonesianText

/// One unknown ticket as the clustering reads it.
public struct UnknownTicket: Sendable {
    /// The ticket's row in the store.
    public var rowID: Int64
    /// Creation time, seconds since 1970 UTC.
    public var createdAt: Int64
    /// Subject and description.
    public var text: String
    /// The requester's role.
    public var role: String?

    /// An unknown ticket.
    public init(rowID: Int64, createdAt: Int64, text: String, role: String?) {
        self.rowID = rowID
        self.createdAt = createdAt
        self.text = text
        self.role = role
    }
}

/// Groups unknown tickets into clusters of the same new problem, so the next known issue is
/// seen before it floods the queue.
///
/// Each ticket becomes a TF-IDF vector over the stems of its content words (greetings, pronouns
/// and other words every ticket has are left out). One pass in time order puts each ticket in
/// the most similar cluster (cosine against the cluster's centroid, found through an index of
/// the centroids' strongest terms, so no ticket is compared with every other), or starts a new
/// one; a second pass assigns every ticket again against the finished centroids. A ticket less
/// similar than `threshold` to every centroid, and every cluster smaller than `minimumSize`,
/// stays unclustered rather than padding a cluster. The same tickets in the same order always
/// give the same clusters.
public struct EmergingIssues: Sendable {
    /// Unknown tickets about the same problem.
    public struct Cluster: Sendable {
        /// "K1", "K2"… by size, largest first.
        public var id: String
        /// The cluster's tickets, closest to its centre first.
        public var rowIDs: [Int64]
        /// Distinctive words (class-based TF-IDF), as people write them, strongest first.
        public var terms: [String]
        /// The tickets closest to the cluster's centre, closest first.
        public var exampleRowIDs: [Int64]
        /// Its first and last ticket's creation time.
        public var firstSeen: Int64
        /// Its last ticket's creation time.
        public var lastSeen: Int64
        /// Tickets per day over the cluster's days, for growth.
        public var byDay: [Day: Int]
        /// Tickets per requester role.
        public var roles: [String: Int]
        /// Tickets in it.
        public var size: Int { rowIDs.count }

        /// Tickets in the last 7 days up to `end`, and in the 7 days before.
        public func growth(until end: Day) -> (recent: Int, before: Int) {
            var recent = 0
            var before = 0
            for (day, count) in byDay {
                let age = end.number - day.number
                if age >= 0 && age < 7 { recent += count } else if age >= 7 && age < 14 { before += count }
            }
            return (recent, before)
        }
    }

    /// The clusters, largest first.
    public var clusters: [Cluster] = []
    /// Tickets in no cluster.
    public var unclustered = 0
    /// Unknown tickets looked at.
    public var total = 0

    /// The similarity a ticket needs to join a cluster, unless told otherwise.
    public static let defaultThreshold = 0.35
    /// The smallest cluster kept, unless told otherwise.
    public static let defaultMinimumSize = 5

    /// Reads the tickets (oldest first) and clusters them; `progress` is told how far (done of a
    /// total: reading the texts, then the two passes).
    public init(
        tickets: [UnknownTicket], pipeline: TextPipeline = TextPipeline(), threshold: Double = defaultThreshold,
        minimumSize: Int = defaultMinimumSize, progress: (_ done: Int, _ of: Int) -> Void = { _, _ in }
    ) {
        let steps = tickets.count * 3
        var done = 0
        func step() {
            done += 1
            if done % 2_000 == 0 { progress(done, steps) }
        }
        total = tickets.count
        var vocabulary = Vocabulary()
        let documents = tickets.map { ticket in
            step()
            return vocabulary.terms(of: ticket.text, pipeline: pipeline)
        }
        var documentFrequency = [Int](repeating: 0, count: vocabulary.stems.count)
        for document in documents { for term in Set(document.map(\.stem)) { documentFrequency[Int(term)] += 1 } }
        let count = Double(max(tickets.count, 1))
        let idf = documentFrequency.map { log((count + 1) / (Double($0) + 1)) + 1 }
        let vectors = documents.map { Self.vector($0.map(\.stem), idf: idf) }

        // Pass 1: grow clusters in time order. Pass 2: assign every ticket to the finished centroids.
        var growing = Centroids()
        for vector in vectors {
            step()
            if let (cluster, similarity) = growing.nearest(vector), similarity >= threshold {
                growing.add(vector, to: cluster)
            } else {
                growing.start(vector)
            }
        }
        growing.finish()
        var members = [[Int]](repeating: [], count: growing.count)
        var similarity = [Double](repeating: 0, count: vectors.count)
        for (index, vector) in vectors.enumerated() {
            step()
            guard let (cluster, value) = growing.nearest(vector), value >= threshold else { continue }
            members[cluster].append(index)
            similarity[index] = value
        }
        let kept = members.filter { $0.count >= minimumSize }
            .sorted { ($0.count, -$0[0]) > ($1.count, -$1[0]) }

        // Class-based TF-IDF over the kept clusters: frequent in the cluster, rare across clusters.
        var termCounts = [[Int32: Int]](repeating: [:], count: kept.count)
        var across: [Int32: Int] = [:]
        var words = 0
        for (number, cluster) in kept.enumerated() {
            for index in cluster {
                for term in documents[index] {
                    termCounts[number][term.stem, default: 0] += 1
                    across[term.stem, default: 0] += 1
                    words += 1
                }
            }
        }
        let averageWords = Double(words) / Double(max(kept.count, 1))
        for (number, cluster) in kept.enumerated() {
            let scored = termCounts[number].map { term, count in
                (term, Double(count) * log(1 + averageWords / Double(across[term]!)))
            }.sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }
            var terms: [String] = []
            for (term, _) in scored where terms.count < 8 {
                let word = vocabulary.readable(term)
                if !terms.contains(word) { terms.append(word) }
            }
            let byCloseness = cluster.sorted { (similarity[$0], -$0) > (similarity[$1], -$1) }
            var byDay: [Day: Int] = [:]
            var roles: [String: Int] = [:]
            for index in cluster {
                byDay[Day(seconds: tickets[index].createdAt), default: 0] += 1
                // A role is free text like any other: masked, as the cluster is published.
                roles[tickets[index].role.map(PersonalData.mask) ?? "", default: 0] += 1
            }
            clusters.append(
                Cluster(
                    id: "K\(number + 1)", rowIDs: byCloseness.map { tickets[$0].rowID }, terms: terms,
                    exampleRowIDs: byCloseness.prefix(3).map { tickets[$0].rowID },
                    firstSeen: cluster.map { tickets[$0].createdAt }.min()!,
                    lastSeen: cluster.map { tickets[$0].createdAt }.max()!, byDay: byDay, roles: roles))
        }
        unclustered = total - clusters.reduce(0) { $0 + $1.size }
    }

    /// A cluster by its name, `K3` or `3`.
    public func cluster(_ id: String) -> Cluster? {
        clusters.first { $0.id.caseInsensitiveCompare(id) == .orderedSame || String($0.id.dropFirst()) == id }
    }

    /// Sublinear TF × IDF, L2-normalised, sorted by term.
    static func vector(_ terms: [Int32], idf: [Double]) -> SparseVector {
        var counts: [Int32: Int] = [:]
        for term in terms { counts[term, default: 0] += 1 }
        var entries = counts.map { (term: $0.key, weight: (1 + log(Double($0.value))) * idf[Int($0.key)]) }
        entries.sort { $0.term < $1.term }
        let norm = entries.reduce(0) { $0 + $1.weight * $1.weight }.squareRoot()
        return SparseVector(
            terms: entries.map(\.term), weights: entries.map { norm > 0 ? $0.weight / norm : 0 })
    }
}

/// A ticket's vector: terms in increasing order with their weights.
struct SparseVector: Sendable {
    var terms: [Int32]
    var weights: [Double]
}

/// Stems and the words they were written as.
struct Vocabulary {
    private(set) var stems: [String] = []
    private var ids: [String: Int32] = [:]
    /// Per stem: how often each written form was seen.
    private var forms: [[String: Int]] = []

    /// The content words of a text: stem ids (with the written form counted).
    mutating func terms(of text: String, pipeline: TextPipeline) -> [(stem: Int32, form: String)] {
        var result: [(Int32, String)] = []
        // Personal data never becomes a cluster's word: names and codes are taken out first.
        for token in pipeline.normalizer.tokens(PersonalData.strip(text))
        where token.kind == .word || token.kind == .term {
            let stem = token.kind == .word ? pipeline.stem(token.text) : token.text
            guard stem.count >= 3, !FillerWords.stems.contains(stem), !FillerWords.stems.contains(token.text),
                !PersonalData.labelWords.contains(token.text)
            else { continue }
            let id: Int32
            if let known = ids[stem] {
                id = known
            } else {
                id = Int32(stems.count)
                ids[stem] = id
                stems.append(stem)
                forms.append([:])
            }
            forms[Int(id)][token.text, default: 0] += 1
            result.append((id, token.text))
        }
        return result
    }

    /// The form a stem was written in most often (ties: the shorter, then alphabetical).
    func readable(_ stem: Int32) -> String {
        forms[Int(stem)].max { ($0.value, -$0.key.count, $1.key) < ($1.value, -$1.key.count, $0.key) }?.key
            ?? stems[Int(stem)]
    }
}

/// Cluster centroids with an index from each centroid's strongest terms to the centroid, so a
/// ticket is only compared with centroids that share one of its terms.
struct Centroids {
    private var sums: [[Int32: Double]] = []
    private var sizes: [Int] = []
    /// Each centroid's strongest terms, normalised: what similarity is computed against.
    private var tops: [[Int32: Double]] = []
    private var index: [Int32: [Int]] = [:]
    static let topTerms = 30

    var count: Int { sums.count }

    /// The most similar centroid and the cosine similarity.
    func nearest(_ vector: SparseVector) -> (Int, Double)? {
        var candidates: [Int] = []
        for term in vector.terms { candidates += index[term] ?? [] }
        var best: (Int, Double)?
        for cluster in Set(candidates).sorted() {
            var dot = 0.0
            for (term, weight) in zip(vector.terms, vector.weights) { dot += weight * (tops[cluster][term] ?? 0) }
            if best == nil || dot > best!.1 { best = (cluster, dot) }
        }
        return best
    }

    mutating func start(_ vector: SparseVector) {
        sums.append(Dictionary(uniqueKeysWithValues: zip(vector.terms, vector.weights)))
        sizes.append(1)
        tops.append([:])
        refresh(sums.count - 1)
    }

    mutating func add(_ vector: SparseVector, to cluster: Int) {
        for (term, weight) in zip(vector.terms, vector.weights) { sums[cluster][term, default: 0] += weight }
        sizes[cluster] += 1
        // The strongest terms settle quickly: refresh often while small, then at doublings.
        if sizes[cluster] <= 16 || sizes[cluster] & (sizes[cluster] - 1) == 0 { refresh(cluster) }
    }

    mutating func finish() {
        for cluster in sums.indices { refresh(cluster) }
    }

    private mutating func refresh(_ cluster: Int) {
        let strongest = sums[cluster].sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.prefix(Self.topTerms)
        let norm = strongest.reduce(0) { $0 + $1.value * $1.value }.squareRoot()
        var top: [Int32: Double] = [:]
        for (term, weight) in strongest {
            top[term] = weight / norm
            if tops[cluster][term] == nil { index[term, default: []].append(cluster) }
        }
        tops[cluster] = top
    }
}
