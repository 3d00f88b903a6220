import IndonesianText
import Synchronization

/// Each word's own feature indices (the word, then its character n-grams), computed once per word.
final class WordFeatureCache: Sendable {
    private let entries = Mutex<[String: [Int32]]>([:])
    private let limit = 200_000

    func features(of word: String, make: () -> [Int32]) -> [Int32] {
        if let known = entries.withLock({ $0[word] }) { return known }
        let made = make()
        entries.withLock { cache in
            if cache.count >= limit { cache.removeAll(keepingCapacity: true) }
            cache[word] = made
        }
        return made
    }
}

/// A sparse, L2-normalised feature vector: hashed feature indices with their values.
public struct FeatureVector: Sendable {
    public var indices: [Int32]
    public var values: [Float]
    /// For each feature, the words of the ticket it came from (for explanations).
    public var sources: [String]
}

/// Turns a ticket's text into hashed features: stems, word bigrams, character n-grams of the
/// normalised words (robust to typos and word forms), and the knowledge base's signal phrases.
///
/// Hashing into a fixed space keeps the model small and lets unseen words cost nothing; the
/// hash is FNV-1a, so the same text gives the same features in every process.
public struct FeatureExtractor: Sendable {
    /// log2 of the number of hashed features.
    public static let bits = 18
    public static var dimension: Int { 1 << bits }

    let pipeline: TextPipeline
    /// Signal phrases, normalised, with the issue they point to.
    let signals: [(tokens: [String], issue: String)]
    private let wordCache = WordFeatureCache()
    /// Signals by their first word, so a ticket is only checked against signals that can match.
    private let signalsByFirstWord: [String: [Int]]

    public init(signals: [(phrase: String, issue: String)] = [], pipeline: TextPipeline = TextPipeline()) {
        self.pipeline = pipeline
        let analyzed = signals.map { (tokens: pipeline.analyze($0.phrase).map(\.text), issue: $0.issue) }
            .filter { !$0.tokens.isEmpty }
        self.signals = analyzed
        signalsByFirstWord = Dictionary(grouping: analyzed.indices, by: { analyzed[$0].tokens[0] })
    }

    /// Weights of the feature kinds: words and word pairs count fully; each character n-gram
    /// a little (a word has many), so they help with typos without drowning the words.
    static let wordWeight: Float = 1
    static let pairWeight: Float = 1
    static let gramWeight: Float = 0.15
    static let signalWeight: Float = 2

    public func features(of text: String, keepSources: Bool = false) -> FeatureVector {
        let tokens = pipeline.analyze(text)
        // (index, kind weight, source token position) for every occurrence; merged after sorting.
        var hits: [(index: Int32, weight: Float, source: Int32)] = []
        hits.reserveCapacity(tokens.count * 32)
        var previous: String?
        for (position, token) in tokens.enumerated() {
            let word = token.text
            let own = wordCache.features(of: word) { wordFeatures(token) }
            hits.append((own[0], Self.wordWeight, Int32(position)))
            for gram in own.dropFirst() { hits.append((gram, Self.gramWeight, Int32(position))) }
            if let previous {
                hits.append((Self.hash(2, previous.utf8, word.utf8), Self.pairWeight, Int32(-position - 1)))
            }
            previous = word
        }
        let words = keepSources || !signals.isEmpty ? tokens.map(\.text) : []
        var candidates = Set<Int>()
        for word in words { candidates.formUnion(signalsByFirstWord[word] ?? []) }
        for number in candidates.sorted() where Self.contains(words, signals[number].tokens) {
            hits.append((Self.hash(4, signals[number].issue.utf8), Self.signalWeight, Int32(-1_000_000 - number)))
        }
        // Sort (index, occurrence) packed into integers: far cheaper than sorting the tuples.
        var order = hits.indices.map { UInt64(UInt32(bitPattern: hits[$0].index)) << 32 | UInt64($0) }
        order.sort()

        var indices: [Int32] = []
        var values: [Float] = []
        var sources: [String] = []
        indices.reserveCapacity(hits.count)
        values.reserveCapacity(hits.count)
        var start = 0
        while start < order.count {
            let index = order[start] >> 32
            var end = start + 1
            while end < order.count, order[end] >> 32 == index { end += 1 }
            let first = hits[Int(order[start] & 0xFFFF_FFFF)]
            indices.append(first.index)
            values.append(first.weight * (1 + log(Float(end - start))))
            if keepSources { sources.append(source(first.source, words)) }
            start = end
        }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { for i in values.indices { values[i] /= norm } }
        return FeatureVector(indices: indices, values: values, sources: sources)
    }

    /// A token's word feature, then the character 3- to 5-grams of words the root list does not
    /// know (misspellings, slang, unknown forms): known roots and protected terms are already
    /// exact features.
    private func wordFeatures(_ token: Token) -> [Int32] {
        let word = token.text
        var features = [Self.hash(1, word.utf8)]
        guard token.kind == .word, word.utf8.count <= 22, !pipeline.stemmer.dictionary.contains(word) else {
            return features
        }
        let padded = [UInt8(ascii: "<")] + Array(word.utf8) + [UInt8(ascii: ">")]
        for size in 3...5 where padded.count >= size {
            for start in 0...(padded.count - size) { features.append(Self.hash(3, padded[start..<(start + size)])) }
        }
        return features
    }

    /// The readable text a feature came from: a word, a word pair or a signal phrase.
    private func source(_ code: Int32, _ words: [String]) -> String {
        if code >= 0 { return words[Int(code)] }
        if code > -1_000_000 {
            let position = Int(-code - 1)
            return words[position - 1] + " " + words[position]
        }
        return signals[Int(-code - 1_000_000)].tokens.joined(separator: " ")
    }

    /// FNV-1a over a kind byte and the bytes of one or two parts (joined by a space), folded
    /// into the feature space.
    static func hash<A: Collection<UInt8>, B: Collection<UInt8>>(_ kind: UInt8, _ first: A, _ second: B) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        hash = (hash ^ UInt64(kind)) &* 0x0000_0100_0000_01b3
        for byte in first { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        if !second.isEmpty {
            hash = (hash ^ 0x20) &* 0x0000_0100_0000_01b3
            for byte in second { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        return Int32(truncatingIfNeeded: (hash ^ (hash >> 32)) & UInt64(dimension - 1))
    }

    static func hash<A: Collection<UInt8>>(_ kind: UInt8, _ bytes: A) -> Int32 {
        hash(kind, bytes, EmptyCollection<UInt8>())
    }

    static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, words.count >= phrase.count else { return false }
        for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
            if Array(words[start..<(start + phrase.count)]) == phrase { return true }
        }
        return false
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
