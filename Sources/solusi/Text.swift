import ArgumentParser
import Foundation
import IndonesianText
import SolusiKit
import SolusiReport

struct Stem: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "stem",
        abstract:
            "Cari kata dasar bahasa Indonesia: satu baris per argumen; beberapa kata memberi kata dasarnya dipisah spasi."
    )

    @Option(help: "Daftar kata dasar (satu kata per baris) pengganti daftar bawaan.")
    var dictionary: String?

    @Argument(help: "Kata (atau teks) yang dicari kata dasarnya.")
    var words: [String]

    func execute() async throws {
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

struct Normalize: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Tampilkan hasil pengolahan teks: token yang dinormalkan, lalu kata dasarnya.",
        discussion: """
            Dengan --input, setiap baris berkas adalah satu teks dan satu baris dicetak untuknya (kata dasarnya dengan --stems, selain itu token yang dinormalkan); ringkasan dengan token per detik ke stderr.
            """)

    @Argument(help: "Teksnya, mis. deskripsi tiket.")
    var text: String?

    @Option(help: "Berkas berisi satu teks per baris, pengganti TEXT.")
    var input: String?

    @Flag(help: "Dengan --input: cetak kata dasar, bukan token yang dinormalkan.")
    var stems = false

    @Flag(help: "Cetak JSON: teks yang dinormalkan dan setiap token dengan jenis dan kata dasarnya.")
    var json = false

    func validate() throws {
        guard (text == nil) != (input == nil) else { throw ValidationError("berikan TEXT atau --input FILE.") }
    }

    func execute() async throws {
        let pipeline = TextPipeline.shared
        if let input {
            try normalizeLines(of: input, with: pipeline)
            return
        }
        let tokens = pipeline.normalizer.tokens(text ?? "")
        let stemmed = tokens.map { $0.kind == .word ? pipeline.stem($0.text) : $0.text }
        if json {
            try Terminal.json(
                NormalizedText(
                    normalized: tokens.map(\.text).joined(separator: " "),
                    tokens: zip(tokens, stemmed).map { .init(text: $0.text, kind: $0.kind.rawValue, stem: $1) }))
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
        let started = ContinuousClock.now
        var texts = 0
        var tokenCount = 0
        while let line = reader.next() {
            let tokens = stems ? pipeline.analyze(line) : pipeline.normalizer.tokens(line)
            texts += 1
            tokenCount += tokens.count
            try sink.write(tokens.map(\.text).joined(separator: " ") + "\n")
        }
        try sink.flush()
        let seconds = max(started.duration(to: .now) / .seconds(1), 0.001)
        Terminal.message(
            "\(texts) teks, \(tokenCount) token dalam \(decimal(seconds, places: 2)) dtk: \(Int(Double(tokenCount) / seconds)) token/dtk"
        )
    }
}

/// `normalize --json`: the normalised text and every token with its kind and stem.
private struct NormalizedText: Encodable {
    struct Token: Encodable {
        var text: String
        var kind: String
        var stem: String
    }

    var normalized: String
    var tokens: [Token]
}
