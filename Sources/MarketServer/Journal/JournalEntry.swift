import Crypto
import MarketCore

/// An event as the `events` table stores it: a name, a JSON payload, and a hash that covers the entry
/// and the hash before it, so that editing, removing or reordering any stored event breaks the chain.
struct JournalEntry: Sendable {
    let venue: String
    let sequence: UInt64
    let kind: String
    let payload: String
    /// The record format of `payload`.
    let format: Int
    let createdAt: Int64
    let previousHash: String
    let hash: String

    /// The hash the first event of a venue chains to.
    static let genesisHash = String(repeating: "0", count: 64)

    init(_ event: EncodedEvent, venue: String, previousHash: String) {
        self.venue = venue
        sequence = event.event.sequence
        kind = event.event.kind.journalName
        payload = event.payload
        format = JournalRecord.current
        createdAt = event.event.timestamp.millisecondsSinceEpoch
        self.previousHash = previousHash
        hash = Self.hash(
            venue: venue, sequence: sequence, kind: kind, payload: payload, createdAt: createdAt,
            previousHash: previousHash)
    }

    static func hash(
        venue: String, sequence: UInt64, kind: String, payload: String, createdAt: Int64, previousHash: String
    ) -> String {
        // The bytes of "previous|venue|sequence|createdAt|kind|payload", put together without a String.
        var text: [UInt8] = []
        text.reserveCapacity(previousHash.utf8.count + venue.utf8.count + kind.utf8.count + payload.utf8.count + 48)
        for part in [previousHash, venue, String(sequence), String(createdAt), kind] {
            text.append(contentsOf: part.utf8)
            text.append(UInt8(ascii: "|"))
        }
        text.append(contentsOf: payload.utf8)
        return SHA256.hash(data: text).hexString
    }
}

/// An event with its JSON payload, encoded by whoever queued it so that the journal's single writer
/// does not spend its time encoding. The hash covers the stored text, so key order need not be stable.
struct EncodedEvent: Sendable {
    let event: Event
    let payload: String

    init(_ event: Event) throws {
        self.event = event
        payload = try JournalRecord.text(of: event.kind)
    }
}

extension EventKind {
    /// The name the journal files the event under.
    var journalName: String {
        switch self {
        case .accountOpened: "account_opened"
        case .cashAdjusted: "cash_adjusted"
        case .sharesAdjusted: "shares_adjusted"
        case .tickerListed: "ticker_listed"
        case .orderAccepted: "order_accepted"
        case .tradeExecuted: "trade_executed"
        case .orderRested: "order_rested"
        case .orderTriggered: "order_triggered"
        case .orderCancelled: "order_cancelled"
        case .orderReduced: "order_reduced"
        case .tradingStatusChanged: "trading_status_changed"
        case .feeScheduleChanged: "fee_schedule_changed"
        case .riskLimitsChanged: "risk_limits_changed"
        case .dividendPaid: "dividend_paid"
        case .tickerDelisted: "ticker_delisted"
        case .adminAction: "admin_action"
        case .newsPublished: Self.newsJournalName
        case .shortSellingChanged: "short_selling_changed"
        case .accountShortSellingChanged: "account_short_selling_changed"
        case .riskLimitTripped: "risk_limit_tripped"
        case .riskLimitReset: "risk_limit_reset"
        case .sharesBorrowed: "shares_borrowed"
        case .sharesReturned: "shares_returned"
        case .marginCalled: "margin_call"
        case .positionLiquidated: "liquidation"
        }
    }

    /// The name headlines are filed under, which the news route looks for.
    static let newsJournalName = "news_published"
}
