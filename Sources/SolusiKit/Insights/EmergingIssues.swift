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
/// 1. Each ticket becomes a TF-IDF vector over the stems of its content words (greetings,
///    pronouns, personal data and other words every ticket has are left out).
/// 2. Small clusters: one pass in time order puts each ticket in the most similar cluster
///    (cosine against the cluster's centre, found through an index of the centres' strongest
///    terms, so no ticket is compared with every other) or starts a new one; a second pass
///    assigns every ticket again against the finished centres. A ticket less similar than
///    `threshold` to every centre stays unclustered rather than padding a cluster.
/// 3. One problem written several ways grows several small clusters. Two of them are joined when
///    they share an anchor (a word most of both clusters' tickets use and which is rare among
///    the other unknown tickets) and their centres are alike; different problems that merely
///    share common words stay apart, and so do a new cluster and an old one.
/// 4. Clusters smaller than `minimumSize` are dropped; each kept one is described by its
///    distinctive words (class-based TF-IDF against all the unknown tickets), its cohesion and
///    its days; new ones (`Recency`) come first.
///
/// The same tickets in the same order always give the same clusters.
public struct EmergingIssues: Sendable {
    /// Unknown tickets about the same problem.
    public struct Cluster: Sendable {
        /// "K1", "K2"…: the new clusters first, then the others, each largest first.
        public var id: String
        /// The cluster's tickets, closest to its centre first.
        public var rowIDs: [Int64]
        /// Distinctive words (class-based TF-IDF), as people write them, strongest first.
        public var terms: [String]
        /// The tickets closest to the cluster's centre, closest first.
        public var exampleRowIDs: [Int64]
        /// How alike its tickets are: their mean cosine similarity to the cluster's centre, 0…1.
        public var cohesion: Double
        /// The cohesion in whole percent, as people read it.
        public var cohesionPercent: Int { Int((cohesion * 100).rounded()) }
        /// Its first ticket's creation time.
        public var firstSeen: Int64
        /// Its last ticket's creation time.
        public var lastSeen: Int64
        /// Tickets per day over the cluster's days, for growth.
        public var byDay: [Day: Int]
        /// Tickets per requester role.
        public var roles: [String: Int]
        /// Whether it is a new problem (see `Recency`); never when the tickets looked at span less
        /// than `EmergingIssues.oldDays` days, as there is nothing to be new against.
        public var isNew: Bool
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

        /// Tickets on each of the `days` days up to `end`, oldest first.
        public func daily(until end: Day, days: Int = 7) -> [(day: Day, count: Int)] {
            (0..<Int64(days)).reversed().map { age in (end.adding(-age), byDay[end.adding(-age)] ?? 0) }
        }
    }

    /// The clusters: the new ones first, then the others, each largest first.
    public var clusters: [Cluster] = []
    /// Tickets in no cluster.
    public var unclustered = 0
    /// Unknown tickets looked at.
    public var total = 0
    /// The day of the latest ticket looked at: where "new" and growth are counted back from.
    public var lastDay = Day(number: 0)

    /// The share of tickets in no cluster, 0…1.
    public var unclusteredShare: Double { total == 0 ? 0 : Double(unclustered) / Double(total) }

    /// The similarity a ticket needs to join a cluster, unless told otherwise.
    public static let defaultThreshold = 0.35
    /// The smallest cluster kept, unless told otherwise.
    public static let defaultMinimumSize = 5
    /// A cluster is new when most of its tickets came in this many last days…
    public static let newDays = 3
    /// …and hardly any (a tenth at most) before this many last days.
    public static let oldDays = 7
    /// A distinctive word is at least this many times as common in its cluster as in the other
    /// unknown tickets: a word spread evenly over them ("mohon dicek") describes none.
    static let distinctiveLift = 2.0

