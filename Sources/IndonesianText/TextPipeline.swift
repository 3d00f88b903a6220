/// The whole text pipeline: normalised tokens, with every ordinary word stemmed.
///
/// Keeps a cache of stems, so words repeated across tickets are stemmed once; not for sharing
/// between threads (give each its own pipeline).
public final class TextPipeline {
    public let normalizer: TextNormalizer
    public let stemmer: Stemmer
    private var stems: [String: String] = [:]
    /// Entries the cache may hold before it starts over, so memory stays bounded.
    private let cacheLimit = 200_000

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
        if let known = stems[word] { return known }
        if stems.count >= cacheLimit { stems.removeAll(keepingCapacity: true) }
        let root = stemmer.stem(word)
        stems[word] = root
        return root
    }
}
