import MarketCore

/// One stored event: an object with a single member named after the event (`orderAccepted`, `tradeExecuted`,
/// …) whose value holds the event's parts. docs/JOURNAL.md lists every record.
///
/// Writing goes through these types (or the hand-written text of the order path, which tests hold to them);
/// reading always does, so a core type can change its Swift names without changing a stored record.
enum EventRecord {
    /// The record of `kind` in the current format; `orderRested` records name the account.
    static func encode(_ kind: EventKind, to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Name.self)
        switch kind {
        case .accountOpened(let account, let cash):
            try container.encode(AccountChange(account, cash: cash), forKey: .accountOpened)
        case .cashAdjusted(let account, let amount, let reason):
            try container.encode(AccountChange(account, amount: amount.value, reason: reason), forKey: .cashAdjusted)
        case .sharesAdjusted(let account, let ticker, let amount, let reason):
            try container.encode(
                AccountChange(account, ticker: ticker, amount: amount.value, reason: reason), forKey: .sharesAdjusted)
        case .tickerListed(let listing):
            try container.encode(UnlabelledRecord(ListingRecord(listing)), forKey: .tickerListed)
        case .orderAccepted(let order):
            try container.encode(UnlabelledRecord(AcceptedOrderRecord(order)), forKey: .orderAccepted)
        case .tradeExecuted(let trade):
            try container.encode(UnlabelledRecord(TradeRecord(trade)), forKey: .tradeExecuted)
        case .orderRested(let order, let ticker, let account):
            try container.encode(
                RestedRecord(order: NumberRecord(order), ticker: ticker.rawValue, account: AccountRecord(account)),
                forKey: .orderRested)
        case .orderTriggered(let triggering):
            try container.encode(UnlabelledRecord(TriggeringRecord(triggering)), forKey: .orderTriggered)
        case .orderCancelled(let cancellation):
            try container.encode(UnlabelledRecord(CancellationRecord(cancellation)), forKey: .orderCancelled)
        case .orderReduced(let reduction):
            try container.encode(UnlabelledRecord(ReductionRecord(reduction)), forKey: .orderReduced)
        case .tradingStatusChanged(let ticker, let status):
            try container.encode(
                StatusChange(ticker: ticker?.rawValue, status: StatusRecord(status)), forKey: .tradingStatusChanged)
        case .feeScheduleChanged(let fees):
            try container.encode(UnlabelledRecord(FeesRecord(fees)), forKey: .feeScheduleChanged)
        case .riskLimitsChanged(let limits):
            try container.encode(UnlabelledRecord(LimitsRecord(limits)), forKey: .riskLimitsChanged)
        case .dividendPaid(let payment):
            try container.encode(UnlabelledRecord(PaymentRecord(payment)), forKey: .dividendPaid)
        case .tickerDelisted(let payment):
            try container.encode(UnlabelledRecord(PaymentRecord(payment)), forKey: .tickerDelisted)
        case .adminAction(let record):
            try container.encode(UnlabelledRecord(AuditActionRecord(record)), forKey: .adminAction)
        case .newsPublished(let news):
            try container.encode(UnlabelledRecord(NewsRecord(news)), forKey: .newsPublished)
        case .shortSellingChanged(let rules):
            try container.encode(UnlabelledRecord(ShortSellingRecord(rules)), forKey: .shortSellingChanged)
        case .accountShortSellingChanged(let account, let enabled):
            try container.encode(
                AccountShortSellingRecord(account: AccountRecord(account), enabled: enabled),
                forKey: .accountShortSellingChanged)
        case .sharesBorrowed(let loan):
            try container.encode(UnlabelledRecord(LoanRecord(loan)), forKey: .sharesBorrowed)
        case .sharesReturned(let loan):
            try container.encode(UnlabelledRecord(LoanRecord(loan)), forKey: .sharesReturned)
        case .marginCalled(let call):
            try container.encode(UnlabelledRecord(MarginCallRecord(call)), forKey: .marginCalled)
        case .positionLiquidated(let liquidation):
            try container.encode(UnlabelledRecord(LiquidationRecord(liquidation)), forKey: .positionLiquidated)
        case .riskLimitTripped(let trip):
            try container.encode(UnlabelledRecord(RiskLimitTripRecord(trip)), forKey: .riskLimitTripped)
        case .riskLimitReset(let account):
            try container.encode(RiskLimitResetRecord(account: AccountRecord(account)), forKey: .riskLimitReset)
        }
    }

    /// The event a record holds, as far as the record says: a format-1 `orderRested` record names no account.
    static func decode(from decoder: any Decoder) throws -> Stored {
        let container = try decoder.container(keyedBy: Name.self)
        guard container.allKeys.count == 1, let name = container.allKeys.first else {
            throw RecordError.malformed("a record names one event")
        }
        func part<Part: Decodable>(_ type: Part.Type) throws -> Part { try container.decode(type, forKey: name) }
        func single<Part: Codable & Sendable>(_ type: Part.Type) throws -> Part {
            try part(UnlabelledRecord<Part>.self).value
        }
        switch name {
        case .accountOpened:
            let change = try part(AccountChange.self)
            return .event(.accountOpened(change.account.core, cash: try change.require(change.cash)))
        case .cashAdjusted:
            let change = try part(AccountChange.self)
            return .event(
                .cashAdjusted(
                    change.account.core, amount: Cents(try change.require(change.amount)),
                    reason: try change.require(change.reason)))
        case .sharesAdjusted:
            let change = try part(AccountChange.self)
            return .event(
                .sharesAdjusted(
                    change.account.core, TickerSymbol(try change.require(change.ticker)),
                    amount: Shares(try change.require(change.amount)),
                    reason: try change.require(change.reason)))
        case .tickerListed: return .event(.tickerListed(try single(ListingRecord.self).core))
        case .orderAccepted: return .event(.orderAccepted(try single(AcceptedOrderRecord.self).core()))
        case .tradeExecuted: return .event(.tradeExecuted(try single(TradeRecord.self).core()))
        case .orderRested:
            let rested = try part(RestedRecord.self)
            guard let account = rested.account else {
                return .restedWithoutAccount(rested.order.order, TickerSymbol(rested.ticker))
            }
            return .event(.orderRested(rested.order.order, TickerSymbol(rested.ticker), account: account.core))
        case .orderTriggered: return .event(.orderTriggered(try single(TriggeringRecord.self).core))
        case .orderCancelled: return .event(.orderCancelled(try single(CancellationRecord.self).core()))
        case .orderReduced: return .event(.orderReduced(try single(ReductionRecord.self).core()))
        case .tradingStatusChanged:
            let change = try part(StatusChange.self)
            return .event(.tradingStatusChanged(change.ticker.map { TickerSymbol($0) }, try change.status.core()))
        case .feeScheduleChanged: return .event(.feeScheduleChanged(try single(FeesRecord.self).core))
        case .riskLimitsChanged: return .event(.riskLimitsChanged(try single(LimitsRecord.self).core))
        case .dividendPaid: return .event(.dividendPaid(try single(PaymentRecord.self).core))
        case .tickerDelisted: return .event(.tickerDelisted(try single(PaymentRecord.self).core))
        case .adminAction: return .event(.adminAction(try single(AuditActionRecord.self).core))
        case .newsPublished: return .event(.newsPublished(try single(NewsRecord.self).core))
        case .shortSellingChanged: return .event(.shortSellingChanged(try single(ShortSellingRecord.self).core))
        case .accountShortSellingChanged:
            let choice = try part(AccountShortSellingRecord.self)
            return .event(.accountShortSellingChanged(choice.account.core, enabled: choice.enabled))
        case .sharesBorrowed: return .event(.sharesBorrowed(try single(LoanRecord.self).core))
        case .sharesReturned: return .event(.sharesReturned(try single(LoanRecord.self).core))
        case .marginCalled: return .event(.marginCalled(try single(MarginCallRecord.self).core))
        case .positionLiquidated: return .event(.positionLiquidated(try single(LiquidationRecord.self).core))
        case .riskLimitTripped: return .event(.riskLimitTripped(try single(RiskLimitTripRecord.self).core))
        case .riskLimitReset: return .event(.riskLimitReset(try part(RiskLimitResetRecord.self).account.core))
        }
    }

    /// What a stored record holds.
    enum Stored {
        case event(EventKind)
        /// A format-1 `orderRested` record: the order and its ticker, but not its account.
        case restedWithoutAccount(OrderID, TickerSymbol)
    }

    /// The events' names as records store them.
    enum Name: String, CodingKey {
        case accountOpened, cashAdjusted, sharesAdjusted, tickerListed, orderAccepted, tradeExecuted, orderRested
        case orderTriggered, orderCancelled, orderReduced, tradingStatusChanged, feeScheduleChanged
        case riskLimitsChanged, dividendPaid, tickerDelisted, adminAction, newsPublished
        case shortSellingChanged, sharesBorrowed, sharesReturned, marginCalled, positionLiquidated
        case accountShortSellingChanged, riskLimitTripped, riskLimitReset
    }

    /// An account opened or adjusted: `{"_0": account, "cash"}`, `{"_0": account, "amount", "reason"}`, or
    /// `{"_0": account, "_1": ticker, "amount", "reason"}`.
    struct AccountChange: Codable {
        let account: AccountRecord
        let ticker: String?
        let cash: Cents?
        let amount: Int64?
        let reason: String?

        enum CodingKeys: String, CodingKey {
            case account = "_0"
            case ticker = "_1"
            case cash, amount, reason
        }

        init(
            _ account: AccountID, ticker: TickerSymbol? = nil, cash: Cents? = nil, amount: Int64? = nil,
            reason: String? = nil
        ) {
            self.account = AccountRecord(account)
            self.ticker = ticker?.rawValue
            self.cash = cash
            self.amount = amount
            self.reason = reason
        }

        func require<Value>(_ value: Value?) throws -> Value {
            guard let value else { throw RecordError.malformed("an account change lacks a member") }
            return value
        }
    }

    /// A halt or resumption: `{"_0"?: ticker, "_1": status}`, without a ticker for the whole venue.
    struct StatusChange: Codable {
        let ticker: String?
        let status: StatusRecord

        enum CodingKeys: String, CodingKey {
            case ticker = "_0"
            case status = "_1"
        }
    }
}
