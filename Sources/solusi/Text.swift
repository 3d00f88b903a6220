import ArgumentParser
import Foundation
import IndonesianText

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
