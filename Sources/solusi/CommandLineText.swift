import ArgumentParser
import Foundation
import SolusiKit
import SolusiSQLite

/// What the argument parser itself says (usage mistakes, help, the version), in Bahasa Indonesia
/// with the one `solusi:` prefix every other message has. ArgumentParser writes English; its
/// messages have a fixed shape, so each shape is rewritten here, in one place.
enum CommandLineText {
    /// The version `--version` prints.
    static let version = "0.9.0"

    /// Parses and runs the command line; every way it can end is told here.
    static func main(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        Platform.mapLargeBlocks()
        SQLite.prepareProcess()
        do {
            try await run(try Solusi.parseAsRoot(arguments))
            exit(0)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            var status = Solusi.exitCode(for: error)
            // `solusi simlar --help`: help was asked of a command that does not exist — a usage
            // mistake, not the root's help.
            if status == .success, arguments.first != "---completion", unknownCommand(in: arguments) != nil {
                status = .validationFailure
            }
            if status == .success {
                // Help in Bahasa Indonesia; completions and completion scripts as they are.
                let isCompletion =
                    arguments.first == "---completion"
                    || arguments.contains { $0.hasPrefix("--generate-completion-script") }
                let text = Solusi.fullMessage(for: error)
                print(isCompletion ? text : help(text) + defaultSubcommandOptions(arguments))
                exit(0)
            }
            FileHandle.standardError.write(Data((usageError(error, arguments: arguments) + "\n").utf8))
            exit(status.rawValue)
        }
    }

    /// Runs a parsed command: an async one awaited, a group (which only shows help) at once.
    static func run(_ command: any ParsableCommand) async throws {
        if var command = command as? AsyncParsableCommand {
            try await command.run()
        } else {
            var command = command
            try command.run()
        }
    }

