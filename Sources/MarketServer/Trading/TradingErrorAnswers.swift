import MarketCore
import MarketWire

extension OrderRejection: ErrorAnswerConvertible {
    public var errorAnswer: ErrorAnswer {
        switch self {
        case .unknownTicker(let ticker):
            ErrorAnswer(status: .badRequest, error: "unknown_ticker", detail: "Unknown ticker \(ticker)")
        case .unknownAccount:
            ErrorAnswer(status: .forbidden, error: "no_account", detail: "You have no account in this venue")
        case .nonPositiveQuantity:
            ErrorAnswer(
                status: .badRequest, error: "invalid_quantity", detail: "quantity must be a positive whole number")
        case .nonPositivePrice:
            ErrorAnswer(status: .badRequest, error: "invalid_price", detail: "price must be positive")
        case .priceOffTickGrid(let price, let tickSize):
            ErrorAnswer(
                status: .badRequest, error: "price_off_tick",
                detail:
                    "price \(MoneyText.text(cents: price)) is not a multiple of the tick size \(MoneyText.text(cents: tickSize))"
            )
        case .amountTooLarge:
            ErrorAnswer(status: .badRequest, error: "amount_too_large", detail: "price × quantity is too large")
        case .quantityAboveLimit(let limit):
            ErrorAnswer(
                status: .badRequest, error: "quantity_limit", detail: "quantity above the venue's limit of \(limit)")
        case .notionalAboveLimit(let limit):
            ErrorAnswer(
                status: .badRequest, error: "notional_limit",
                detail: "order value above the venue's limit of \(MoneyText.text(cents: limit))")
        case .positionLimit(let limit):
            ErrorAnswer(
                status: .badRequest, error: "position_limit",
                detail: "the order would take the position above \(limit) shares")
        case .openOrderLimit(let limit):
            ErrorAnswer(
                status: .badRequest, error: "open_order_limit",
                detail: "already \(limit) open orders, the venue's limit")
        case .insufficientCash(let needed, let available):
            ErrorAnswer(
                status: .badRequest, error: "insufficient_cash",
                detail:
                    "Insufficient cash: the order needs \(MoneyText.text(cents: needed)), \(MoneyText.text(cents: available)) is available"
            )
        case .insufficientShares(let needed, let available):
            ErrorAnswer(
                status: .badRequest, error: "insufficient_shares",
                detail: "Insufficient shares: the order needs \(needed), \(available) are available")
        case .notShortable(let ticker):
            ErrorAnswer(
                status: .badRequest, error: "not_shortable",
                detail: "\(ticker) cannot be sold short: sell at most the shares you hold")
        case .tradingHalted(let reason):
            ErrorAnswer(status: .badRequest, error: "trading_halted", detail: "Trading is halted: \(reason)")
        case .clientOrderIDInUse(let key):
            ErrorAnswer(
                status: .conflict, error: "client_order_id_in_use",
                detail: "client_order_id \(key) is in use by an order being placed right now")
        case .postOnlyWouldTrade:
            ErrorAnswer(
                status: .badRequest, error: "post_only_would_trade",
                detail: "The post-only order would trade on arrival; it was not placed")
        case .triggerAlreadyReached(let lastPrice):
            ErrorAnswer(
                status: .badRequest, error: "trigger_already_reached",
                detail: "The last price \(MoneyText.text(cents: lastPrice)) already meets the trigger")
        case .legWouldTrade:
            ErrorAnswer(
                status: .badRequest, error: "oco_leg_would_trade",
                detail: "A leg of the one-cancels-other pair would trade on arrival; neither was placed")
        case .invalidCombination(let reason):
            ErrorAnswer(status: .badRequest, error: "invalid_order", detail: reason)
        case .riskLimitTripped(let limit):
            ErrorAnswer(
                status: .badRequest, error: "risk_limit_tripped",
                detail:
                    "Your \(limit == .dailyLoss ? "daily loss" : "drawdown") limit tripped: no orders until it is reset"
            )
        }
    }
}

extension OrderChangeRejection: ErrorAnswerConvertible {
    public var errorAnswer: ErrorAnswer {
        switch self {
        case .unknownTicker(let ticker):
            ErrorAnswer(status: .notFound, error: "unknown_ticker", detail: "Unknown ticker \(ticker)")
        case .notResting(let order):
            ErrorAnswer(
                status: .badRequest, error: "order_not_open", detail: "Order \(order) is already filled or cancelled")
        case .notOwner(let order):
            ErrorAnswer(status: .forbidden, error: "forbidden", detail: "Order \(order) belongs to another user")
        case .invalidAmendment:
            ErrorAnswer(
                status: .badRequest, error: "invalid_amendment",
                detail: "An amendment needs a new price or a new positive quantity")
        case .replacementRejected(let rejection):
            rejection.errorAnswer
        case .notAmendable(let order):
            ErrorAnswer(
                status: .badRequest, error: "order_not_amendable",
                detail:
                    "Order \(order) is conditional, a leg of a one-cancels-other pair or a bracket entry: cancel it and place it again"
            )
        }
    }
}

extension VenueUnavailable: ErrorAnswerConvertible {
    public var errorAnswer: ErrorAnswer {
        ErrorAnswer(
            status: .serviceUnavailable, error: "venue_unavailable",
            detail: "Venue \(venue) is not taking changes until the server restarts")
    }
}