    /// Reads the tickets (oldest first) and clusters them; `progress` is told how far (done of a
    /// total: reading the texts, then the two passes).
    public init(
        tickets: [UnknownTicket], pipeline: TextPipeline = .shared, threshold: Double = defaultThreshold,
        minimumSize: Int = defaultMinimumSize, progress: (_ done: Int, _ of: Int) -> Void = { _, _ in }
    ) {
        let steps = tickets.count * 3
        var done = 0
        func step() {
            done += 1
            if done % 2_000 == 0 { progress(done, steps) }
        }
        total = tickets.count
        lastDay = Day(seconds: tickets.map(\.createdAt).max() ?? 0)
        var vocabulary = Vocabulary()
        let documents = tickets.map { ticket in
            step()
            return vocabulary.terms(of: ticket.text, pipeline: pipeline)
        }
        let corpus = Corpus(documents: documents, stems: vocabulary.stems.count)
        let vectors = documents.map { Self.vector($0.map(\.stem), idf: corpus.idf) }

        let members = Self.smallClusters(of: vectors, threshold: threshold, step: step)
        // Each ticket's age in days, when the tickets reach back far enough to tell what is new.
        let firstDay = Day(seconds: tickets.map(\.createdAt).min() ?? 0)
        let ages =
            lastDay.number - firstDay.number >= Int64(Self.oldDays)
            ? tickets.map { lastDay.number - Day(seconds: $0.createdAt).number } : nil
        let groups = ClusterJoining.join(members, vectors: vectors, ages: ages, corpus: corpus)
        // New problems first (what a lead acts on), then by size.
        let kept = groups.filter { $0.count >= minimumSize }
            .map { tickets in
                (tickets: tickets, new: ages.map { ages in Recency(ages: tickets.map { ages[$0] }).isNew } ?? false)
            }
            .sorted {
                ($0.new ? 1 : 0, $0.tickets.count, -$0.tickets[0]) > ($1.new ? 1 : 0, $1.tickets.count, -$1.tickets[0])
            }

        let describer = Describer(corpus: corpus, clusters: kept.map(\.tickets), vocabulary: vocabulary)
        for (number, (cluster, isNew)) in kept.enumerated() {
            // The centre of the whole cluster: cohesion, and which tickets are closest to it.
            var sum: [Int32: Double] = [:]
            for index in cluster {
                for (term, weight) in zip(vectors[index].terms, vectors[index].weights) {
                    sum[term, default: 0] += weight
                }
            }
            // Summed in term order: a dictionary's own order differs from instance to instance,
            // and a last bit of difference can reorder tickets equally close to the centre.
            let norm = sum.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value * $1.value }.squareRoot()
            // Closeness is the dot product with the centre's sum (the norm is common to all).
            let closeness = cluster.map { index in
                zip(vectors[index].terms, vectors[index].weights).reduce(0) { $0 + $1.1 * sum[$1.0]! }
            }
            let byCloseness = zip(cluster, closeness).sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.map(\.0)
            var byDay: [Day: Int] = [:]
            var roles: [String: Int] = [:]
            for index in cluster {
                byDay[Day(seconds: tickets[index].createdAt), default: 0] += 1
                // A role is free text like any other: masked, as the cluster is published.
                roles[tickets[index].role.map(PersonalData.mask) ?? "", default: 0] += 1
            }
            clusters.append(
                Cluster(
                    id: "K\(number + 1)", rowIDs: byCloseness.map { tickets[$0].rowID },
                    terms: describer.terms(of: number), exampleRowIDs: byCloseness.prefix(3).map { tickets[$0].rowID },
                    // Each ticket's vector has length 1, so the mean cosine to the centre is |Σv| / n.
                    cohesion: norm / Double(cluster.count), firstSeen: cluster.map { tickets[$0].createdAt }.min()!,
                    lastSeen: cluster.map { tickets[$0].createdAt }.max()!, byDay: byDay, roles: roles, isNew: isNew))
        }
        unclustered = total - clusters.reduce(0) { $0 + $1.size }
    }

    /// A cluster by its name, `K3` or `3`.
    public func cluster(_ id: String) -> Cluster? {
        clusters.first { $0.id.caseInsensitiveCompare(id) == .orderedSame || String($0.id.dropFirst()) == id }
    }

    /// Step 2: each small cluster's tickets (by index).
    static func smallClusters(of vectors: [SparseVector], threshold: Double, step: () -> Void) -> [[Int]] {
        var centroids = Centroids()
        for vector in vectors {
            step()
            if let (cluster, similarity) = centroids.nearest(vector), similarity >= threshold {
                centroids.add(vector, to: cluster)
            } else {
                centroids.start(vector)
            }
        }
        centroids.finish()
        var members = [[Int]](repeating: [], count: centroids.count)
        for (index, vector) in vectors.enumerated() {
            step()
            guard let (cluster, value) = centroids.nearest(vector), value >= threshold else { continue }
            members[cluster].append(index)
        }
        return members
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

/// The unknown tickets' words as a whole: what each ticket uses, and how common each stem is.
struct Corpus {
    /// Each ticket's stems, in order, repeats kept.
    let documents: [[Int32]]
    /// Each ticket's distinct stems.
    let termSets: [Set<Int32>]
    /// Tickets using each stem.
    let documentFrequency: [Int]
    /// Uses of each stem over all tickets.
    let frequency: [Int]
    /// Inverse document frequency of each stem (smoothed).
    let idf: [Double]
    /// Tickets.
    let count: Double
    /// Words over all tickets.
    let words: Int

    init(documents: [[(stem: Int32, form: String)]], stems: Int) {
        self.documents = documents.map { $0.map(\.stem) }
        termSets = self.documents.map(Set.init)
        var documentFrequency = [Int](repeating: 0, count: stems)
        var frequency = [Int](repeating: 0, count: stems)
        for (document, terms) in zip(self.documents, termSets) {
            for term in terms { documentFrequency[Int(term)] += 1 }
            for term in document { frequency[Int(term)] += 1 }
        }
        count = Double(max(documents.count, 1))
        idf = documentFrequency.map { [count] in log((count + 1) / (Double($0) + 1)) + 1 }
        words = frequency.reduce(0, +)
        self.documentFrequency = documentFrequency
        self.frequency = frequency
    }
}

/// Step 4: each cluster's distinctive words, by class-based TF-IDF against all the unknown tickets
/// (the clusters, and the unclustered tickets as one more class): how much of the cluster's
/// text a word is, times how rare the word is among all the unknown tickets. A word is only a
/// candidate when it is clearly more common in the cluster than in the other unknown tickets, is
/// used by at least two of its tickets and is not a name.
struct Describer {
    private var words: [[String]] = []
    static let limit = 8

    init(corpus: Corpus, clusters: [[Int]], vocabulary: Vocabulary) {
        let averageWords = Double(corpus.words) / Double(clusters.count + 1)
        for cluster in clusters {
            var counts: [Int32: Int] = [:]
            var users: [Int32: Int] = [:]
            var length = 0
            for index in cluster {
                for term in corpus.documents[index] { counts[term, default: 0] += 1 }
                for term in corpus.termSets[index] { users[term, default: 0] += 1 }
                length += corpus.documents[index].count
            }
            let candidates = counts.compactMap { term, count -> (Int32, Double)? in
                let rate = Double(count) / Double(max(length, 1))
                // Against the unknown tickets outside the cluster (smoothed: a word they never use
                // still has a rate), so a cluster that is most of them still has words of its own.
                let elsewhere =
                    (Double(corpus.frequency[Int(term)] - count) + 0.5) / (Double(corpus.words - length) + 1)
                guard users[term]! >= 2, rate >= EmergingIssues.distinctiveLift * elsewhere,
                    !vocabulary.isLikelyName(term)
                else { return nil }
                return (term, rate * log(1 + averageWords / Double(corpus.frequency[Int(term)])))
            }.sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }
            var forms: [String] = []
            for (term, _) in candidates where forms.count < Self.limit {
                let form = vocabulary.readable(term)
                if !forms.contains(form) { forms.append(form) }
            }
            words.append(forms)
        }
    }

    /// The distinctive words of the `number`th cluster, strongest first.
    func terms(of number: Int) -> [String] { words[number] }
}

