import Foundation

/// Step 3 of `EmergingIssues`: the small clusters one problem written several ways has grown,
/// joined into one cluster per problem.
///
/// Agglomerative: the most similar pair of clusters is joined first, the joined cluster gets a
/// new centre, and its similarity to the others is measured again. So a word every phrasing of
/// a problem shares grows stronger in the joined centre as its phrasings come together, while a
/// word two different problems happen to share is diluted by what each is really about.
///
/// Two clusters are only compared, and joined, when they share an anchor: a word most of both
/// clusters' tickets use, that is clearly rarer among the other unknown tickets, and that is
/// among the strongest terms of both centres. Words every ticket writes ("mohon dicek") are never
/// anchors, so they never join anything.
///
/// A new cluster (most of its tickets from the last days) is never joined with an old one,
/// however alike: a new problem next to a known topic ("tombol kirim aksi nyata tidak bisa
/// diklik" beside "aksi nyata ditolak") is exactly what a lead must see on its own.
struct ClusterJoining {
    /// The cosine similarity of two centres from which, sharing an anchor, they are one problem.
    static let threshold = 0.25
    /// An anchor is used by at least this share of a cluster's tickets…
    static let anchorCoverage = 0.5
    /// …is at least this many times as common in it as among all the unknown tickets…
    static let anchorLift = 3.0
    /// …and is one of this many strongest terms of its centre, or weighs at least half as much
    /// as the strongest.
    static let anchorRank = 5

    private struct Node {
        var tickets: [Int]
        /// The sum of its tickets' vectors.
        var sum: [Int32: Double]
        /// How many of its tickets use each stem.
        var using: [Int32: Int]
        /// When its tickets came (nil: the tickets do not reach back far enough to tell).
        var recency: Recency?
        var isNew: Bool { recency?.isNew ?? false }
        /// The centre: the sum's strongest terms, normalised.
        var centre: [Int32: Double] = [:]
        /// The centre's terms in term order: a similarity summed in this order is the same
        /// however the dictionary happens to be laid out (each instance has its own order, and
        /// floating-point sums in another order can tip a near tie).
        var centreTerms: [(term: Int32, weight: Double)] = []
        var anchors: Set<Int32> = []
        var version = 0
    }

    private var nodes: [Node?] = []
    private var byAnchor: [Int32: Set<Int>] = [:]
    private var queue = PairQueue()
    private let corpus: Corpus

    /// The clusters (tickets by index) after joining; clusters of one ticket are left as they are.
    /// `ages`: each ticket's age in days before the last day (nil: none is new).
    static func join(_ members: [[Int]], vectors: [SparseVector], ages: [Int64]?, corpus: Corpus) -> [[Int]] {
        var joining = ClusterJoining(corpus: corpus)
        var alone: [[Int]] = []
        for tickets in members where !tickets.isEmpty {
            if tickets.count < 2 {
                alone.append(tickets)
                continue
            }
            var node = Node(
                tickets: tickets, sum: [:], using: [:],
                recency: ages.map { ages in Recency(ages: tickets.map { ages[$0] }) })
            for index in tickets {
                for (term, weight) in zip(vectors[index].terms, vectors[index].weights) {
                    node.sum[term, default: 0] += weight
                    node.using[term, default: 0] += 1
                }
            }
            joining.add(node)
        }
        for id in joining.nodes.indices { joining.compareWithOthers(id, onlyLater: true) }
        while let (a, b) = joining.queue.popBest() {
            guard let first = joining.nodes[a.id], let second = joining.nodes[b.id],
                first.version == a.version, second.version == b.version
            else { continue }
            joining.merge(a.id, b.id)
        }
        // In no particular order: the caller sorts them.
        return joining.nodes.compactMap { $0?.tickets } + alone
    }

    private init(corpus: Corpus) { self.corpus = corpus }

    private mutating func add(_ node: Node) {
        nodes.append(node)
        refresh(nodes.count - 1)
    }

    /// Recomputes a node's centre and anchors, and files it under its anchors.
    private mutating func refresh(_ id: Int) {
        guard var node = nodes[id] else { return }
        for anchor in node.anchors { byAnchor[anchor]?.remove(id) }
        node.centre = Centroids.centre(of: node.sum)
        node.centreTerms = node.centre.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let heaviest = node.centre.values.max() ?? 0
        let strongest = Set(
            node.centre.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.prefix(Self.anchorRank).map(\.key))
        let size = Double(node.tickets.count)
        node.anchors = Set(
            node.using.compactMap { term, count -> Int32? in
                let share = Double(count) / size
                let overall = Double(corpus.documentFrequency[Int(term)]) / corpus.count
                guard count >= 2, share >= Self.anchorCoverage, share >= Self.anchorLift * overall,
                    let weight = node.centre[term], weight * 2 >= heaviest || strongest.contains(term)
                else { return nil }
                return term
            })
        for anchor in node.anchors { byAnchor[anchor, default: []].insert(id) }
        node.version += 1
        nodes[id] = node
    }

    /// Queues the pairs of `id` and each node sharing an anchor with it that are similar enough.
    private mutating func compareWithOthers(_ id: Int, onlyLater: Bool) {
        guard let node = nodes[id] else { return }
        var others = Set<Int>()
        for anchor in node.anchors { others.formUnion(byAnchor[anchor] ?? []) }
        for other in others.sorted() where other != id && (!onlyLater || other > id) {
            guard let candidate = nodes[other], candidate.isNew == node.isNew else { continue }
            let similarity = node.centreTerms.reduce(0) { $0 + $1.weight * (candidate.centre[$1.term] ?? 0) }
            if similarity >= Self.threshold {
                queue.push(
                    similarity, (id, node.version), (other, candidate.version))
            }
        }
    }

    private mutating func merge(_ a: Int, _ b: Int) {
        let (keep, gone) = (min(a, b), max(a, b))
        guard var node = nodes[keep], let other = nodes[gone] else { return }
        node.tickets += other.tickets
        for (term, weight) in other.sum { node.sum[term, default: 0] += weight }
        for (term, count) in other.using { node.using[term, default: 0] += count }
        if let recency = other.recency { node.recency?.add(recency) }
        for anchor in other.anchors { byAnchor[anchor]?.remove(gone) }
        nodes[gone] = nil
        nodes[keep] = node
        refresh(keep)
        compareWithOthers(keep, onlyLater: false)
    }
}

/// Pairs of clusters by similarity, most similar first (ties: lower ids first), each with the
/// versions of its clusters when it was measured, so a pair measured before a join is skipped.
private struct PairQueue {
    typealias Entry = (similarity: Double, a: (id: Int, version: Int), b: (id: Int, version: Int))
    private var heap: [Entry] = []

    private static func before(_ x: Entry, _ y: Entry) -> Bool {
        (x.similarity, -x.a.id, -x.b.id) > (y.similarity, -y.a.id, -y.b.id)
    }

    mutating func push(_ similarity: Double, _ a: (Int, Int), _ b: (Int, Int)) {
        heap.append((similarity, a, b))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popBest() -> ((id: Int, version: Int), (id: Int, version: Int))? {
        guard let best = heap.first else { return nil }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = parent * 2 + 1
            let right = left + 1
            var first = parent
            if left < heap.count, Self.before(heap[left], heap[first]) { first = left }
            if right < heap.count, Self.before(heap[right], heap[first]) { first = right }
            guard first != parent else { break }
            heap.swapAt(parent, first)
            parent = first
        }
        return (best.a, best.b)
    }
}
