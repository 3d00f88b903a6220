import Foundation
import PostgresNIO
import SolusiKit

/// Stored models, the classification queue and the classifications with their history.
extension PostgresStore {
    func model(trainingHash: Int64) throws -> ModelRecord? {
        let newest = try session.rows("SELECT max(version) FROM model WHERE training_hash = \(trainingHash)")
        return try newest.first.flatMap { try $0.decode(Int64?.self) }.flatMap { try model(version: $0) }
    }

    func latestModel() throws -> ModelRecord? {
        let newest = try session.rows("SELECT max(version) FROM model")
        return try newest.first.flatMap { try $0.decode(Int64?.self) }.flatMap { try model(version: $0) }
    }

    /// A stored model by version; nil when there is none or its numbers cannot be read.
    func model(version: Int64) throws -> ModelRecord? {
        guard let row = try session.rows("SELECT * FROM model WHERE version = \(version)").first?.makeRandomAccess()
        else { return nil }
        guard let (labels, bias) = ModelRecord.columns(labels: try row.value("labels"), bias: try row.value("bias"))
        else { return nil }
        return ModelRecord(
            version: Int(version), trainingHash: try row.value("training_hash"), labels: labels,
            weights: try row.value("weights"), bias: bias, temperature: try row.value("temperature"),
            threshold: try row.value("threshold"), heldOutMacroF1: try row.value("held_out_macro_f1"),
            heldOutAccuracy: try row.value("held_out_accuracy"), createdAt: try row.value("created_at"))
    }

    func saveModel(_ model: ModelRecord) throws -> Int {
        try insert(model)
    }

    /// Stores a model under its own version, or the next one when it has none; returns the version.
    @discardableResult
    func insert(_ model: ModelRecord) throws -> Int {
        let row = try session.rows(
            try PostgresQuery(
                """
                INSERT INTO model (version, training_hash, labels, weights, bias, temperature, threshold,
                    held_out_macro_f1, held_out_accuracy, created_at)
                VALUES (coalesce(\(model.version.map(Int64.init))::bigint, nextval('model_version_seq')),
                    \(model.trainingHash), \(model.labelsJSON), \(model.weights), \(model.biasJSON), \(model.temperature),
                    \(model.threshold), \(model.heldOutMacroF1), \(model.heldOutAccuracy), \(model.createdAt))
                RETURNING version
                """))
        return Int(try row[0].decode(Int64.self))
    }

    func ticketsToClassify(after rowID: Int64, limit: Int, all: Bool, model: Int?) throws -> [TicketText] {
        var query = QueryBuilder()
        query.sql(
            """
            SELECT t.id, t.subject, t.description FROM ticket t LEFT JOIN classification c ON c.ticket_id = t.id
            WHERE t.id > \(query.value(rowID))
            """)
        if !all {
            if let model {
                query.sql(" AND (t.needs_classification OR c.model_version <> \(query.value(Int64(model))))")
            } else {
                query.sql(" AND t.needs_classification")
            }
        }
        query.sql(" ORDER BY t.id LIMIT \(query.value(Int64(limit)))")
        return try session.rows(query.query).map {
            let (id, subject, description) = try $0.decode((Int64, String, String).self)
            return TicketText(rowID: id, text: TicketRecord.text(subject: subject, description: description))
        }
    }

    func saveClassifications(_ results: [StoredClassification], modelVersion: Int) throws {
        guard !results.isEmpty else { return }
        try session.run(Self.saving(results, modelVersion: modelVersion, at: clock.now))
    }

    func recordSuggestion(_ suggestion: StoredClassification, modelVersion: Int) async throws {
        let statement = Self.saving([suggestion], modelVersion: modelVersion, at: clock.now)
        try await session.withConnection { link in try await link.run(statement) }
    }

    /// The one statement that stores classifications (one round trip, atomic without a
    /// transaction around it: an agent's "next" waits for it). A classification replaced by
    /// another answer goes to the log, so a ticket's history keeps every answer it had; the same
    /// answer again only updates the current one. Every part sees the table as it was before the
    /// statement, so the log gets the answers being replaced.
    private static func saving(_ results: [StoredClassification], modelVersion: Int, at now: Int64) -> PostgresQuery {
        let ids = results.map(\.rowID)
        // Issue ids are never empty: "" stands for unknown in the array, NULL in the table.
        let issues = results.map { $0.verdict.issueID ?? "" }
        let confidences = results.map(\.confidence)
        return """
            WITH logged AS (
                INSERT INTO classification_log (ticket_id, issue, confidence, model_version, classified_at)
                SELECT c.ticket_id, c.issue, c.confidence, c.model_version, c.classified_at
                FROM classification c
                JOIN unnest(\(ids)::bigint[], \(issues)::text[]) AS u(id, issue) ON c.ticket_id = u.id
                WHERE c.issue IS DISTINCT FROM nullif(u.issue, '') ORDER BY c.ticket_id),
            flagged AS (UPDATE ticket SET needs_classification = FALSE WHERE id = ANY(\(ids)))
            INSERT INTO classification (ticket_id, issue, confidence, model_version, classified_at)
            SELECT id, nullif(issue, ''), confidence, \(Int64(modelVersion)), \(now)
            FROM unnest(\(ids)::bigint[], \(issues)::text[], \(confidences)::float8[]) AS u(id, issue, confidence)
            ON CONFLICT (ticket_id) DO UPDATE SET issue = excluded.issue, confidence = excluded.confidence,
                model_version = excluded.model_version, classified_at = excluded.classified_at
            """
    }

    func classificationHistory(ofTicket rowID: Int64) async throws -> [ClassificationRecord] {
        try await session.withConnection { link in
            try await link.rows(
                """
                SELECT issue, confidence, model_version, classified_at FROM (
                    SELECT id AS n, 0 AS current, issue, confidence, model_version, classified_at
                    FROM classification_log WHERE ticket_id = \(rowID)
                    UNION ALL
                    SELECT 0 AS n, 1 AS current, issue, confidence, model_version, classified_at
                    FROM classification WHERE ticket_id = \(rowID)) AS history
                ORDER BY current, n
                """)
        }.map {
            let (issue, confidence, model, at) = try $0.decode((String?, Double, Int64, Int64).self)
            return ClassificationRecord(
                verdict: Verdict(classifiedAs: issue), confidence: confidence, modelVersion: Int(model),
                classifiedAt: at)
        }
    }
}
