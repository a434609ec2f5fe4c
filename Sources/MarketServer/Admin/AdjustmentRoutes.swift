import Foundation
import Hummingbird
import MarketCore
import MarketWire

/// `POST /api/admin/venues/{venue}/adjustments`: credit or debit an account's cash or shares, with a
/// reason, through the ledger like any other change (the amounts count as issued, so conservation holds).
/// The account is named by `user_id` or by `username`.
struct AdjustmentRoutes: Sendable {
    let directory: VenueDirectory
    let users: UserStore

    struct Body: Decodable, Sendable {
        let userID: UserID?
        let username: String?
        let cash: Cents?
        let ticker: TickerSymbol?
        let shares: Shares?
        let reason: String

        enum CodingKeys: String, CodingKey { case userID = "user_id", username, cash, ticker, shares, reason }

        static let largestCash: Cents = 1_000_000_000_000_00
        static let largestShares: Shares = 1_000_000_000

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            userID = try container.decodeIfPresent(UserID.self, forKey: .userID)
            username = try container.decodeIfPresent(String.self, forKey: .username)
            guard (userID != nil) != (username != nil) else {
                throw RequestError.invalidField("user_id", reason: "give either user_id or username")
            }
            reason = try container.decode(String.self, forKey: .reason).trimmingCharacters(in: .whitespaces)
            guard (1...500).contains(reason.unicodeScalars.count) else {
                throw RequestError.invalidField("reason", reason: "must be 1 to 500 characters")
            }
            cash = container.contains(.cash) ? try container.decodeCents(forKey: .cash) : nil
            ticker = try container.decodeIfPresent(String.self, forKey: .ticker).map { TickerSymbol($0.uppercased()) }
            shares = try container.decodeIfPresent(Int64.self, forKey: .shares).map { Shares($0) }
            guard (cash != nil) != (shares != nil) else {
                throw RequestError.invalidField("cash", reason: "give either cash or shares (with a ticker), not both")
            }
            if shares != nil, ticker == nil {
                throw RequestError.invalidField("ticker", reason: "shares need a ticker")
            }
            if cash != nil, ticker != nil {
                throw RequestError.invalidField("ticker", reason: "a cash adjustment takes no ticker")
            }
            // Bounds well inside what valuations can add up, so no adjustment makes a figure meaningless.
            if let cash, !(-Self.largestCash...Self.largestCash).contains(cash) {
                throw RequestError.invalidField("cash", reason: "must be at most 1,000,000,000,000 either way")
            }
            if let shares, !(-Self.largestShares...Self.largestShares).contains(shares) {
                throw RequestError.invalidField("shares", reason: "must be at most 1,000,000,000 either way")
            }
        }
    }

    struct Answer: ResponseEncodable {
        let userID: String
        let cash: ExactDecimal
        let shares: Shares?

        enum CodingKeys: String, CodingKey { case userID = "user_id", cash, shares }
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.post("admin/venues/:venue/adjustments") { request, context -> Answer in
            let (venue, user) = try directory.administration(context)
            let body = try await request.decode(as: Body.self, context: context)
            // The body names exactly one user.
            guard let userID = try await users.id(of: body.userID, orNamed: body.username) else {
                throw RequestError.invalidField("user_id", reason: "give either user_id or username")
            }
            let account = AccountID(userID.rawValue)
            let command: VenueCommand =
                if let ticker = body.ticker, let shares = body.shares {
                    .adjustShares(user: userID, ticker: ticker, amount: shares, reason: body.reason)
                } else {
                    .adjustCash(user: userID, amount: body.cash ?? 0, reason: body.reason)
                }
            try await venue.run(command, by: user, reason: body.reason)
            let adjusted = venue.committed.account(account)
            return Answer(
                userID: userID.description, cash: ExactDecimal(cents: adjusted?.cash ?? 0),
                shares: body.ticker.map { adjusted?.position(in: $0).shares ?? 0 })
        }
    }
}

extension VenueError: ErrorAnswerConvertible {
    public var errorAnswer: ErrorAnswer {
        switch self {
        case .unknownTicker(let ticker):
            ErrorAnswer(status: .badRequest, error: "unknown_ticker", detail: "Unknown ticker \(ticker)")
        case .tickerAlreadyListed(let ticker):
            ErrorAnswer(status: .conflict, error: "ticker_exists", detail: "Ticker \(ticker) is already listed")
        case .invalidListing(let reason):
            ErrorAnswer(status: .badRequest, error: "invalid_listing", detail: reason)
        case .unknownAccount(let account):
            ErrorAnswer(
                status: .notFound, error: "unknown_account", detail: "User \(account) has no account in this venue")
        case .accountAlreadyOpen(let account):
            ErrorAnswer(
                status: .conflict, error: "account_exists", detail: "User \(account) already has an account here")
        case .invalidShortSelling:
            ErrorAnswer(
                status: .badRequest, error: "invalid_short_selling",
                detail: "Margins must be 0 to 10,000 basis points, the maintenance margin at most the initial")
        case .shortPositionsOpen(let count):
            ErrorAnswer(
                status: .conflict, error: "short_positions_open",
                detail: "\(count) account(s) are short of this ticker; they must buy back before it can be delisted")
        case .invalidFeeSchedule:
            ErrorAnswer(
                status: .badRequest, error: "invalid_fees", detail: "Fee rates must be 0 to 10,000 basis points")
        case .invalidAmount:
            ErrorAnswer(
                status: .badRequest, error: "invalid_amount", detail: "The amount must be non-zero and representable")
        case .amountTooLarge:
            ErrorAnswer(
                status: .badRequest, error: "amount_too_large",
                detail:
                    "The amount would take the venue past what it can issue (\(AmountCeiling.supply) cents or shares)")
        case .insufficientCash(let needed, let available):
            ErrorAnswer(
                status: .badRequest, error: "insufficient_cash",
                detail: "Cannot debit \(MoneyText.text(cents: needed)): \(MoneyText.text(cents: available)) is free")
        case .insufficientShares(let needed, let available):
            ErrorAnswer(
                status: .badRequest, error: "insufficient_shares",
                detail: "Cannot debit \(needed) shares: \(available) are free")
        }
    }
}
