import IndonesianText
import Synchronization

/// One token memory shared by every copy of an extractor (and every thread using it), with the
/// tally that adds up a ticket's features.
final class SharedTokenMemory: Sendable {
    struct State {
        var memory: TokenMemory
        var tally = FeatureTally()
    }
    let state: Mutex<State>
    init(_ memory: sending TokenMemory) { state = Mutex(State(memory: memory)) }
}

/// Adds up a ticket's feature occurrences in a small open-addressing table (it stays in the
/// processor's cache, unlike counters for the whole feature space): the vector lists features in
/// order of first occurrence, each valued by its kind's weight × (1 + log count), L2-normalised.
struct FeatureTally {
    private struct Entry {
        var index: Int32
        var count: Int32
        var weight: Float
        var source: Int32
    }
    private var slots = [Int32](repeating: -1, count: 1024)
    /// The features added, in order of first occurrence.
    private var entries: [Entry] = []

    /// One occurrence of a feature; the first occurrence decides its weight and source.
    mutating func add(_ index: Int32, weight: Float, source: Int32) {
        if (entries.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        slots.withUnsafeMutableBufferPointer { slots in
            var slot = Self.slot(index, mask)
            while true {
                let entry = Int(slots[slot])
                if entry < 0 { break }
                if entries[entry].index == index {
                    entries[entry].count += 1
                    return
                }
                slot = (slot + 1) & mask
            }
            slots[slot] = Int32(entries.count)
            entries.append(Entry(index: index, count: 1, weight: weight, source: source))
        }
    }

    /// Occurrences of several features with the same weight and source (a word's n-grams).
    mutating func add(_ indices: UnsafeBufferPointer<Int32>, weight: Float, source: Int32) {
        for index in indices { add(index, weight: weight, source: source) }
    }

    @inline(__always)
    private static func slot(_ index: Int32, _ mask: Int) -> Int {
        Int(UInt32(bitPattern: index) &* 0x9E37_79B1 >> 7) & mask
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (number, entry) in entries.enumerated() {
            var slot = Self.slot(entry.index, mask)
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number)
        }
    }

    /// The vector of what was added, with the source code of each feature; resets the tally.
    mutating func finish() -> FeatureVector {
        var indices = [Int32]()
        var values = [Float]()
        var sources = [Int32]()
        indices.reserveCapacity(entries.count)
        values.reserveCapacity(entries.count)
        sources.reserveCapacity(entries.count)
        var squares: Float = 0
        let mask = slots.count - 1
        for entry in entries {
            let value = entry.count == 1 ? entry.weight : entry.weight * (1 + log(Float(entry.count)))
            indices.append(entry.index)
            values.append(value)
            sources.append(entry.source)
            squares += value * value
            var slot = Self.slot(entry.index, mask)
            while slots[slot] >= 0 {
                slots[slot] = -1
                slot = (slot + 1) & mask
            }
        }
        let norm = squares.squareRoot()
        if norm > 0 { for i in values.indices { values[i] /= norm } }
        entries.removeAll(keepingCapacity: true)
        return FeatureVector(indices: indices, values: values, sources: [], sourceCodes: sources)
    }
}

/// A sparse, L2-normalised feature vector: hashed feature indices with their values.
public struct FeatureVector: Sendable {
    public var indices: [Int32]
    public var values: [Float]
    /// For each feature, the words of the ticket it came from (for explanations).
    public var sources: [String]
    /// Where each feature came from, as `FeatureExtractor` codes them (only while building).
    var sourceCodes: [Int32] = []
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
    /// Signal phrases as token ids (their tokens are pinned in the memory), with their issue and
    /// their normalised text.
    let signals: [(ids: [Int32], issue: String, phrase: String)]
    /// Signals by the id of their first token (pinned ids are the lowest), so a ticket is only
    /// checked against signals that can match.
    private let signalsByFirstToken: [[Int]]
    /// By token id (negators are pinned first): whether the token negates what follows.
    private let isNegator: [Bool]

    /// Words that negate the next words: "tombol tidak ada" and "tombol ada, tapi…" are different
    /// tickets, so a word within two tokens after one of these also gets a negated feature.
    static let negatorWords = "tidak belum bukan tanpa"
    static let negationScope = 2
    static let negationKey: UInt64 = 0x6E65_6761_7369_0001
    private let memory: SharedTokenMemory

    /// `tokenLimit`: how many distinct tokens the extractor remembers before it starts over.
    public init(
        signals: [(phrase: String, issue: String)] = [], pipeline: TextPipeline = TextPipeline(),
        tokenLimit: Int = 300_000
    ) {
        self.pipeline = pipeline
        let analyzed = signals.map { (tokens: pipeline.analyze($0.phrase), issue: $0.issue) }.filter {
            !$0.tokens.isEmpty
        }
        let dictionary = pipeline.stemmer.dictionary
        let negators = pipeline.analyze(Self.negatorWords)
        var memory = TokenMemory(pinned: negators + analyzed.flatMap(\.tokens), tokenLimit: tokenLimit) {
            Self.wordFeatures($0, dictionary: dictionary)
        }
        let phrases = analyzed.map { signal in
            (
                ids: signal.tokens.map { memory.intern($0) }, issue: signal.issue,
                phrase: signal.tokens.map(\.text).joined(separator: " ")
            )
        }
        self.signals = phrases
        var isNegator = [Bool](repeating: false, count: negators.count)
        for token in negators { isNegator[Int(memory.intern(token))] = true }
        self.isNegator = isNegator
        self.memory = SharedTokenMemory(memory)
        var byFirstToken = [[Int]](repeating: [], count: Int(phrases.map { $0.ids[0] + 1 }.max() ?? 0))
        for number in phrases.indices { byFirstToken[Int(phrases[number].ids[0])].append(number) }
        signalsByFirstToken = byFirstToken
    }

