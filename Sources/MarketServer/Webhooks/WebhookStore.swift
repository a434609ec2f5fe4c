import MarketCore
import NIOCore
import SQLKit

/// Reads and writes the webhook tables.
struct WebhookStore: Sendable {
    let database: Database

    // MARK: Endpoints

    /// Every endpoint, with the journal sequence its events were delivered through.
    func endpoints() async throws -> [(WebhookEndpoint, UInt64)] {
        try await database.withConnection { sql in
            try await sql.raw(
                """
                SELECT id, user_id, venue_id, url, topics, description, active, secret_salt, created_at, cursor
                FROM webhook_endpoints ORDER BY id
                """
            ).all().map { (try Self.endpoint(from: $0), UInt64(try $0.decode(column: "cursor", as: Int64.self))) }
        }
    }

    /// Stores a new endpoint, starting at `cursor`, or the settings of one stored (its cursor unchanged).
    func save(_ endpoint: WebhookEndpoint, cursor: UInt64) async throws {
        try await database.withConnection { sql in
            try await sql.raw(
                """
                INSERT INTO webhook_endpoints (id, user_id, venue_id, url, topics, description, active, secret_salt,
                                               created_at, cursor)
                VALUES (\(bind: endpoint.id), \(bind: endpoint.owner.rawValue), \(bind: endpoint.venue),
                        \(bind: endpoint.url), \(bind: WebhookTopic.text(endpoint.topics)),
                        \(bind: endpoint.description), \(bind: endpoint.isActive), \(bind: endpoint.secretSalt),
                        \(bind: endpoint.createdAt.millisecondsSinceEpoch), \(bind: Int64(cursor)))
                ON CONFLICT (id) DO UPDATE SET url = excluded.url, topics = excluded.topics,
                    description = excluded.description, active = excluded.active, secret_salt = excluded.secret_salt
                """
            ).run()
        }
    }

    /// Deletes the endpoint with its queue and its attempts.
    func delete(_ id: Int64) async throws {
        try await database.transaction { sql in
            try await sql.raw(
                """
                DELETE FROM webhook_attempts WHERE delivery_id IN
                    (SELECT id FROM webhook_deliveries WHERE endpoint_id = \(bind: id))
                """
            ).run()
            try await sql.raw("DELETE FROM webhook_deliveries WHERE endpoint_id = \(bind: id)").run()
            try await sql.raw("DELETE FROM webhook_endpoints WHERE id = \(bind: id)").run()
        }
    }

    // MARK: Queue

    /// Stores new deliveries, records attempts with the state they left their deliveries in, and moves
    /// endpoints' cursors, in one transaction of a few multi-row statements, so that the database's one writer
    /// (which the journal shares) is held only briefly.
    func flush(
        _ created: [WebhookDelivery], cursors: [Int64: UInt64], outcomes: [(WebhookDelivery, WebhookDelivery.Attempt)]
    ) async throws {
        guard !created.isEmpty || !cursors.isEmpty || !outcomes.isEmpty else { return }
        var latest: [Int64: WebhookDelivery] = [:]
        for (delivery, _) in outcomes { latest[delivery.id] = delivery }
        let new = Set(created.map(\.id))
        // A delivery made and tried since the last flush is written once, as it is now.
        let inserted = created.map { latest[$0.id] ?? $0 }
        let updated = latest.values.filter { !new.contains($0.id) }.sorted { $0.id < $1.id }
        try await database.transaction { sql in
            for rows in inserted.chunked(500) {
                try await sql.raw(
                    """
                    INSERT INTO webhook_deliveries (id, endpoint_id, first_sequence, last_sequence, body, event_count,
                        status, attempts, created_at, next_attempt_at, finished_at)
                    VALUES \(rows.map(Self.values(of:)).joined(separator: ", "))
                    ON CONFLICT (id) DO NOTHING
                    """
                ).run()
            }
            for rows in outcomes.chunked(500) {
                let values = rows.map { delivery, attempt in
                    SQLQueryString(
                        """
                        (\(bind: delivery.id), \(bind: attempt.number), \(bind: attempt.at.millisecondsSinceEpoch),
                         \(bind: attempt.statusCode), \(bind: attempt.error), \(bind: attempt.duration.wholeMilliseconds))
                        """)
                }
                try await sql.raw(
                    """
                    INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, duration_ms)
                    VALUES \(values.joined(separator: ", ")) ON CONFLICT (delivery_id, attempt) DO NOTHING
                    """
                ).run()
            }
            for delivery in updated {
                try await sql.raw(
                    """
                    UPDATE webhook_deliveries SET status = \(bind: delivery.status.rawValue),
                        attempts = \(bind: delivery.attempts),
                        next_attempt_at = \(bind: delivery.nextAttemptAt.millisecondsSinceEpoch),
                        finished_at = \(bind: delivery.finishedAt?.millisecondsSinceEpoch)
                    WHERE id = \(bind: delivery.id)
                    """
                ).run()
            }
            for rows in cursors.sorted(by: { $0.key < $1.key }).chunked(500) {
                let cases = rows.map { SQLQueryString("WHEN \(bind: $0.key) THEN \(bind: Int64($0.value))") }
                try await sql.raw(
                    """
                    UPDATE webhook_endpoints SET cursor = CASE id \(cases.joined(separator: " ")) ELSE cursor END
                    WHERE id IN (\(binds: rows.map(\.key)))
                    """
                ).run()
            }
        }
    }