    /// A usage mistake: what is wrong, how the command is used, and where to read more.
    static func usageError(_ error: any Error, arguments: [String]) -> String {
        let full = Solusi.fullMessage(for: error)
        var lines = ["solusi: " + message(Solusi.message(for: error), arguments: arguments)]
        for line in full.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("Usage: ") {
                lines.append(help("Pemakaian: " + line.dropFirst("Usage: ".count)))
            } else if let match = line.firstMatch(of: /^\s*See '(.+)' for more information\.$/) {
                lines.append("Lihat `\(match.1)` untuk keterangan lengkap.")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One of ArgumentParser's messages in Bahasa Indonesia (a shape it does not know stays as
    /// it is). A word at the top level that is no command gets the nearest command suggested.
    static func message(_ english: String, arguments: [String]) -> String {
        let text = english.hasPrefix("Error: ") ? String(english.dropFirst(7)) : english
        // `triage --isu x`: the word after an unknown option is its value, not a command.
        let unknownOption = text.firstMatch(of: /^Unknown option '(.+?)'/).map { String($0.1) }
        let optionFirst = unknownOption.flatMap { option in
            arguments.firstIndex { $0 == option || $0.hasPrefix(option + "=") }
        }
        if let unknown = unknownCommand(in: arguments),
            optionFirst.map({ $0 > arguments.firstIndex(of: unknown.word) ?? 0 }) ?? true
        {
            let path = unknown.path.joined(separator: " ")
            return "perintah \"\(unknown.word)\" tidak dikenal."
                + (unknown.nearest.map { " Maksud Anda `\(path) \($0)`?" } ?? " Lihat `\(path) --help`.")
        }
        if let match = text.firstMatch(of: /^Unknown option '(.+)'\. Did you mean '(.+)'\?$/) {
            return "opsi \(match.1) tidak dikenal. Maksud Anda \(match.2)?"
        }
        if let match = text.firstMatch(of: /^Unknown option '(.+)'$/) { return "opsi \(match.1) tidak dikenal." }
        if let match = text.firstMatch(of: /^Missing value for '(.+)'$/) {
            return "opsi \(match.1) membutuhkan nilai."
        }
        if let match = text.firstMatch(of: /^Missing expected argument '(.+)'$/) {
            return match.1.hasPrefix("-") ? "opsi \(match.1) wajib diberikan." : "argumen \(match.1) belum diberikan."
        }
        if let match = text.firstMatch(of: /^Missing one of: (.+)$/) {
            return "berikan salah satu dari: \(match.1)."
        }
        if let match = text.firstMatch(of: /^Unexpected argument '(.+)'$/) {
            return "argumen \"\(match.1)\" tidak diharapkan di sini."
        }
        if let match = text.firstMatch(of: /^(\d+) unexpected arguments: (.+)$/) {
            return "\(match.1) argumen tidak diharapkan di sini: \(match.2)."
        }
        if let match = text.firstMatch(of: /^The option '(.+)' does not take any value, but '(.+)' was specified\.$/) {
            return "opsi \(match.1) tidak menerima nilai (diberikan \"\(match.2)\")."
        }
        if let match = text.firstMatch(of: /(?s)^The value '(.+?)' is invalid for '(.+?)'(.*)$/) {
            var rest = String(match.3)
            if let choices = rest.firstMatch(of: /^\. Please provide one of (.+)\.$/) {
                let list = choices.1.replacingOccurrences(of: "' and '", with: "' atau '")
                    .replacingOccurrences(of: "' or '", with: "' atau '")
                rest = ". Pilih salah satu: \(list)."
            } else if rest.hasPrefix(": ") {
                rest = ": " + rest.dropFirst(2)
            } else if rest.isEmpty {
                rest = "."
            }
            return "nilai \"\(match.1)\" tidak sah untuk \(match.2)\(rest)"
        }
        if text == "Missing required subcommand." { return "perintah belum diberikan. Lihat `solusi --help`." }
        if let match = text.firstMatch(of: /^Invalid option: (.+)$/) { return "opsi tidak sah: \(match.1)." }
        return text
    }

    /// The commands the command line names, from the top, and the first word after them that
    /// names none (options are passed over; "help" as in `solusi help triage` too).
    static func commandPath(_ arguments: [String]) -> (commands: [any ParsableCommand.Type], rest: String?) {
        var commands: [any ParsableCommand.Type] = [Solusi.self]
        for word in arguments where !word.hasPrefix("-") && !(commands.count == 1 && word == "help") {
            let subcommands = commands.last!.configuration.subcommands
            guard !subcommands.isEmpty else { return (commands, nil) }
            guard let next = subcommands.first(where: { ([$0._commandName] + $0.configuration.aliases).contains(word) })
            else { return (commands, word) }
            commands.append(next)
        }
        return (commands, nil)
    }

    /// The first word of the command line that should name a command and names none: the
    /// commands before it, and the one it is nearest to when it looks like a typing mistake.
    static func unknownCommand(in arguments: [String]) -> (path: [String], word: String, nearest: String?)? {
        let (commands, rest) = commandPath(arguments)
        guard let word = rest else { return nil }
        let names = commands.last!.configuration.subcommands.flatMap { [$0._commandName] + $0.configuration.aliases }
        var path = ["solusi"]
        for command in commands.dropFirst() { path.append(command._commandName) }
        return (path, word, Spelling.nearest(to: word.lowercased(), among: names))
    }

    /// For a command that runs a subcommand when given none (`triage` runs `triage session`),
    /// that subcommand's options, which its own help does not list.
    static func defaultSubcommandOptions(_ arguments: [String]) -> String {
        guard let fallback = commandPath(arguments).commands.last?.configuration.defaultSubcommand else { return "" }
        let text = Solusi.helpMessage(for: fallback)
        guard let options = text.firstRange(of: "OPTIONS:") else { return "" }
        return "\n\nOPSI tanpa subperintah (= \(fallback._commandName)):" + help(String(text[options.upperBound...]))
    }

    /// ArgumentParser's help with its own words in Bahasa Indonesia (the headings, the built-in
    /// flags, defaults and value lists).
    static func help(_ english: String) -> String {
        let replacements: [(String, String)] = [
            ("OVERVIEW:", "IKHTISAR:"), ("USAGE:", "PEMAKAIAN:"), ("ARGUMENTS:", "ARGUMEN:"), ("OPTIONS:", "OPSI:"),
            ("SUBCOMMANDS:", "SUBPERINTAH:"), ("Show help information.", "Tampilkan bantuan ini."),
            ("Show the version.", "Tampilkan versi."), ("(default: ", "(bawaan: "), ("(values: ", "(nilai: "),
            ("<subcommand>", "<subperintah>"), ("<options>", "<opsi>"),
        ]
        var text = english
        for (from, to) in replacements { text = text.replacingOccurrences(of: from, with: to) }
        text = text.replacing(
            /See '(.+)' for detailed help\./, with: { "Lihat `\($0.1)` untuk bantuan rinci." })
        return text
    }
}
