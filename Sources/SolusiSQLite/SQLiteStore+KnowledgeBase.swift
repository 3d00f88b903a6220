import GRDB
import SolusiKit

/// The store's copy of the known issues and articles.
extension SQLiteStore {
    @discardableResult
    func sync(_ catalog: IssueCatalog) throws -> Bool {
        try pool.write { db in
            let stored = try Int64.fetchOne(db, sql: "SELECT content_hash FROM knowledge_base_sync WHERE id = 1")
            let hasFiles = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM knowledge_base_file)") ?? false
            // A database synced before it kept the files gets them the first time round.
            if stored == catalog.contentHash, hasFiles || catalog.files.isEmpty { return false }
            try db.execute(sql: "DELETE FROM knowledge_base_file")
            for file in catalog.files {
                try db.execute(
                    sql: "INSERT INTO knowledge_base_file (path, text) VALUES (?, ?)",
                    arguments: [file.path, file.text])
            }
            try db.execute(
                sql:
                    "DELETE FROM issue_article; DELETE FROM status_change; DELETE FROM known_issue; DELETE FROM article"
            )
            for article in catalog.articles {
                try db.execute(
                    sql: "INSERT INTO article (id, title, url, file) VALUES (?, ?, ?, ?)",
                    arguments: [article.id, article.title, article.url, article.file])
            }
            for issue in catalog.issues {
                try db.execute(
                    sql: "INSERT INTO known_issue (id, title, status, area, summary, file) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [issue.id, issue.title, issue.status.rawValue, issue.area, issue.summary, issue.file])
                for (position, articleID) in issue.articleIDs.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO issue_article (issue_id, article_id, position) VALUES (?, ?, ?)",
                        arguments: [issue.id, articleID, position])
                }
                for (position, change) in issue.history.enumerated() {
                    try db.execute(
                        sql:
                            "INSERT INTO status_change (issue_id, position, date, status, note) VALUES (?, ?, ?, ?, ?)",
                        arguments: [issue.id, position, change.date, change.status.rawValue, change.note])
                }
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO knowledge_base_sync (id, content_hash, synced_at) VALUES (1, ?, ?)",
                arguments: [catalog.contentHash, clock.now])
            return true
        }
    }

    func storedKnowledgeBase() throws -> StoredKnowledgeBase? {
        try pool.read { db in
            let files = try Row.fetchAll(db, sql: "SELECT path, text FROM knowledge_base_file ORDER BY rowid").map {
                KnowledgeBaseFile(path: $0["path"], text: $0["text"])
            }
            guard !files.isEmpty else { return nil }
            let at = try Int64.fetchOne(db, sql: "SELECT synced_at FROM knowledge_base_sync WHERE id = 1") ?? 0
            return StoredKnowledgeBase(files: files, syncedAt: at)
        }
    }
}