    private static func values(of delivery: WebhookDelivery) -> SQLQueryString {
        let body = delivery.covers == nil ? String(buffer: delivery.body) : nil
        return SQLQueryString(
            """
            (\(bind: delivery.id), \(bind: delivery.endpoint), \(bind: delivery.covers.map { Int64($0.lowerBound) }),
             \(bind: delivery.covers.map { Int64($0.upperBound) }), \(bind: body), \(bind: delivery.eventCount),
             \(bind: delivery.status.rawValue), \(bind: delivery.attempts), \(bind: delivery.createdAt.millisecondsSinceEpoch),
             \(bind: delivery.nextAttemptAt.millisecondsSinceEpoch), \(bind: delivery.finishedAt?.millisecondsSinceEpoch))
            """)
    }

    /// Deletes the deliveries finished before `cutoff`, with their attempts.
    func prune(finishedBefore cutoff: Timestamp) async throws {
        try await database.transaction { sql in
            let before = cutoff.millisecondsSinceEpoch
            try await sql.raw(
                """
                DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries
                    WHERE status <> 'pending' AND finished_at < \(bind: before))
                """
            ).run()
            try await sql.raw(
                "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND finished_at < \(bind: before)"
            ).run()
        }
    }

    /// Every pending delivery, in queue order.
    func pending() async throws -> [WebhookDelivery] {
        try await database.withConnection { sql in
            try await sql.raw(
                "SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE status = 'pending' ORDER BY id"
            )
            .all().map(Self.delivery(from:))
        }
    }

    /// The highest delivery id queued so far; 0 when none is.
    func lastDeliveryID() async throws -> Int64 {
        try await database.withConnection { sql in
            try await sql.raw("SELECT MAX(id) AS last FROM webhook_deliveries").first()?
                .decode(column: "last", as: Int64?.self) ?? 0
        }
    }

    /// An endpoint's deliveries, newest first, with their attempts; `status` narrows them.
    func deliveries(of endpoint: Int64, status: WebhookDelivery.Status?, limit: Int) async throws
        -> [(WebhookDelivery, [WebhookDelivery.Attempt])]
    {
        try await database.withConnection { sql in
            let filter = status.map { SQLQueryString("AND status = \(bind: $0.rawValue)") } ?? ""
            let deliveries = try await sql.raw(
                """
                SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE endpoint_id = \(bind: endpoint) \(filter)
                ORDER BY id DESC LIMIT \(bind: limit)
                """
            ).all().map(Self.delivery(from:))
            var result: [(WebhookDelivery, [WebhookDelivery.Attempt])] = []
            for delivery in deliveries {
                let attempts = try await sql.raw(
                    """
                    SELECT attempt, attempted_at, status_code, error, duration_ms FROM webhook_attempts
                    WHERE delivery_id = \(bind: delivery.id) ORDER BY attempt
                    """
                ).all().map(Self.attempt(from:))
                result.append((delivery, attempts))
            }
            return result
        }
    }

    // MARK: Rows

    static let deliveryColumns = SQLQueryString(
        """
        id, endpoint_id, first_sequence, last_sequence, body, event_count, status, attempts, created_at,
        next_attempt_at, finished_at
        """)

    static func endpoint(from row: any SQLRow) throws -> WebhookEndpoint {
        WebhookEndpoint(
            id: try row.decode(column: "id", as: Int64.self),
            owner: UserID(try row.decode(column: "user_id", as: Int64.self)),
            venue: try row.decode(column: "venue_id", as: String.self),
            url: try row.decode(column: "url", as: String.self),
            topics: WebhookTopic.topics(try row.decode(column: "topics", as: String.self)),
            description: try row.decode(column: "description", as: String.self),
            isActive: try row.decode(column: "active", as: Bool.self),
            secretSalt: try row.decode(column: "secret_salt", as: String.self),
            createdAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self)))
    }

    /// A stored delivery; one made from the journal comes without its body, which is rebuilt from there.
    static func delivery(from row: any SQLRow) throws -> WebhookDelivery {
        let first = try row.decode(column: "first_sequence", as: Int64?.self)
        let last = try row.decode(column: "last_sequence", as: Int64?.self)
        var covers: ClosedRange<UInt64>?
        if let first, let last, first >= 0, last >= first { covers = UInt64(first)...UInt64(last) }
        return WebhookDelivery(
            id: try row.decode(column: "id", as: Int64.self),
            endpoint: try row.decode(column: "endpoint_id", as: Int64.self), covers: covers,
            body: ByteBuffer(string: try row.decode(column: "body", as: String?.self) ?? ""),
            eventCount: try row.decode(column: "event_count", as: Int.self),
            status: WebhookDelivery.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            attempts: try row.decode(column: "attempts", as: Int.self),
            createdAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self)),
            nextAttemptAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "next_attempt_at", as: Int64.self)),
            finishedAt: try row.decode(column: "finished_at", as: Int64?.self).map(
                Timestamp.init(millisecondsSinceEpoch:)))
    }

    static func attempt(from row: any SQLRow) throws -> WebhookDelivery.Attempt {
        WebhookDelivery.Attempt(
            number: try row.decode(column: "attempt", as: Int.self),
            at: Timestamp(millisecondsSinceEpoch: try row.decode(column: "attempted_at", as: Int64.self)),
            statusCode: try row.decode(column: "status_code", as: Int?.self),
            error: try row.decode(column: "error", as: String?.self),
            duration: .milliseconds(try row.decode(column: "duration_ms", as: Int64.self)))
    }
}

extension Array {
    /// The elements in runs of at most `size`.
    fileprivate func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
