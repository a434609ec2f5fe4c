import MarketCore

/// One message a committed event makes for one account's private channel, built once its sequence number is
/// known: the WebSocket feed and the webhooks tell an account the same things in the same words.
struct PrivateUpdate {
    /// What the message is about, as the webhook topics group them.
    enum Kind {
        case fill, order, dividend, margin, riskLimit
    }

    let account: AccountID
    let kind: Kind
    /// The message's `type`.
    let type: String
    let message: (UInt64) -> any Encodable

    /// The private messages of `event`, in the order they are sent.
    static func of(_ event: Event) -> [PrivateUpdate] {
        switch event.kind {
        case .tradeExecuted(let trade):
            return [trade.buyer, trade.seller].uniqued().map { account in
                PrivateUpdate(account: account, kind: .fill, type: "fill") {
                    FeedMessage.Fill(trade, for: account, sequence: $0)
                }
            }
        case .orderAccepted(let order):
            return [
                PrivateUpdate(account: order.account, kind: .order, type: "order") {
                    FeedMessage.OrderUpdate(
                        event: "accepted", order: order.id, ticker: order.ticker, sequence: $0, at: event.timestamp,
                        side: order.side, price: order.kind.limitPrice, quantity: order.quantity)
                }
            ]
        case .orderTriggered(let triggering):
            return [
                PrivateUpdate(account: triggering.account, kind: .order, type: "order") {
                    FeedMessage.OrderUpdate(
                        event: "triggered", order: triggering.order, ticker: triggering.ticker, sequence: $0,
                        at: event.timestamp, price: triggering.price)
                }
            ]
        case .orderRested(let id, let ticker, let owner):
            return [
                PrivateUpdate(account: owner, kind: .order, type: "order") {
                    FeedMessage.OrderUpdate(
                        event: "rested", order: id, ticker: ticker, sequence: $0, at: event.timestamp)
                }
            ]
        case .orderCancelled(let cancelled):
            return [
                PrivateUpdate(account: cancelled.account, kind: .order, type: "order") {
                    FeedMessage.OrderUpdate(
                        event: "cancelled", order: cancelled.order, ticker: cancelled.ticker, sequence: $0,
                        at: event.timestamp, side: cancelled.side, quantity: cancelled.quantity,
                        reason: cancelled.reason.rawValue)
                }
            ]
        case .orderReduced(let reduced):
            return [
                PrivateUpdate(account: reduced.account, kind: .order, type: "order") {
                    FeedMessage.OrderUpdate(
                        event: "reduced", order: reduced.order, ticker: reduced.ticker, sequence: $0,
                        at: event.timestamp, side: reduced.side, remaining: reduced.newRemaining)
                }
            ]
        case .dividendPaid(let payment):
            return payment.credits.map { credit in
                PrivateUpdate(account: credit.account, kind: .dividend, type: "dividend") {
                    FeedMessage.Dividend(
                        sequence: $0, ticker: payment.ticker.rawValue,
                        amountPerShare: ExactDecimal(cents: payment.amountPerShare), shares: credit.shares,
                        amount: ExactDecimal(cents: credit.amount), timestamp: event.timestamp.iso8601)
                }
            }
        default:
            return safetyUpdates(of: event)
        }
    }

    private static func safetyUpdates(of event: Event) -> [PrivateUpdate] {
        switch event.kind {
        case .marginCalled(let call):
            return [
                PrivateUpdate(account: call.account, kind: .margin, type: "margin_call") {
                    FeedMessage.Margin(
                        type: "margin_call", sequence: $0, ticker: call.ticker.rawValue,
                        price: ExactDecimal(cents: call.price), shortQuantity: call.shortShares,
                        required: ExactDecimal(cents: call.required),
                        collateral: ExactDecimal(cents: call.collateralAdded), timestamp: event.timestamp.iso8601)
                }
            ]
        case .positionLiquidated(let liquidation):
            return [
                PrivateUpdate(account: liquidation.account, kind: .margin, type: "liquidation") {
                    FeedMessage.Margin(
                        type: "liquidation", sequence: $0, ticker: liquidation.ticker.rawValue,
                        price: ExactDecimal(cents: liquidation.price), shortQuantity: liquidation.shortShares,
                        required: nil, collateral: ExactDecimal(cents: liquidation.collateralReleased),
                        timestamp: event.timestamp.iso8601)
                }
            ]
        case .riskLimitTripped(let trip):
            return [
                PrivateUpdate(account: trip.account, kind: .riskLimit, type: "risk_limit_tripped") {
                    FeedMessage.RiskLimit(
                        sequence: $0, limit: LossLimitAnswer.name(trip.limit),
                        threshold: ExactDecimal(cents: trip.threshold), equity: ExactDecimal(cents: trip.equity),
                        reference: ExactDecimal(cents: trip.reference), timestamp: event.timestamp.iso8601)
                }
            ]
        default:
            return []
        }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    fileprivate func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
