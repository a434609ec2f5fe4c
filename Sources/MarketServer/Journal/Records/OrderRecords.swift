import MarketCore

/// An accepted order: `{"id", "account", "ticker", "side", "kind", "quantity", "timeInForce", "clientOrderID"?,
/// "escrowPerShare", "reservedCash", "reservedShares", "conditions"?}`.
struct AcceptedOrderRecord: Codable, Sendable {
    let id: NumberRecord
    let account: AccountRecord
    let ticker: String
    let side: String
    let kind: KindRecord
    let quantity: Shares
    let timeInForce: String
    let clientOrderID: String?
    let escrowPerShare: Cents
    let reservedCash: Cents
    let reservedShares: Shares
    let conditions: ConditionsRecord?

    init(_ order: AcceptedOrder) {
        id = NumberRecord(order.id)
        account = AccountRecord(order.account)
        ticker = order.ticker.rawValue
        side = order.side.rawValue
        kind = KindRecord(order.kind)
        quantity = order.quantity
        timeInForce = order.timeInForce.rawValue
        clientOrderID = order.clientOrderID
        escrowPerShare = order.escrowPerShare
        reservedCash = order.reservedCash
        reservedShares = order.reservedShares
        conditions = order.conditions.map(ConditionsRecord.init)
    }

    func core() throws -> AcceptedOrder {
        guard let side = Side(rawValue: side), let timeInForce = TimeInForce(rawValue: timeInForce) else {
            throw RecordError.malformed("order \(id.rawValue) has an unknown side or time in force")
        }
        return AcceptedOrder(
            id: id.order, account: account.core, ticker: TickerSymbol(ticker), side: side, kind: try kind.core(),
            quantity: quantity, timeInForce: timeInForce, clientOrderID: clientOrderID, escrowPerShare: escrowPerShare,
            reservedCash: reservedCash, reservedShares: reservedShares, conditions: try conditions?.core())
    }
}

/// An order's kind: `{"limit": {"price"}}` or `{"market": {}}`.
struct KindRecord: Codable, Sendable {
    struct Limit: Codable, Sendable { let price: Cents }
    let limit: Limit?
    let market: EmptyRecord?

    init(_ kind: OrderKind) {
        switch kind {
        case .limit(let price): (limit, market) = (Limit(price: price), nil)
        case .market: (limit, market) = (nil, EmptyRecord())
        }
    }
    func core() throws -> OrderKind {
        if let limit { return .limit(price: limit.price) }
        guard market != nil else { throw RecordError.malformed("an order is neither a limit nor a market order") }
        return .market
    }
}

/// What an order carries beyond a plain one: `{"trigger"?, "protectionPrice"?, "displayQuantity"?, "isPostOnly",
/// "link"?, "bracket"?, "parent"?}`.
struct ConditionsRecord: Codable, Sendable {
    struct Link: Codable, Sendable {
        let sibling: NumberRecord
        let cashOnCancel: Cents
        let sharesOnCancel: Shares
    }
    struct Bracket: Codable, Sendable {
        let takeProfit: Cents?
        let stopLoss: Cents?
        let stopLossLimit: Cents?
    }
    let trigger: TriggerRecord?
    let protectionPrice: Cents?
    let displayQuantity: Shares?
    let isPostOnly: Bool?
    let link: Link?
    let bracket: Bracket?
    let parent: NumberRecord?

    init(_ conditions: OrderConditions) {
        trigger = conditions.trigger.map(TriggerRecord.init)
        protectionPrice = conditions.protectionPrice
        displayQuantity = conditions.displayQuantity
        isPostOnly = conditions.isPostOnly
        link = conditions.link.map {
            Link(sibling: NumberRecord($0.sibling), cashOnCancel: $0.cashOnCancel, sharesOnCancel: $0.sharesOnCancel)
        }
        bracket = conditions.bracket.map {
            Bracket(takeProfit: $0.takeProfit, stopLoss: $0.stopLoss, stopLossLimit: $0.stopLossLimit)
        }
        parent = conditions.parent.map(NumberRecord.init)
    }

    func core() throws -> OrderConditions {
        OrderConditions(
            trigger: try trigger?.core(), protectionPrice: protectionPrice, displayQuantity: displayQuantity,
            isPostOnly: isPostOnly ?? false,
            link: link.map {
                OrderLink(sibling: $0.sibling.order, cashOnCancel: $0.cashOnCancel, sharesOnCancel: $0.sharesOnCancel)
            },
            bracket: bracket.map {
                BracketOrders(takeProfit: $0.takeProfit, stopLoss: $0.stopLoss, stopLossLimit: $0.stopLossLimit)
            },
            parent: parent?.order)
    }
}

