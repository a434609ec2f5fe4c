import Hummingbird
import MarketCore
import SQLKit

/// A venue's news, newest first, read from its journal: every headline published by a host or by the
/// venue's schedule, with the place in the venue's history where it appeared.
struct NewsRoutes: Sendable {
    let scope: VenueScope
    let database: Database

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.get("news") { request, context -> NewsAnswer in
            let venue = try scope.venue(context)
            let page = try Page(request)
            let rows = try await database.withConnection { sql in
                // A literal kind, so that both databases use the partial index on headlines.
                try await sql.select().columns("sequence", "payload", "format", "created_at").from("events")
                    .where("venue_id", .equal, venue.id)
                    .where(SQLColumn("kind"), .equal, SQLLiteral.string(EventKind.newsJournalName))
                    .orderBy("sequence", .descending).limit(page.limit).offset(page.offset).all()
            }
            var reader = JournalRecord.Reader()
            let items = try rows.map { row -> NewsAnswer.Item in
                let kind = try reader.event(
                    try row.decode(column: "payload", as: String.self),
                    format: try row.decode(column: "format", as: Int.self))
                guard case .newsPublished(let news) = kind else {
                    throw RecordError.malformed("a news_published row holds another record")
                }
                return NewsAnswer.Item(
                    news, sequence: UInt64(try row.decode(column: "sequence", as: Int64.self)),
                    at: Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self)))
            }
            return NewsAnswer(venue: venue.id, news: items)
        }
    }
}

/// `{"venue","news":[{"id","headline","ticker","percent","timestamp"}]}`, newest first.
struct NewsAnswer: ResponseEncodable {
    let venue: String
    let news: [Item]

    /// One headline as the API and the `news` channel show it: its id is its place in the venue's journal.
    struct Item: Encodable, Sendable {
        let id: String
        let headline: String
        let ticker: String?
        /// The move of the ticker's fair value it brought, in percent with two decimals.
        let percent: ExactDecimal?
        let timestamp: String

        init(_ news: NewsItem, sequence: UInt64, at time: Timestamp) {
            id = String(sequence)
            headline = news.headline
            ticker = news.ticker?.rawValue
            percent = news.shockBasisPoints.map(ExactDecimal.init(basisPoints:))
            timestamp = time.iso8601
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(headline, forKey: .headline)
            try container.encode(ticker, forKey: .ticker)
            try container.encode(percent, forKey: .percent)
            try container.encode(timestamp, forKey: .timestamp)
        }

        enum CodingKeys: String, CodingKey { case id, headline, ticker, percent, timestamp }
    }
}
