import Synchronization

/// The whole text pipeline: normalised tokens, with every ordinary word stemmed.
///
/// Keeps a cache of stems, so words repeated across tickets are stemmed once; the cache is
/// behind a lock, so one pipeline may serve several threads.
public final class TextPipeline: Sendable {
    /// Splits and normalises the text.
    public let normalizer: TextNormalizer
    /// Stems the ordinary words.
    public let stemmer: Stemmer
    private let stems = Mutex<[String: String]>([:])
    /// One pipeline for the whole process, so each word is stemmed once however many parts of
    /// the program read text (the knowledge base's phrases, each classifier, search).
    public static let shared = TextPipeline()
    /// Entries the cache may hold before it starts over, so memory stays bounded.
    private let cacheLimit = 200_000

    /// A pipeline with this normaliser and stemmer.
    public init(normalizer: TextNormalizer = TextNormalizer(), stemmer: Stemmer = .standard) {
        self.normalizer = normalizer
        self.stemmer = stemmer
    }

    /// The tokens of a text, each ordinary word replaced by its stem.
    public func analyze(_ text: String) -> [Token] {
        var tokens = normalizer.tokens(text)
        for index in tokens.indices where tokens[index].kind == .word {
            tokens[index].text = stem(tokens[index].text)
        }
        return tokens
    }

    /// The stem of one normalised word, from the cache when it was seen before.
    public func stem(_ word: String) -> String {
        if let known = stems.withLock({ $0[word] }) { return known }
        let root = stemmer.stem(word)
        stems.withLock { cache in
            if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[word] = root
        }
        return root
    }
}