    /// Weights of the feature kinds: words and word pairs count fully; each character n-gram
    /// a little (a word has many), so they help with typos without drowning the words.
    static let wordWeight: Float = 1
    static let pairWeight: Float = 1
    static let gramWeight: Float = 0.15
    static let signalWeight: Float = 2

    /// The features of a text; `keepSources` also names, for each feature, the words it came from.
    public func features(of text: String, keepSources: Bool = false) -> FeatureVector {
        vector(keepSources: keepSources) { memory, ids in memory.tokenIDs(of: text, pipeline: pipeline, into: &ids) }
    }

    /// The same features, computed from the whole text's `TextPipeline.analyze` without the chunk
    /// table (for tests: both must always agree).
    func featuresAnalyzingWholeText(_ text: String) -> FeatureVector {
        vector(keepSources: true) { memory, ids in
            for token in pipeline.analyze(text) { ids.append(memory.intern(token)) }
        }
    }

    private func vector(keepSources: Bool, tokenIDs: (inout TokenMemory, inout [Int32]) -> Void) -> FeatureVector {
        memory.state.withLock { state in
            var ids: [Int32] = []
            tokenIDs(&state.memory, &ids)
            // Source codes: a token position, -(position + 1) for the pair ending there, or
            // -1_000_000 - n for signal n.
            var negatedUntil = -1
            state.memory.features.withUnsafeBufferPointer { features in
                for (position, id) in ids.enumerated() {
                    if Int(id) < isNegator.count, isNegator[Int(id)] {
                        negatedUntil = position + Self.negationScope
                    } else if position <= negatedUntil {
                        let negated = Self.pair(Self.negationKey, state.memory.keys[Int(id)])
                        state.tally.add(negated, weight: Self.wordWeight, source: Int32(position))
                    }
                    let start = Int(state.memory.featureStart[Int(id)])
                    let end = Int(state.memory.featureStart[Int(id) + 1])
                    state.tally.add(features[start], weight: Self.wordWeight, source: Int32(position))
                    state.tally.add(
                        UnsafeBufferPointer(rebasing: features[(start + 1)..<end]), weight: Self.gramWeight,
                        source: Int32(position))
                    if position > 0 {
                        let pair = Self.pair(state.memory.keys[Int(ids[position - 1])], state.memory.keys[Int(id)])
                        state.tally.add(pair, weight: Self.pairWeight, source: Int32(-position - 1))
                    }
                }
            }
            var candidates: [Int] = []
            for id in ids where Int(id) < signalsByFirstToken.count { candidates += signalsByFirstToken[Int(id)] }
            // Most tickets start no signal: no set or sort for them.
            if candidates.count > 1 { candidates = Set(candidates).sorted() }
            for number in candidates where Self.contains(ids, signals[number].ids) {
                let index = Self.hash(4, signals[number].issue.utf8)
                state.tally.add(index, weight: Self.signalWeight, source: Int32(-1_000_000 - number))
            }
            var vector = state.tally.finish()
            if keepSources {
                let words = ids.map { state.memory.tokens[Int($0)].text }
                vector.sources = vector.sourceCodes.map { source($0, words) }
            }
            vector.sourceCodes = []
            return vector
        }
    }

    /// A token's word feature, then the character 3- to 5-grams of words the root list does not
    /// know (misspellings, slang, unknown forms): known roots and protected terms are already
    /// exact features.
    static func wordFeatures(_ token: Token, dictionary: Set<String>) -> [Int32] {
        let word = token.text
        var features = [hash(1, word.utf8)]
        guard token.kind == .word, word.utf8.count <= 22, !dictionary.contains(word) else {
            return features
        }
        let padded = [UInt8(ascii: "<")] + Array(word.utf8) + [UInt8(ascii: ">")]
        for size in 3...5 where padded.count >= size {
            for start in 0...(padded.count - size) { features.append(hash(3, padded[start..<(start + size)])) }
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
        return signals[Int(-code - 1_000_000)].phrase
    }

    /// FNV-1a, 64 bits, over a kind byte and some bytes.
    static func fnv<A: Collection<UInt8>>(_ kind: UInt8, _ bytes: A) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        hash = (hash ^ UInt64(kind)) &* 0x0000_0100_0000_01b3
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    /// A 64-bit hash folded into the feature space.
    static func fold(_ hash: UInt64) -> Int32 {
        Int32(truncatingIfNeeded: (hash ^ (hash >> 32)) & UInt64(dimension - 1))
    }

    /// The feature index of a kind byte and some bytes (a word, an n-gram, an issue id).
    static func hash<A: Collection<UInt8>>(_ kind: UInt8, _ bytes: A) -> Int32 {
        fold(fnv(kind, bytes))
    }

    /// The feature index of a word pair, from the two words' keys (order matters).
    static func pair(_ first: UInt64, _ second: UInt64) -> Int32 {
        var hash = first &* 0x9E37_79B9_7F4A_7C15 ^ second
        hash = (hash ^ (hash >> 31)) &* 0xBF58_476D_1CE4_E5B9
        return fold(hash ^ (hash >> 30))
    }

    static func contains(_ ids: [Int32], _ phrase: [Int32]) -> Bool {
        guard !phrase.isEmpty, ids.count >= phrase.count else { return false }
        for start in 0...(ids.count - phrase.count) where ids[start..<(start + phrase.count)].elementsEqual(phrase) {
            return true
        }
        return false
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
