import MarketCore

// The values records are made of, each with the names the journal stores, whatever the core calls them.

/// An account, written as `{"rawValue": 42}`.
struct AccountRecord: Codable, Sendable {
    let rawValue: Int64

    init(_ account: AccountID) { rawValue = account.rawValue }
    var core: AccountID { AccountID(rawValue) }
}

/// An order or trade number, written as `{"rawValue": 42}`.
struct NumberRecord: Codable, Sendable {
    let rawValue: UInt64

    init(_ order: OrderID) { rawValue = order.rawValue }
    init(_ trade: TradeID) { rawValue = trade.rawValue }
    var order: OrderID { OrderID(rawValue) }
    var trade: TradeID { TradeID(rawValue) }
}

/// A value with no label of its own, written as `{"_0": value}`.
struct UnlabelledRecord<Value: Codable & Sendable>: Codable, Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
    enum CodingKeys: String, CodingKey { case value = "_0" }
}

/// Nothing but its name, written as `{}`.
struct EmptyRecord: Codable, Sendable {}

extension KeyedDecodingContainer {
    /// A member that must be one of a closed set of words, such as a side or a cancellation reason.
    func word<Word: RawRepresentable>(_ type: Word.Type, forKey key: Key) throws -> Word where Word.RawValue == String {
        let text = try decode(String.self, forKey: key)
        guard let word = Word(rawValue: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "unknown value \(text)")
        }
        return word
    }
}

/// A listing: `{"symbol", "tickSize", "initialPrice", "isShortable"?}`.
struct ListingRecord: Codable, Sendable {
    let symbol: String
    let tickSize: Cents
    let initialPrice: Cents
    /// Written only as `false` (format 4 on), so that a shortable listing's record reads as it always did.
    let isShortable: Bool?

    init(_ listing: TickerListing) {
        symbol = listing.symbol.rawValue
        tickSize = listing.tickSize
        initialPrice = listing.initialPrice
        isShortable = listing.isShortable ? nil : false
    }
    var core: TickerListing {
        TickerListing(
            symbol: TickerSymbol(symbol), tickSize: tickSize, initialPrice: initialPrice,
            isShortable: isShortable ?? true)
    }
}

/// A fee schedule: `{"makerBasisPoints", "takerBasisPoints", "minimumPerFill"}`.
struct FeesRecord: Codable, Sendable {
    let makerBasisPoints: Int64
    let takerBasisPoints: Int64
    let minimumPerFill: Cents

    init(_ fees: FeeSchedule) {
        makerBasisPoints = fees.makerBasisPoints
        takerBasisPoints = fees.takerBasisPoints
        minimumPerFill = fees.minimumPerFill
    }
    var core: FeeSchedule {
        FeeSchedule(
            makerBasisPoints: makerBasisPoints, takerBasisPoints: takerBasisPoints, minimumPerFill: minimumPerFill)
    }
}

/// Risk limits: each limit absent when there is none; `exemptAccounts` absent in records written before
/// exemptions existed.
struct LimitsRecord: Codable, Sendable {
    let maxOrderQuantity: Shares?
    let maxOrderNotional: Cents?
    let maxPosition: Shares?
    let maxOpenOrders: Int?
    let exemptAccounts: [AccountRecord]?

    init(_ limits: RiskLimits) {
        maxOrderQuantity = limits.maxOrderQuantity
        maxOrderNotional = limits.maxOrderNotional
        maxPosition = limits.maxPosition
        maxOpenOrders = limits.maxOpenOrders
        exemptAccounts = limits.exemptAccounts.sorted().map(AccountRecord.init)
    }
    var core: RiskLimits {
        RiskLimits(
            maxOrderQuantity: maxOrderQuantity, maxOrderNotional: maxOrderNotional, maxPosition: maxPosition,
            maxOpenOrders: maxOpenOrders, exemptAccounts: Set((exemptAccounts ?? []).map(\.core)))
    }
}

/// A trading status: `{"open": {}}` or `{"halted": {"reason": "…"}}`.
struct StatusRecord: Codable, Sendable {
    struct Halt: Codable, Sendable { let reason: String }
    let open: EmptyRecord?
    let halted: Halt?

    init(_ status: TradingStatus) {
        switch status {
        case .open: (open, halted) = (EmptyRecord(), nil)
        case .halted(let reason): (open, halted) = (nil, Halt(reason: reason))
        }
    }
    func core() throws -> TradingStatus {
        if let halted { return .halted(reason: halted.reason) }
        guard open != nil else { throw RecordError.malformed("a trading status is neither open nor halted") }
        return .open
    }
}

/// A dividend or a delisting's settlement: `{"ticker", "amountPerShare", "credits": [{"account", "shares",
/// "amount"}]}`.
struct PaymentRecord: Codable, Sendable {
    struct Credit: Codable, Sendable {
        let account: AccountRecord
        let shares: Shares
        let amount: Cents
    }
    let ticker: String
    let amountPerShare: Cents
    let credits: [Credit]

    init(_ payment: DividendPayment) {
        ticker = payment.ticker.rawValue
        amountPerShare = payment.amountPerShare
        credits = payment.credits.map {
            Credit(account: AccountRecord($0.account), shares: $0.shares, amount: $0.amount)
        }
    }
    var core: DividendPayment {
        DividendPayment(
            ticker: TickerSymbol(ticker), amountPerShare: amountPerShare,
            credits: credits.map { .init(account: $0.account.core, shares: $0.shares, amount: $0.amount) })
    }
}

/// An administrator's action: `{"actorID", "actorName", "action", "target", "reason"?, "before", "after"}`.
struct AuditActionRecord: Codable, Sendable {
    let actorID: Int64
    let actorName: String
    let action: String
    let target: String
    let reason: String?
    let before: [String: String]
    let after: [String: String]

    init(_ record: AuditRecord) {
        actorID = record.actorID
        actorName = record.actorName
        action = record.action
        target = record.target
        reason = record.reason
        before = record.before
        after = record.after
    }
    var core: AuditRecord {
        AuditRecord(
            actorID: actorID, actorName: actorName, action: action, target: target, reason: reason, before: before,
            after: after)
    }
}

/// A stored record that cannot be read as any event.
enum RecordError: Error {
    case malformed(String)
}

/// A published headline: `{"headline", "ticker"?, "shockBasisPoints"?}`.
struct NewsRecord: Codable, Sendable {
    let headline: String
    let ticker: String?
    let shockBasisPoints: Int64?

    init(_ news: NewsItem) {
        headline = news.headline
        ticker = news.ticker?.rawValue
        shockBasisPoints = news.shockBasisPoints
    }

    var core: NewsItem {
        NewsItem(headline: headline, ticker: ticker.map { TickerSymbol($0) }, shockBasisPoints: shockBasisPoints)
    }
}
