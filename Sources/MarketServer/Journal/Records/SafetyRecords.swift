import MarketCore

// The records of an account's safety switches (format 7 on).

/// A safety limit that tripped: `{"account", "limit", "threshold", "equity", "reference"}`, `limit` being
/// `dailyLoss` or `drawdown`.
struct RiskLimitTripRecord: Codable, Sendable {
    let account: AccountRecord
    let limit: String
    let threshold: Cents
    let equity: Cents
    let reference: Cents

    init(_ trip: RiskLimitTrip) {
        account = AccountRecord(trip.account)
        limit = trip.limit.rawValue
        threshold = trip.threshold
        equity = trip.equity
        reference = trip.reference
    }

    var core: RiskLimitTrip {
        get throws {
            guard let kind = RiskLimitKind(rawValue: limit) else {
                throw RecordError.malformed("unknown safety limit \(limit)")
            }
            return RiskLimitTrip(
                account: account.core, limit: kind, threshold: threshold, equity: equity, reference: reference)
        }
    }
}

/// A tripped limit reset: `{"_0": account}`.
struct RiskLimitResetRecord: Codable, Sendable {
    let account: AccountRecord

    enum CodingKeys: String, CodingKey {
        case account = "_0"
    }
}
