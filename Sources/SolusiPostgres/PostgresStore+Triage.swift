import PostgresNIO
import SolusiKit

/// The agents' queue with claims held on the ticket rows, labels, and notification claims.
extension PostgresStore {
    /// The filter's condition on the classification joined as `c`.
    private static func condition(_ filter: TriageFilter, _ query: inout QueryBuilder) {
        if !filter.includeClosed { query.sql(" AND \(HelpDeskStatus.openConditionOfT)") }
        switch filter.scope {
        case .all: break
        case .issue(let issue): query.sql(" AND c.issue = \(query.value(issue))")
        case .unknown: query.sql(" AND c.ticket_id IS NOT NULL AND c.issue IS NULL")
        }
    }

    /// The agent's own live claim first; else the oldest unlabelled ticket nobody holds, locked
    /// with `FOR UPDATE SKIP LOCKED` so that agents reaching for it at the same moment pass on to
    /// the next, and claimed on its row in the same statement: one round trip for each of the
    /// two, no transaction to open and close.
    func claimNext(_ filter: TriageFilter, agent: String, after cursor: Ticket?, until expires: Int64) async throws
        -> QueuedTicket?
    {
        let now = clock.now
        func query(mine: Bool) -> PostgresQuery {
            var query = QueryBuilder()
            if mine {
                Self.heldBy(agent, now: now, &query)
                query.sql(", picked AS (")
            } else {
                query.sql("WITH picked AS (")
            }
            query.sql("SELECT t.id FROM ticket t LEFT JOIN classification c ON c.ticket_id = t.id WHERE NOT t.labeled")
            if mine {
                query.sql(" AND t.id IN (SELECT id FROM held)")
            } else {
                query.sql(" AND (t.claim_expires IS NULL OR t.claim_expires <= \(query.value(now)))")
            }
            Self.condition(filter, &query)
            Self.after(cursor, &query)
            query.sql(" ORDER BY t.created_at, t.id LIMIT 1")
            if !mine { query.sql(" FOR UPDATE OF t SKIP LOCKED") }
            query.sql(
                """
                ), claimed AS (
                    UPDATE ticket t SET claim_agent = \(query.value(agent)), claim_expires = \(query.value(expires))
                    FROM picked WHERE t.id = picked.id RETURNING t.*)
                SELECT \(Self.ticketColumns), c.issue AS c_issue, c.confidence AS c_confidence,
                    c.model_version AS c_model, c.classified_at AS c_at
                FROM claimed t LEFT JOIN classification c ON c.ticket_id = t.id
                """)
            return query.query
        }
        return try await session.withConnection { link in
            var found = try await link.rows(query(mine: true)).first
            if found == nil { found = try await link.rows(query(mine: false)).first }
            guard let row = found?.makeRandomAccess() else { return nil }
            return QueuedTicket(ticket: try Self.ticket(from: row), classification: try Self.classification(from: row))
        }
    }

    func queue(_ filter: TriageFilter, heldBy agent: String?, after cursor: Ticket?, limit: Int) async throws
        -> [QueuedTicket]
    {
        let now = clock.now
        var query = QueryBuilder()
        if let agent { Self.heldBy(agent, now: now, &query) }
        query.sql(
            "SELECT \(Self.queueColumns) FROM ticket t LEFT JOIN classification c ON c.ticket_id = t.id WHERE NOT t.labeled"
        )
        if agent != nil { query.sql(" AND t.id IN (SELECT id FROM held)") }
        Self.condition(filter, &query)
        Self.after(cursor, &query)
        query.sql(" ORDER BY t.created_at, t.id LIMIT \(query.value(Int64(limit)))")
        let rows = try await session.withConnection { link in try await link.rows(query.query) }
        return try rows.map { try Self.queued(from: $0.makeRandomAccess(), now: now) }
    }

    func queuedTicket(rowID: Int64) async throws -> QueuedTicket? {
        let now = clock.now
        let rows = try await session.withConnection { link in
            try await link.rows(
                """
                SELECT \(unescaped: Self.queueColumns) FROM ticket t LEFT JOIN classification c ON c.ticket_id = t.id
                WHERE t.id = \(rowID)
                """)
        }
        return try rows.first.map { try Self.queued(from: $0.makeRandomAccess(), now: now) }
    }

    /// The condition "after this ticket" in queue order (none without a cursor).
    private static func after(_ cursor: Ticket?, _ query: inout QueryBuilder) {
        guard let cursor else { return }
        let created = query.value(cursor.record.createdAt)
        query.sql(" AND (t.created_at, t.id) > (\(created), \(query.value(cursor.rowID)))")
    }

