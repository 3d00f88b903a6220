import SolusiKit

/// Everything the report shows, read from the store in one step (`load`). The pages are then
/// rendered from it alone (`ReportSite`): no page touches a database, so each can be tested
/// with a model made by hand.
struct ReportModel {
    /// The period's counts.
    var data: ReportData
    /// The known issues and articles.
    var knowledgeBase: KnowledgeBase
    /// What the report shows besides the counts, and how.
    var options: ReportSite.Options
    /// Records rejected at ingest, kept or only counted.
    var rejected: Int
    /// The tickets the pages quote, by row id: each group's most recent and the clusters' examples.
    var quoted: [Int64: Ticket]

    /// Reads what the pages quote from the store: the one step of the report that does.
    static func load(
        from store: any TicketScan & IngestStore, knowledgeBase: KnowledgeBase, data: ReportData,
        options: ReportSite.Options
    ) throws -> ReportModel {
        var rowIDs = data.unknown.recent.map(\.rowID)
        for summary in data.byIssue.values { rowIDs += summary.recent.map(\.rowID) }
        for cluster in options.clusters?.found.clusters.prefix(ReportSite.clustersShown) ?? [] {
            rowIDs += cluster.exampleRowIDs.prefix(ReportSite.examplesPerCluster)
        }
        let tickets = try store.tickets(rowIDs: rowIDs)
        return ReportModel(
            data: data, knowledgeBase: knowledgeBase, options: options, rejected: try store.rejectCount(),
            quoted: Dictionary(tickets.map { ($0.rowID, $0) }, uniquingKeysWith: { first, _ in first }))
    }

    /// These tickets, in the order given (those not quoted left out).
    func tickets(_ rowIDs: [Int64]) -> [Ticket] { rowIDs.compactMap { quoted[$0] } }
}
