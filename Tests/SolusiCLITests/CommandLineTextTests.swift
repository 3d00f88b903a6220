import ArgumentParser
import Foundation
import SolusiKit
import Testing

@testable import solusi

/// What a user sees when they mistype: one `solusi:` line in Bahasa Indonesia, the usage, and
/// exit status 64 for every usage mistake.
@Suite struct CommandLineTextTests {
    let folder: URL
    init() throws { folder = try temporaryFolder() }

    func mistake(_ arguments: [String]) throws -> String {
        let run = try solusi(arguments, in: folder)
        #expect(run.status == 64, "\(arguments): status \(run.status)")
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.first?.hasPrefix("solusi: ") == true && !run.stderr.contains("Error:"), "\(run.stderr)")
        #expect(lines.contains { $0.hasPrefix("Pemakaian: solusi") }, "\(run.stderr)")
        return String(lines.first ?? "")
    }

    @Test func aMistypedCommandGetsTheNearestOneSuggested() throws {
        #expect(try mistake(["stauts"]) == "solusi: perintah \"stauts\" tidak dikenal. Maksud Anda `solusi status`?")
        #expect(try mistake(["triage", "nxt"]).hasSuffix("Maksud Anda `solusi triage next`?"))
        #expect(try mistake(["qwertyuiop"]).hasSuffix("Lihat `solusi --help`."))
        // Whatever flags follow it: help of a command that does not exist is a mistake too.
        let asked = try solusi(["simlar", "--help"], in: folder)
        #expect(asked.status == 64 && asked.stdout.isEmpty)
        #expect(asked.stderr.hasPrefix("solusi: perintah \"simlar\" tidak dikenal. Maksud Anda `solusi similar`?"))
        // The word after an unknown option is its value, not a command.
        let option = try solusi(["triage", "--isu", "x", "--agent", "ani"], in: folder)
        #expect(
            option.status == 64 && option.stderr.hasPrefix("solusi: opsi --isu tidak dikenal. Maksud Anda --issue?"))
    }

    @Test func anIssueIdThatDoesNotExistIsAUsageMistakeWithTheNearestOne() throws {
        for arguments in [
            ["kb", "show", "tombol-sinkron"],
            ["kb", "set-status", "tombol-sinkron-pmm-tidak-adaa", "solved", "--note", "x"],
            ["kb", "review", "tombol-sinkron"],
        ] {
            let run = try solusi(arguments + ["--articles", ClassifyCommandTests.articles], in: folder)
            #expect(run.status == 64, "\(arguments): \(run.status)")
            #expect(run.stderr.contains("Maksud Anda \"tombol-sinkron-pmm-tidak-ada\"?"), "\(run.stderr)")
        }
        let far = try solusi(["kb", "show", "qwerty", "--articles", ClassifyCommandTests.articles], in: folder)
        #expect(far.status == 64 && far.stderr.contains("Lihat `solusi kb list`"))
    }

    @Test func numbersPeopleReadHaveADecimalComma() {
        #expect(decimal(8.6, places: 1) == "8,6" && decimal(0.9534, places: 3) == "0,953")
        #expect(Platform.errorText(ENOENT) == "tidak ada berkas atau folder dengan nama itu")
        #expect(Platform.errorText(EACCES) == "tidak ada izin")
    }

    @Test func valuesOutsideTheirRangeAreRefusedBeforeAnythingRuns() throws {
        #expect(try mistake(["emerging", "--threshold", "nan"]).contains("--threshold harus angka"))
        #expect(try mistake(["emerging", "--threshold", "inf"]).contains("--threshold harus angka"))
        #expect(try mistake(["emerging", "--threshold", "0"]).contains("--threshold harus angka"))
        #expect(try mistake(["emerging", "--min-size=1"]) == "solusi: --min-size minimal 2 (diberikan 1).")
        #expect(try mistake(["tickets", "list", "--limit=-5"]) == "solusi: --limit minimal 1 (diberikan -5).")
        #expect(try mistake(["tickets", "list", "--offset=-1"]) == "solusi: --offset minimal 0 (diberikan -1).")
        #expect(try mistake(["search", "tombol", "--limit", "0"]) == "solusi: --limit minimal 1 (diberikan 0).")
        #expect(try mistake(["rejects", "--limit", "0"]) == "solusi: --limit minimal 1 (diberikan 0).")
        #expect(try mistake(["triage", "next", "--lease", "999999999999999999", "--agent", "a"]).contains("--lease"))
        for arguments in [["--since", "1999-12-31"], ["--until", "9999-12-31"]] {
            #expect(try mistake(["trends"] + arguments).contains("tidak ada tiket di sana"), "\(arguments)")
            #expect(try mistake(["report", "--out", "r"] + arguments).contains("tidak ada tiket di sana"))
        }
    }

    @Test func everyKindOfUsageMistakeIsToldInIndonesian() throws {
        #expect(try mistake(["status", "--bogus"]) == "solusi: opsi --bogus tidak dikenal.")
        #expect(try mistake(["report"]) == "solusi: opsi --out <out> wajib diberikan.")
        #expect(try mistake(["search"]) == "solusi: argumen <query> belum diberikan.")
        #expect(
            try mistake(["export", "--format", "xml", "--out", "-"]).contains("nilai \"xml\" tidak sah untuk --format"))
        #expect(
            try mistake(["trends", "--since", "kemarin"])
                == "solusi: --since harus berbentuk YYYY-MM-DD (diberikan \"kemarin\").")
        #expect(
            try mistake(["announce", "--date", "2024-13-45", "--out", "-"])
                == "solusi: --date 2024-13-45 tidak ada di kalender: bulan 01–12, dan tanggal harus ada di bulan itu.")
    }

    @Test func versionAndHelpAnswerOnStandardOutput() throws {
        let version = try solusi(["--version"], in: folder)
        #expect(version.status == 0 && version.stdout.wholeMatch(of: /\d+\.\d+\.\d+\n/) != nil)
        let help = try solusi(["--help"], in: folder)
        #expect(help.status == 0 && help.stdout.contains("PEMAKAIAN: solusi <subperintah>"))
        #expect(help.stdout.contains("SUBPERINTAH:") && !help.stdout.contains("USAGE:"))
    }

    /// Every command's help is in Bahasa Indonesia: ArgumentParser's headings and the texts
    /// written here (no English function words left outside flag names and JSON shapes).
    @Test func everyCommandsHelpIsInIndonesian() throws {
        var paths: [[String]] = []
        func walk(_ command: any ParsableCommand.Type, _ path: [String]) {
            paths.append(path)
            for sub in command.configuration.subcommands { walk(sub, path + [sub._commandName]) }
        }
        walk(Solusi.self, [])
        #expect(paths.count > 25)
        for path in paths {
            let help = try solusi(path + ["--help"], in: folder)
            #expect(help.status == 0, "\(path)")
            for english in ["USAGE:", "OPTIONS:", "Show help information", "(default: ", " the ", " with ", " of "] {
                #expect(!help.stdout.contains(english), "solusi \(path.joined(separator: " ")) --help: \(english)")
            }
        }
    }

    /// Every command names itself. Without `commandName`, ArgumentParser derives the name with
    /// `String(describing:)` for each command of the tree at every start, and each of those casts
    /// scans the whole binary's protocol conformances: a quarter of a `solusi search`.
    @Test func everyCommandNamesItselfSoStartingDoesNotScanTheBinary() {
        var unnamed: [String] = []
        func walk(_ command: any ParsableCommand.Type) {
            if command.configuration.commandName == nil { unnamed.append("\(command)") }
            command.configuration.subcommands.forEach(walk)
        }
        walk(Solusi.self)
        #expect(unnamed.isEmpty, "commandName missing: \(unnamed)")
    }
    @Test func ingestingOnlyMissingFilesMakesNoDatabase() throws {
        let run = try solusi(["ingest", "tidak-ada.csv"], in: folder)
        #expect(run.status == 1 && run.stderr.contains("tidak-ada.csv: berkas tidak ditemukan"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("solusi.sqlite").path))
    }
}