    /// `held`: the tickets `agent` holds at `now`, found through the index on `claim_agent`
    /// first. Asked in the query itself, the planner may walk the whole queue in date order
    /// looking for them — it did right after a bulk load, before statistics: 100 ms a claim at
    /// 100,000 tickets.
    private static func heldBy(_ agent: String, now: Int64, _ query: inout QueryBuilder) {
        query.sql(
            """
            WITH held AS MATERIALIZED (
                SELECT id FROM ticket WHERE claim_agent = \(query.value(agent)) AND claim_expires > \(query.value(now)))

            """)
    }

    private static let queueColumns = """
        \(ticketColumns), c.issue AS c_issue, c.confidence AS c_confidence, c.model_version AS c_model,
        c.classified_at AS c_at, t.claim_agent, t.claim_expires
        """

    /// A queued ticket; a claim that has run out by `now` is none.
    private static func queued(from row: PostgresRandomAccessRow, now: Int64) throws -> QueuedTicket {
        let agent: String? = try row.value("claim_agent")
        let until: Int64? = try row.value("claim_expires")
        var claim: Claim?
        if let agent, let until, until > now { claim = Claim(agent: agent, until: until) }
        return QueuedTicket(
            ticket: try ticket(from: row), classification: try classification(from: row), claim: claim)
    }

    func release(ticketRowID: Int64, agent: String) async throws -> Bool {
        try await session.withConnection { link in
            try await link.run(
                """
                UPDATE ticket SET claim_agent = NULL, claim_expires = NULL
                WHERE id = \(ticketRowID) AND claim_agent = \(agent)
                """) > 0
        }
    }

    /// With closed tickets: the running count of the tickets the filter takes, less those of
    /// them already labelled (labels are few; a million tickets are not counted one by one).
    /// Without (the default queue): the open unlabelled tickets counted on their own index.
    func triageRemaining(_ filter: TriageFilter) async throws -> Int {
        var query = QueryBuilder()
        if filter.includeClosed {
            switch filter.scope {
            case .all: query.sql("SELECT (SELECT n FROM ticket_count)")
            case .unknown: query.sql("SELECT coalesce((SELECT n FROM classification_count WHERE issue = ''), 0)")
            case .issue(let issue):
                query.sql(
                    "SELECT coalesce((SELECT n FROM classification_count WHERE issue = \(query.value(issue))), 0)")
            }
            query.sql(
                """
                 - (SELECT count(*) FROM (\(Label.standingSQL)) AS l
                    LEFT JOIN classification c ON c.ticket_id = l.ticket_id WHERE TRUE
                """)
            Self.condition(filter, &query)
            query.sql(")")
        } else {
            query.sql(
                "SELECT count(*) FROM ticket t LEFT JOIN classification c ON c.ticket_id = t.id WHERE NOT t.labeled")
            Self.condition(filter, &query)
        }
        let rows = try await session.withConnection { link in try await link.rows(query.query) }
        return Int(try rows[0].decode(Int64.self))
    }

    func addLabel(_ label: Label, onlyIfUnanswered: Bool) async throws {
        try await session.withConnection { link in
            try await link.transaction { try await Self.add(label, onlyIfUnanswered: onlyIfUnanswered, link) }
        }
    }

    /// Records a label, unless another agent holds the ticket (or, when `onlyIfUnanswered`,
    /// labelled it). The ticket's row is locked first, so two agents labelling it at once take
    /// turns, and the second sees the first's label; then one statement checks for another's
    /// label, records this one and takes the ticket off the queue.
    private static func add(_ label: Label, onlyIfUnanswered: Bool, _ link: PostgresLink) async throws {
        let claim = try await link.rows(
            "SELECT claim_agent, claim_expires FROM ticket WHERE id = \(label.ticketRowID) FOR UPDATE"
        ).first
        guard let claim else { throw NoSuchTicket(rowID: label.ticketRowID) }
        let (agent, until) = try claim.decode((String?, Int64?).self)
        if let agent, let until, agent != label.agent, until > label.labeledAt {
            throw HeldByAnotherAgent(agent: agent, until: until)
        }
        let other = try await link.rows(
            """
            WITH other AS (
                SELECT agent FROM label WHERE \(onlyIfUnanswered) AND ticket_id = \(label.ticketRowID)
                    AND agent <> \(label.agent) AND action <> 'undo'
                    AND id > coalesce(
                        (SELECT max(id) FROM label WHERE ticket_id = \(label.ticketRowID) AND action = 'undo'), 0)
                ORDER BY id DESC LIMIT 1),
            added AS (
                INSERT INTO label (ticket_id, issue, action, agent, note, labeled_at)
                SELECT \(label.ticketRowID), \(label.verdict.issueID), \(label.action.rawValue), \(label.agent),
                    \(label.note), \(label.labeledAt)
                WHERE NOT EXISTS (SELECT 1 FROM other)
                RETURNING ticket_id),
            -- Labelled: off the queue (undone: back in it), and whoever held it holds it no longer.
            marked AS (
                UPDATE ticket SET labeled = \(label.action != .undo), claim_agent = NULL, claim_expires = NULL
                WHERE id IN (SELECT ticket_id FROM added))
            SELECT agent FROM other
            """
        ).first
        if let other { throw LabelledByAnotherAgent(agent: try other.decode(String.self)) }
    }

