import Foundation
import Testing

@testable import SolusiKit
@testable import SolusiReport
@testable import SolusiSQLite

@Test func htmlEscapingCoversMarkupAndAttributes() {
    #expect(
        htmlEscape("<script>alert('x')</script> & \"q\"")
            == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
}

@Test func htmlEscapesWhatIsInterpolatedAndKeepsOnlyMarkupBuiltAsHTML() {
    let ticket = "<img src=x onerror=alert(1)> \"q\""
    let cell: HTML = "<td title=\"\(ticket)\">\(ticket)</td>"
    #expect(
        cell.markup
            == "<td title=\"&lt;img src=x onerror=alert(1)&gt; &quot;q&quot;\">&lt;img src=x onerror=alert(1)&gt; &quot;q&quot;</td>"
    )
    let row: HTML = "<tr>\(cell)\(7)</tr>"
    #expect(row.markup.hasPrefix("<tr><td title=") && row.markup.hasSuffix("</td>7</tr>"))
    #expect([HTML.text("a<b"), "<br>", HTML.raw("<i>c</i>")].joined(separator: ",").markup == "a&lt;b,<br>,<i>c</i>")
}

@Test func countsAreWrittenWithIndonesianThousandSeparators() {
    #expect(formatCount(0) == "0")
    #expect(formatCount(999) == "999")
    #expect(formatCount(1_234_567) == "1.234.567")
}

@Test func csvFieldsAreQuotedOnlyWhenNeeded() {
    #expect(TicketWriter.csvField("biasa") == "biasa")
    #expect(TicketWriter.csvField("a, \"b\"\nc") == "\"a, \"\"b\"\"\nc\"")
}

/// Tickets written by the writer come back identical through the ingest.
@Test(arguments: TicketWriter.Format.allCases)
func writtenTicketsReadBackUnchanged(_ format: TicketWriter.Format) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("solusi-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var tickets = Array(SampleGenerator(count: 200, seed: 5))
    tickets[0].subject = "Koma, \"kutip\" dan\nbaris baru"
    let path = folder.appendingPathComponent("t.\(format.rawValue)").path
    let writer = try TicketWriter(
        format: format, sink: ByteSink(path: path), extraColumns: SampleGenerator.requesterColumns)
    for ticket in tickets { try writer.write(ticket) }
    try writer.finish()

    let store = try SQLiteStore(path: folder.appendingPathComponent("db.sqlite").path)
    let result = try Ingester(store: store).ingest(file: path)
    #expect(result.counts.inserted == 200 && result.counts.rejected == 0)
    let stored = try await store.tickets(limit: 1000, offset: 0).map(\.record)
    #expect(Set(stored) == Set(tickets))
}

@Test func knowledgeBaseMarkdownKeepsOnlyDocumentStructure() {
    let rendered = HTML.document(
        #"<h2>Langkah</h2><p onclick="x()">Buka <strong>menu</strong> <a href="https://s.id/a" target="_blank">artikel</a> <a href="javascript:alert(1)">x</a></p><script>alert(1)</script><img src=x onerror=alert(1)> 3 < 4"#
    )
    #expect(
        rendered.markup
            == #"<h3>Langkah</h3><p>Buka <strong>menu</strong> <a href="https://s.id/a">artikel</a> <a>x</a></p>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; 3 &lt; 4"#
    )
}