@Suite struct WrappingAndHelpTests {
    @Test func longTextWrapsAtSpacesToTheWidthWithItsIndent() {
        let text = "Saya sudah mencoba mengirim predikat kinerja guru berkali-kali tetapi selalu gagal\nBaris kedua."
        let wrapped = Terminal.wrap(text, width: 40, indent: "    ")
        let lines = wrapped.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count + ($0 == lines[0] ? 4 : 0) <= 40 }, "\(lines)")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("    ") })
        #expect(wrapped.replacingOccurrences(of: "\n    ", with: " ") == text.replacingOccurrences(of: "\n", with: " "))
        #expect(Terminal.wrap(text, width: nil, indent: "  ") == text.replacingOccurrences(of: "\n", with: "\n  "))
        let long = String(repeating: "x", count: 60)
        #expect(Terminal.wrap("a \(long) b", width: 30, indent: "") == "a\n\(long)\nb", "a long word stays whole")
    }

    @Test func triageHelpListsWhatTriageWithoutASubcommandTakes() throws {
        let run = try solusi(["triage", "--help"], in: try temporaryFolder())
        #expect(run.status == 0)
        for option in ["--agent", "--lease", "--issue", "--unknown"] {
            #expect(run.stdout.contains(option), "\(option)")
        }
    }
}

@Suite struct CompletionTests {
    /// What bash's completion script asks the binary for `solusi notify <TAB>`, and for the issue
    /// of `triage relabel`: the knowledge base's issue ids (and "other").
    @Test func issueArgumentsCompleteFromTheKnowledgeBase() throws {
        let folder = try temporaryFolder()
        let articles = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Articles").standardized.path
        let environment = ["SOLUSI_ARTICLES": articles]
        let notify = try solusi(
            ["---completion", "notify", "--", "positional@0", "2", "0", "solusi", "notify", ""], in: folder,
            environment: environment)
        let ids = try FileManager.default.contentsOfDirectory(atPath: articles + "/issues")
            .filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }
        #expect(notify.status == 0 && Set(notify.stdout.split(separator: "\n").map(String.init)) == Set(ids))
        let relabel = try solusi(
            [
                "---completion", "triage", "relabel", "--", "positional@1", "4", "0", "solusi", "triage", "relabel",
                "7", "",
            ],
            in: folder, environment: environment)
        #expect(Set(relabel.stdout.split(separator: "\n").map(String.init)) == Set(ids + ["lainnya"]))
    }
}