/// A trigger: `{"stop": {"_0": price}}`, `{"takeProfit": {"_0": price}}`, or `{"trailingStop": {"_0": offset}}`
/// with the offset `{"amount": {"_0": cents}}` or `{"basisPoints": {"_0": points}}`.
struct TriggerRecord: Codable, Sendable {
    struct Offset: Codable, Sendable {
        let amount: UnlabelledRecord<Cents>?
        let basisPoints: UnlabelledRecord<Int64>?
    }
    let stop: UnlabelledRecord<Cents>?
    let takeProfit: UnlabelledRecord<Cents>?
    let trailingStop: UnlabelledRecord<Offset>?

    init(_ trigger: OrderTrigger) {
        var (stop, takeProfit, trailingStop):
            (UnlabelledRecord<Cents>?, UnlabelledRecord<Cents>?, UnlabelledRecord<Offset>?)
        switch trigger {
        case .stop(let price): stop = UnlabelledRecord(price)
        case .takeProfit(let price): takeProfit = UnlabelledRecord(price)
        case .trailingStop(.amount(let amount)):
            trailingStop = UnlabelledRecord(Offset(amount: UnlabelledRecord(amount), basisPoints: nil))
        case .trailingStop(.basisPoints(let points)):
            trailingStop = UnlabelledRecord(Offset(amount: nil, basisPoints: UnlabelledRecord(points)))
        }
        (self.stop, self.takeProfit, self.trailingStop) = (stop, takeProfit, trailingStop)
    }

    func core() throws -> OrderTrigger {
        if let stop { return .stop(stop.value) }
        if let takeProfit { return .takeProfit(takeProfit.value) }
        if let amount = trailingStop?.value.amount { return .trailingStop(.amount(amount.value)) }
        if let points = trailingStop?.value.basisPoints { return .trailingStop(.basisPoints(points.value)) }
        throw RecordError.malformed("a trigger of no known kind")
    }
}

/// A trade: `{"id", "ticker", "price", "quantity", "buyOrder", "sellOrder", "buyer", "seller", "buyerFee",
/// "sellerFee", "aggressor", "buyerEscrowReleased", "completesBuyOrder", "completesSellOrder", "timestamp":
/// {"millisecondsSinceEpoch"}}`.
struct TradeRecord: Codable, Sendable {
    struct Time: Codable, Sendable { let millisecondsSinceEpoch: Int64 }
    let id: NumberRecord
    let ticker: String
    let price: Cents
    let quantity: Shares
    let buyOrder: NumberRecord
    let sellOrder: NumberRecord
    let buyer: AccountRecord
    let seller: AccountRecord
    let buyerFee: Cents
    let sellerFee: Cents
    let aggressor: String
    let buyerEscrowReleased: Cents
    let completesBuyOrder: Bool
    let completesSellOrder: Bool
    let timestamp: Time

    init(_ trade: Trade) {
        id = NumberRecord(trade.id)
        ticker = trade.ticker.rawValue
        price = trade.price
        quantity = trade.quantity
        buyOrder = NumberRecord(trade.buyOrder)
        sellOrder = NumberRecord(trade.sellOrder)
        buyer = AccountRecord(trade.buyer)
        seller = AccountRecord(trade.seller)
        buyerFee = trade.buyerFee
        sellerFee = trade.sellerFee
        aggressor = trade.aggressor.rawValue
        buyerEscrowReleased = trade.buyerEscrowReleased
        completesBuyOrder = trade.completesBuyOrder
        completesSellOrder = trade.completesSellOrder
        timestamp = Time(millisecondsSinceEpoch: trade.timestamp.millisecondsSinceEpoch)
    }

    func core() throws -> Trade {
        guard let aggressor = Side(rawValue: aggressor) else {
            throw RecordError.malformed("trade \(id.rawValue) has an unknown aggressor")
        }
        return Trade(
            id: id.trade, ticker: TickerSymbol(ticker), price: price, quantity: quantity, buyOrder: buyOrder.order,
            sellOrder: sellOrder.order, buyer: buyer.core, seller: seller.core, buyerFee: buyerFee,
            sellerFee: sellerFee,
            aggressor: aggressor, buyerEscrowReleased: buyerEscrowReleased, completesBuyOrder: completesBuyOrder,
            completesSellOrder: completesSellOrder,
            timestamp: Timestamp(millisecondsSinceEpoch: timestamp.millisecondsSinceEpoch))
    }
}