    func labels(ofTicket rowID: Int64) async throws -> [Label] {
        try await session.withConnection { link in
            try await link.rows("SELECT * FROM label WHERE ticket_id = \(rowID) ORDER BY id")
        }.map(Self.label(from:))
    }

    static func label(from row: PostgresRow) throws -> Label {
        let r = row.makeRandomAccess()
        return Label(
            ticketRowID: try r.value("ticket_id"), verdict: Verdict(labelledAs: try r.value("issue")),
            action: Label.Action(rawValue: try r.value("action")) ?? .relabel, agent: try r.value("agent"),
            note: try r.value("note"), labeledAt: try r.value("labeled_at"))
    }

    func labeledExamples() throws -> [TrainingExample] {
        try session.rows(
            """
            SELECT t.subject, t.description, label.issue FROM label JOIN ticket t ON t.id = label.ticket_id
            WHERE label.id = (SELECT max(id) FROM label AS newer WHERE newer.ticket_id = label.ticket_id)
                AND label.action <> 'undo'
            ORDER BY label.id
            """
        ).map {
            let (subject, description, issue) = try $0.decode((String, String, String?).self)
            return TrainingExample(
                text: TicketRecord.text(subject: subject, description: description),
                issue: Verdict(labelledAs: issue).labelText)
        }
    }

    /// One notification run per issue at a time (an advisory lock): a second run waits, then
    /// finds the first one's tickets marked. The rows are locked while they are written.
    func claimForNotification(
        issue: String, again: Bool, file: String, choose: (TicketFacts) -> NotificationChoice,
        each: (Ticket, NotificationChoice) throws -> Void, complete: () throws -> Void
    ) throws -> Int {
        let now = clock.now
        return try session.transaction {
            try session.run("SELECT pg_advisory_xact_lock(hashtext(\("notify:" + issue)))")
            var query = QueryBuilder()
            let wanted = query.value(issue)
            query.sql(
                """
                SELECT \(Self.ticketColumns), \(Self.factColumns) FROM ticket t \(Self.factJoins)
                WHERE (c.issue = \(wanted) OR l.issue = \(wanted))
                """)
            if !again {
                query.sql(
                    " AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.ticket_id = t.id AND n.issue = \(wanted))")
            }
            query.sql(" ORDER BY t.created_at, t.id FOR UPDATE OF t")
            var claimed: [Int64] = []
            for row in try session.rows(query.query) {
                let facts = try Self.facts(from: row.makeRandomAccess())
                let choice = choose(facts)
                guard choice != .skip else { continue }
                try each(facts.ticket, choice)
                if choice == .send { claimed.append(facts.ticket.rowID) }
            }
            try complete()
            if !claimed.isEmpty {
                try session.run(
                    """
                    INSERT INTO notification (ticket_id, issue, file, notified_at)
                    SELECT id, \(issue), \(file), \(now) FROM unnest(\(claimed)::bigint[]) AS u(id)
                    ON CONFLICT (ticket_id, issue) DO UPDATE SET file = excluded.file, notified_at = excluded.notified_at
                    """)
            }
            return claimed.count
        }
    }
}

/// A query put together piece by piece, its values bound as parameters (`$1`, `$2`…).
struct QueryBuilder {
    private var text = ""
    private var binds = PostgresBindings()

    /// Appends SQL written in the code (never a value from outside).
    mutating func sql(_ piece: String) { text += piece }

    /// Binds a value; the placeholder to write where it goes.
    mutating func value(_ value: some PostgresDynamicTypeEncodable) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// The query.
    var query: PostgresQuery { PostgresQuery(unsafeSQL: text, binds: binds) }
}
