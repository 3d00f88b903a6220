import Foundation
import GRDB
import SolusiKit

/// Stored models, the classification queue and the classifications with their history.
extension SQLiteStore {
    func model(trainingHash: Int64) throws -> ModelRecord? {
        try pool.read { db in
            let newest = try Int.fetchOne(
                db, sql: "SELECT max(version) FROM model WHERE training_hash = ?", arguments: [trainingHash])
            return try newest.flatMap { try Self.model(version: $0, db) }
        }
    }

    func latestModel() throws -> ModelRecord? {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT max(version) FROM model").flatMap { try Self.model(version: $0, db) }
        }
    }

    /// A stored model by version; nil when there is none or its numbers cannot be read.
    static func model(version: Int, _ db: Database) throws -> ModelRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM model WHERE version = ?", arguments: [version]) else {
            return nil
        }
        guard let (labels, bias) = ModelRecord.columns(labels: row["labels"], bias: row["bias"]) else { return nil }
        return ModelRecord(
            version: row["version"], trainingHash: row["training_hash"], labels: labels, weights: row["weights"],
            bias: bias, temperature: row["temperature"], threshold: row["threshold"],
            heldOutMacroF1: row["held_out_macro_f1"], heldOutAccuracy: row["held_out_accuracy"],
            createdAt: row["created_at"])
    }

    func saveModel(_ model: ModelRecord) throws -> Int {
        try pool.write { db in try Self.insert(model, db) }
    }

    /// Stores a model under its own version, or the next one when it has none; returns the version.
    @discardableResult
    static func insert(_ model: ModelRecord, _ db: Database) throws -> Int {
        try db.execute(
            sql: """
                INSERT INTO model (version, training_hash, labels, weights, bias, temperature, threshold,
                    held_out_macro_f1, held_out_accuracy, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                model.version, model.trainingHash, model.labelsJSON, model.weights, model.biasJSON, model.temperature,
                model.threshold, model.heldOutMacroF1, model.heldOutAccuracy, model.createdAt,
            ])
        return Int(db.lastInsertedRowID)
    }

    /// Walks the table in row order from `rowID`; no index on the queue flag, which would slow
    /// every insert of a bulk load, while this walk reads each row once per run anyway.
    func ticketsToClassify(after rowID: Int64, limit: Int, all: Bool, model: Int?) throws -> [TicketText] {
        let wanted =
            all
            ? "" : model == nil ? "AND needs_classification" : "AND (needs_classification OR c.model_version <> ?)"
        return try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.id, t.subject, t.description FROM ticket t
                    LEFT JOIN classification c ON c.ticket_id = t.id
                    WHERE t.id > ? \(wanted) ORDER BY t.id LIMIT ?
                    """,
                arguments: StatementArguments([rowID] + (all ? [] : model.map { [Int64($0)] } ?? []) + [Int64(limit)])
            ).map { TicketText(rowID: $0[0], text: TicketRecord.text(subject: $0[1], description: $0[2])) }
        }
    }

    func saveClassifications(_ results: [StoredClassification], modelVersion: Int) throws {
        let now = clock.now
        try pool.write { db in try Self.save(results, modelVersion: modelVersion, at: now, db) }
    }

    func recordSuggestion(_ suggestion: StoredClassification, modelVersion: Int) async throws {
        let now = clock.now
        try await pool.write { db in try Self.save([suggestion], modelVersion: modelVersion, at: now, db) }
    }

    /// Stores classifications, keeping the ones they replace in the log, and dequeues the tickets.
    private static func save(
        _ results: [StoredClassification], modelVersion: Int, at now: Int64, _ db: Database
    ) throws {
        let save = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO classification (ticket_id, issue, confidence, model_version, classified_at)
                VALUES (?, ?, ?, ?, ?)
                """)
        let dequeue = try db.cachedStatement(sql: "UPDATE ticket SET needs_classification = 0 WHERE id = ?")
        // A classification replaced by another answer goes to the log, so a ticket's history
        // keeps every answer it had; the same answer again only updates the current one.
        let keep = try db.cachedStatement(
            sql: """
                INSERT INTO classification_log (ticket_id, issue, confidence, model_version, classified_at)
                SELECT ticket_id, issue, confidence, model_version, classified_at FROM classification
                WHERE ticket_id = ? AND issue IS NOT ?
                """)
        for result in results {
            try keep.execute(arguments: [result.rowID, result.verdict.issueID])
            try save.execute(arguments: [
                result.rowID, result.verdict.issueID, result.confidence, modelVersion, now,
            ])
            try dequeue.execute(arguments: [result.rowID])
        }
    }

    /// Every classification the ticket had, oldest first (the current one last).
    func classificationHistory(ofTicket rowID: Int64) async throws -> [ClassificationRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT issue, confidence, model_version, classified_at FROM (
                        SELECT rowid AS n, 0 AS current, * FROM classification_log WHERE ticket_id = ?
                        UNION ALL
                        SELECT 0 AS n, 1 AS current, ticket_id, issue, confidence, model_version, classified_at
                        FROM classification WHERE ticket_id = ?)
                    ORDER BY current, n
                    """, arguments: [rowID, rowID]
            ).map {
                ClassificationRecord(
                    verdict: Verdict(classifiedAs: $0["issue"]), confidence: $0["confidence"],
                    modelVersion: $0["model_version"], classifiedAt: $0["classified_at"])
            }
        }
    }
}
