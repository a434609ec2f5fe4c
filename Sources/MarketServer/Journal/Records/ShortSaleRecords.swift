import MarketCore

// The records of short selling (format 4 on).

/// The venue's short-selling rule: `{"initialMarginBasisPoints", "maintenanceMarginBasisPoints", "isOptIn"?}`
/// (`isOptIn` from format 5, written only when true), or `{}` when short selling is turned off.
struct ShortSellingRecord: Codable, Sendable {
    let initialMarginBasisPoints: Int64?
    let maintenanceMarginBasisPoints: Int64?
    let isOptIn: Bool?

    init(_ rules: ShortSelling?) {
        initialMarginBasisPoints = rules?.initialMarginBasisPoints
        maintenanceMarginBasisPoints = rules?.maintenanceMarginBasisPoints
        isOptIn = rules?.isOptIn == true ? true : nil
    }

    var core: ShortSelling? {
        get throws {
            switch (initialMarginBasisPoints, maintenanceMarginBasisPoints) {
            case (nil, nil): return nil
            case (let initial?, let maintenance?):
                return ShortSelling(
                    initialMarginBasisPoints: initial, maintenanceMarginBasisPoints: maintenance,
                    isOptIn: isOptIn ?? false)
            default: throw RecordError.malformed("a short-selling rule names both margins or neither")
            }
        }
    }
}

/// An account's own choice (format 5 on): `{"_0": account, "enabled"}`.
struct AccountShortSellingRecord: Codable, Sendable {
    let account: AccountRecord
    let enabled: Bool

    enum CodingKeys: String, CodingKey {
        case account = "_0", enabled
    }
}

/// Shares lent or returned: `{"account", "ticker", "shares", "collateral"}`.
struct LoanRecord: Codable, Sendable {
    let account: AccountRecord
    let ticker: String
    let shares: Shares
    let collateral: Cents

    init(_ loan: ShareLoan) {
        account = AccountRecord(loan.account)
        ticker = loan.ticker.rawValue
        shares = loan.shares
        collateral = loan.collateral
    }

    var core: ShareLoan {
        ShareLoan(account: account.core, ticker: TickerSymbol(ticker), shares: shares, collateral: collateral)
    }
}

/// A margin call: `{"account", "ticker", "price", "shortShares", "required", "collateralAdded"}`.
struct MarginCallRecord: Codable, Sendable {
    let account: AccountRecord
    let ticker: String
    let price: Cents
    let shortShares: Shares
    let required: Cents
    let collateralAdded: Cents

    init(_ call: MarginCall) {
        account = AccountRecord(call.account)
        ticker = call.ticker.rawValue
        price = call.price
        shortShares = call.shortShares
        required = call.required
        collateralAdded = call.collateralAdded
    }

    var core: MarginCall {
        MarginCall(
            account: account.core, ticker: TickerSymbol(ticker), price: price, shortShares: shortShares,
            required: required, collateralAdded: collateralAdded)
    }
}

/// A liquidation: `{"account", "ticker", "price", "shortShares", "collateralReleased"}`.
struct LiquidationRecord: Codable, Sendable {
    let account: AccountRecord
    let ticker: String
    let price: Cents
    let shortShares: Shares
    let collateralReleased: Cents

    init(_ liquidation: Liquidation) {
        account = AccountRecord(liquidation.account)
        ticker = liquidation.ticker.rawValue
        price = liquidation.price
        shortShares = liquidation.shortShares
        collateralReleased = liquidation.collateralReleased
    }

    var core: Liquidation {
        Liquidation(
            account: account.core, ticker: TickerSymbol(ticker), price: price, shortShares: shortShares,
            collateralReleased: collateralReleased)
    }
}
