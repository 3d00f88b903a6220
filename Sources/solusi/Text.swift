import ArgumentParser
import Foundation
import IndonesianText
import SolusiKit
import SolusiReport

struct Stem: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stem Indonesian words: one line per argument; several words give their stems joined by a space.")

    @Option(help: "A root-word list (one word per line) to use instead of the built-in one.")
    var dictionary: String?

    @Argument(help: "Words (or texts) to stem.")
    var words: [String]

    func run() throws {
        var stemmer = Stemmer.standard
        if let dictionary {
            guard let text = try? String(contentsOfFile: dictionary, encoding: .utf8) else {
                Terminal.message("solusi: \(dictionary): daftar kata dasar tidak dapat dibaca (harus teks UTF-8).")
                throw ExitCode(1)
            }
            stemmer = Stemmer(dictionary: RootWords.parse(text))
        }
        for word in words { print(stemmer.stemText(word)) }
    }
}

struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what the text pipeline makes of a text: normalised tokens, then their stems.",
        discussion: """
            With --input, every line of the file is one text and one line is printed for it (its stems with --stems, else its normalised tokens); a summary with tokens per second goes to stderr.
            """)

    @Argument(help: "The text, e.g. a ticket's description.")
    var text: String?

    @Option(help: "A file with one text per line, instead of TEXT.")
    var input: String?

    @Flag(help: "With --input: print the stems instead of the normalised tokens.")
    var stems = false

    @Flag(help: "Print JSON: the normalised text and every token with its kind and stem.")
    var json = false

    func validate() throws {
        guard (text == nil) != (input == nil) else { throw ValidationError("Give either TEXT or --input FILE.") }
    }

    func run() throws {
        let pipeline = TextPipeline()
        if let input {
            try normalizeLines(of: input, with: pipeline)
            return
        }
        let tokens = pipeline.normalizer.tokens(text ?? "")
        let stemmed = tokens.map { $0.kind == .word ? pipeline.stem($0.text) : $0.text }
        if json {
            let items = zip(tokens, stemmed).map { token, stem in
                jsonObject([
                    ("text", jsonString(token.text)), ("kind", jsonString(token.kind.rawValue)),
                    ("stem", jsonString(stem)),
                ])
            }
            print(
                jsonObject([
                    ("normalized", jsonString(tokens.map(\.text).joined(separator: " "))),
                    ("tokens", "[" + items.joined(separator: ",") + "]"),
                ]))
        } else {
            print("teks:       \(tokens.map(\.text).joined(separator: " "))")
            print("kata dasar: \(stemmed.joined(separator: " "))")
        }
    }

    private func normalizeLines(of path: String, with pipeline: TextPipeline) throws {
        guard let reader = LineReader(path: path) else {
            Terminal.message("solusi: \(path): berkas tidak dapat dibuka.")
            throw ExitCode(1)
        }
        let sink = ByteSink()
        let started = Date()
        var texts = 0
        var tokenCount = 0
        while let line = reader.next() {
            let tokens = stems ? pipeline.analyze(line) : pipeline.normalizer.tokens(line)
            texts += 1
            tokenCount += tokens.count
            try sink.write(tokens.map(\.text).joined(separator: " ") + "\n")
        }
        try sink.flush()
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        Terminal.message(
            "\(texts) teks, \(tokenCount) token dalam \(String(format: "%.2f", seconds)) dtk: \(Int(Double(tokenCount) / seconds)) token/dtk"
        )
    }
}

/// Lines of a text file, read in chunks; invalid UTF-8 is repaired rather than fatal.
final class LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    func next() -> String? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[position..<newline], as: UTF8.self)
                position = newline + 1
                return line
            }
            if atEnd {
                guard position < buffer.count else { return nil }
                let line = String(decoding: buffer[position...], as: UTF8.self)
                position = buffer.count
                return line
            }
            buffer.removeFirst(position)
            position = 0
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