/// When a group of tickets came, for whether it is a new problem: most of its tickets from the
/// last `EmergingIssues.newDays` days, and a tenth at most from before the last
/// `EmergingIssues.oldDays` (a topic that was already there a week ago and had a busy few days
/// is not new).
struct Recency {
    private(set) var recent = 0
    private(set) var old = 0
    private(set) var size = 0

    init() {}

    /// Tickets of these ages (days before the last day).
    init(ages: [Int64]) { for age in ages { add(age: age) } }

    mutating func add(age: Int64, count: Int = 1) {
        size += count
        if age < Int64(EmergingIssues.newDays) { recent += count }
        if age >= Int64(EmergingIssues.oldDays) { old += count }
    }

    mutating func add(_ other: Recency) {
        recent += other.recent
        old += other.old
        size += other.size
    }

    var isNew: Bool { recent * 2 > size && old * 10 <= size }
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
    /// Per written form: how often it was capitalised inside a sentence ("akun Bu Wahyuni").
    private var capitalised: [String: Int] = [:]

    /// The content words of a text: stem ids (with the written form counted).
    mutating func terms(of text: String, pipeline: TextPipeline) -> [(stem: Int32, form: String)] {
        var result: [(Int32, String)] = []
        // Personal data never becomes a cluster's word: names and codes are taken out first.
        let stripped = PersonalData.strip(text)
        Self.capitalisedWords(in: stripped) { capitalised[$0, default: 0] += 1 }
        for token in pipeline.normalizer.tokens(stripped)
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

    /// Whether a stem is most likely someone's name: no dictionary word or platform term, and
    /// written capitalised inside a sentence at least half the times it was written ("Wahyuni").
    func isLikelyName(_ stem: Int32) -> Bool {
        let written = forms[Int(stem)]
        let uses = written.values.reduce(0, +)
        let capitalisedUses = written.keys.reduce(0) { $0 + (capitalised[$1] ?? 0) }
        guard capitalisedUses * 2 >= uses, capitalisedUses > 0 else { return false }
        return !written.keys.contains {
            PersonalData.isDictionaryWord($0) || TextNormalizer.protectedTerms.contains($0)
        }
    }

    /// Calls `found` with each word (lower-cased) written with a capital first letter and small
    /// letters after it, that does not start a sentence: how names and places are written.
    static func capitalisedWords(in text: String, _ found: (String) -> Void) {
        var sentenceStart = true
        var word = String.UnicodeScalarView()
        var inWord = false
        var hasLower = false
        func isLetter(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII
                ? (scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A : scalar.properties.isAlphabetic
        }
        func isUpper(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII ? scalar.value >= 0x41 && scalar.value <= 0x5A : scalar.properties.isUppercase
        }
        func endWord() {
            if !word.isEmpty, hasLower, !sentenceStart { found(String(word).lowercased()) }
            if inWord { sentenceStart = false }
            word = String.UnicodeScalarView()
            inWord = false
            hasLower = false
        }
        for scalar in text.unicodeScalars {
            if isLetter(scalar) {
                if !inWord {
                    inWord = true
                    if isUpper(scalar) { word.append(scalar) }
                } else if !word.isEmpty {
                    word.append(scalar)
                    if !isUpper(scalar) { hasLower = true }
                }
                continue
            }
            endWord()
            if ".!?\n:;".unicodeScalars.contains(scalar) { sentenceStart = true }
        }
        endWord()
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

    /// Centres a term may index and still pick candidates: a term among the strongest of more
    /// centres than this says little about which one a ticket belongs to, and reading its list
    /// for every ticket made clustering quadratic when tickets do not cluster (distinct wording:
    /// every ticket its own centre, and the common words in all of them).
    static let distinctivePostings = 256
    /// Candidates, by their similarity over the distinctive terms, whose whole similarity is computed.
    static let candidatesChecked = 8

    /// The most similar centroid and the cosine similarity. Candidates come from the ticket's
    /// distinctive terms (lists of at most `distinctivePostings` centres); the best few by that
    /// partial similarity are then scored on every term. Each ticket's cost stays bounded however
    /// many centres there are.
    func nearest(_ vector: SparseVector) -> (Int, Double)? {
        var partial: [Int: Double] = [:]
        for (term, weight) in zip(vector.terms, vector.weights) {
            guard let postings = index[term], postings.count <= Self.distinctivePostings else { continue }
            for cluster in postings { partial[cluster, default: 0] += weight * (tops[cluster][term] ?? 0) }
        }
        let checked =
            partial.count <= Self.candidatesChecked
            ? Array(partial.keys)
            : partial.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.prefix(Self.candidatesChecked).map(\.key)
        var best: (Int, Double)?
        for cluster in checked.sorted() {
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
        let top = Self.centre(of: sums[cluster])
        for term in top.keys where tops[cluster][term] == nil { index[term, default: []].append(cluster) }
        tops[cluster] = top
    }

    /// A centre: the `topTerms` strongest terms of a sum of ticket vectors, normalised; ties go
    /// to the lower term, so the same sum always gives the same centre.
    static func centre(of sum: [Int32: Double]) -> [Int32: Double] {
        let strongest = sum.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.prefix(topTerms)
        let norm = strongest.reduce(0) { $0 + $1.value * $1.value }.squareRoot()
        return Dictionary(uniqueKeysWithValues: strongest.map { ($0.key, norm > 0 ? $0.value / norm : 0) })
    }
}
