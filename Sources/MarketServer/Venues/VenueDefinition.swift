import Foundation
import MarketCore
import MarketWire

/// A new venue as an admin describes it (`POST /api/admin/venues`, or the `venue` of a tournament file):
///
/// ```json
/// {"id": "class-a", "name": "Class A", "starting_cash": 10000, "visibility": "invite", "invite_code": "owl-42",
///  "tickers": [{"symbol": "FUN", "initial_price": 100, "tick_size": 0.05}],
///  "fees": {"maker_bps": 0, "taker_bps": 10, "minimum": 0.01},
///  "risk_limits": {"max_order_quantity": 1000, "max_order_value": 50000, "max_position": 5000, "max_open_orders": 50},
///  "market_makers": {"enabled": true, "spread_bps": 40, "levels": 3},
///  "background_traders": {"noise": {"count": 4, "per_minute": 5}, "seed": 7},
///  "events": [{"kind": "shock", "ticker": "FUN", "percent": -10, "at_seconds": 600}]}
/// ```
///
/// Decoding validates everything and throws ``RequestError/invalidField(_:reason:)`` naming the field.
struct VenueDefinition: Decodable, Sendable {
    var id: String
    var tickers: [TickerListing]
    var fees: FeeSchedule
    var limits: RiskLimits
    /// `nil`: accounts may not sell short.
    var shortSelling: ShortSelling?
    var settings: VenueSettings

    enum CodingKeys: String, CodingKey {
        case id, name, tickers, fees, events, visibility
        case startingCash = "starting_cash", riskLimits = "risk_limits", marketMakers = "market_makers"
        case inviteCode = "invite_code", backgroundTraders = "background_traders", shortSelling = "short_selling"
    }

    init(from decoder: any Decoder) throws {
        try self.init(from: decoder, tournament: nil)
    }

    /// The venue of tournament `tournament` when given: its id is the tournament's, and the JSON has none.
    init(from decoder: any Decoder, tournament: String?) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let tournament {
            guard !container.contains(.id) else {
                throw RequestError.invalidField("venue", reason: "takes the tournament's id and must not name its own")
            }
            id = tournament
        } else {
            id = try container.field(String.self, .id)
        }
        guard Self.isValidID(id) else {
            throw RequestError.invalidField(
                "id", reason: "must be 1 to 40 lower-case letters, digits or dashes, starting with a letter or digit")
        }
        let name = try container.field(String.self, .name).trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.unicodeScalars.count) else {
            throw RequestError.invalidField("name", reason: "must be 1 to 100 characters")
        }
        let startingCash = try container.decodeCents(forKey: .startingCash)
        guard (0...1_000_000_000_00).contains(startingCash) else {
            throw RequestError.invalidField("starting_cash", reason: "must be between 0 and 1,000,000,000")
        }
        tickers = try container.field([TickerText].self, .tickers).map { try $0.listing() }
        guard (1...50).contains(tickers.count) else {
            throw RequestError.invalidField("tickers", reason: "must list 1 to 50 tickers")
        }
        guard Set(tickers.map(\.symbol)).count == tickers.count else {
            throw RequestError.invalidField("tickers", reason: "lists a symbol twice")
        }
        fees = try container.optionalField(FeesText.self, .fees)?.schedule ?? FeeSchedule()
        limits = try container.optionalField(LimitsText.self, .riskLimits)?.value ?? RiskLimits()
        shortSelling = try container.optionalField(ShortSellingText.self, .shortSelling)?.rules
        let marketMakers = try container.optionalField(MarketMakersText.self, .marketMakers)
        try marketMakers?.settings?.checkRequestBounds()
        let backgroundTraders = try container.optionalField(BackgroundTradersText.self, .backgroundTraders)
        let events: [MarketEventSchedule]
        do {
            events = try (container.decodeIfPresent([MarketEventSchedule.Text].self, forKey: .events) ?? []).map {
                try $0.schedule()
            }
        } catch let error as SettingsError {
            throw RequestError.invalidField("events", reason: error.description)
        } catch is DecodingError {
            throw RequestError.invalidField(
                "events",
                reason: "must be a list of {kind, ticker, headline, amount | percent, every_seconds | at_seconds}")
        }
        let symbols = Set(tickers.map(\.symbol))
        if let unknown = events.compactMap(\.ticker).first(where: { !symbols.contains($0) }) {
            throw RequestError.invalidField("events", reason: "ticker \(unknown) is not listed")
        }
        let visibilityText = try container.optionalField(String.self, .visibility) ?? "public"
        guard let visibility = VenueSettings.Visibility(rawValue: visibilityText) else {
            throw RequestError.invalidField("visibility", reason: "must be public or invite")
        }
        let inviteCode = try container.optionalField(String.self, .inviteCode)
        switch (visibility, inviteCode) {
        case (.invite, let code?)
        where (4...64).contains(code.count) && code.allSatisfy({ $0.isASCII && !$0.isWhitespace }): break
        case (.invite, _):
            throw RequestError.invalidField(
                "invite_code", reason: "an invite-only venue needs a code of 4 to 64 characters without spaces")
        case (.public, nil): break
        case (.public, _?):
            throw RequestError.invalidField("invite_code", reason: "only an invite-only venue has a code")
        }
        settings = VenueSettings(
            name: name, startingCash: startingCash, visibility: visibility, inviteCode: inviteCode,
            marketMakers: marketMakers?.settings, backgroundTraders: backgroundTraders?.settings, events: events,
            isTournament: tournament != nil)
    }

    /// Lower-case letters, digits and dashes, 1 to 40 characters, starting with a letter or digit.
    static func isValidID(_ id: String) -> Bool {
        guard let first = id.first, first.isASCII, first.isLetter || first.isNumber, id.count <= 40 else {
            return false
        }
        return id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }

    struct TickerText: Decodable {
        let symbol: String
        let initialPrice: Cents
        let tickSize: Cents
        let isShortable: Bool

        enum CodingKeys: String, CodingKey {
            case symbol, initialPrice = "initial_price", tickSize = "tick_size", shortable
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            symbol = try container.field(String.self, .symbol).uppercased()
            initialPrice = try container.decodeCents(forKey: .initialPrice)
            tickSize = container.contains(.tickSize) ? try container.decodeCents(forKey: .tickSize) : 1
            isShortable = try container.optionalField(Bool.self, .shortable) ?? true
        }

        func listing() throws -> TickerListing {
            guard InitialTicker.isValidSymbol(symbol) else {
                throw RequestError.invalidField(
                    "tickers", reason: "symbol \(symbol) must be 1 to 10 letters or digits, starting with a letter")
            }
            guard (1...1_000_00).contains(tickSize) else {
                throw RequestError.invalidField(
                    "tickers", reason: "tick_size of \(symbol) must be between 0.01 and 1000")
            }
            guard initialPrice > 0, initialPrice <= 1_000_000_00, initialPrice.isMultiple(of: tickSize) else {
                throw RequestError.invalidField(
                    "tickers",
                    reason: "initial_price of \(symbol) must be positive, at most 1,000,000, and on its tick grid")
            }
            return TickerListing(
                symbol: TickerSymbol(symbol), tickSize: tickSize, initialPrice: initialPrice, isShortable: isShortable)
        }
    }

    struct FeesText: Decodable {
        let schedule: FeeSchedule

        enum CodingKeys: String, CodingKey { case makerBps = "maker_bps", takerBps = "taker_bps", minimum }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            schedule = FeeSchedule(
                makerBasisPoints: try container.optionalField(Int64.self, .makerBps) ?? 0,
                takerBasisPoints: try container.optionalField(Int64.self, .takerBps) ?? 0,
                minimumPerFill: container.contains(.minimum) ? try container.decodeCents(forKey: .minimum) : 0)
            guard schedule.isValid else {
                throw RequestError.invalidField(
                    "fees", reason: "rates must be 0 to 10,000 basis points and the minimum not negative")
            }
        }
    }

    struct LimitsText: Decodable {
        let value: RiskLimits

        enum CodingKeys: String, CodingKey {
            case maxOrderQuantity = "max_order_quantity", maxOrderValue = "max_order_value"
            case maxPosition = "max_position", maxOpenOrders = "max_open_orders"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            value = RiskLimits(
                maxOrderQuantity: try container.optionalField(Int64.self, .maxOrderQuantity).map { Shares($0) },
                maxOrderNotional: container.contains(.maxOrderValue)
                    ? try container.decodeCents(forKey: .maxOrderValue) : nil,
                maxPosition: try container.optionalField(Int64.self, .maxPosition).map { Shares($0) },
                maxOpenOrders: try container.optionalField(Int.self, .maxOpenOrders))
            let given = [
                value.maxOrderQuantity?.value, value.maxOrderNotional?.value, value.maxPosition?.value,
                value.maxOpenOrders.map(Int64.init),
            ]
            guard given.allSatisfy({ ($0 ?? 1) > 0 }) else {
                throw RequestError.invalidField("risk_limits", reason: "every limit must be positive")
            }
            if let notional = value.maxOrderNotional, notional > AmountCeiling.orderValue {
                throw RequestError.invalidField("max_order_value", reason: "must be at most 10,000,000,000.00")
            }
        }
    }

    /// `false`, or `{"enabled": false}`, for none; `true` for the defaults; otherwise the keys of
    /// ``MarketMakerSettings/Text``.
    struct MarketMakersText: Decodable {
        let settings: MarketMakerSettings?

        enum CodingKeys: String, CodingKey { case enabled }

        init(from decoder: any Decoder) throws {
            if let enabled = try? decoder.singleValueContainer().decode(Bool.self) {
                settings = enabled ? MarketMakerSettings() : nil
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let enabled = try container.optionalField(Bool.self, .enabled) ?? true
            do {
                // Every key is read, so that a wrong one is refused even when the maker is switched off.
                let text = try MarketMakerSettings.Text(from: decoder)
                settings = enabled ? try text.settings() : nil
            } catch let error as SettingsError {
                throw RequestError.invalidField("market_makers", reason: error.description)
            } catch is DecodingError {
                throw RequestError.invalidField("market_makers", reason: "has a value of the wrong type")
            }
        }
    }
}

extension VenueDefinition {
    /// `false`, or `{"enabled": false}`, for none; `true` for the defaults; otherwise the keys of
    /// ``BackgroundTraderSettings/Text``.
    struct BackgroundTradersText: Decodable {
        let settings: BackgroundTraderSettings?

        enum CodingKeys: String, CodingKey { case enabled }

        init(from decoder: any Decoder) throws {
            if let enabled = try? decoder.singleValueContainer().decode(Bool.self) {
                settings = enabled ? BackgroundTraderSettings() : nil
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let enabled = try container.optionalField(Bool.self, .enabled) ?? true
            do {
                let text = try BackgroundTraderSettings.Text(from: decoder)
                settings = enabled ? try text.settings() : nil
            } catch let error as SettingsError {
                throw RequestError.invalidField("background_traders", reason: error.description)
            } catch is DecodingError {
                throw RequestError.invalidField("background_traders", reason: "has a value of the wrong type")
            }
        }
    }
}

extension KeyedDecodingContainer {
    /// An optional field (absent or null), with a 400 naming it when it has the wrong type.
    func optionalField<Value: Decodable>(_ type: Value.Type, _ key: Key) throws -> Value? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try field(type, key)
    }

    /// A required field, with a 400 naming it when it is missing or of the wrong type.
    func field<Value: Decodable>(_ type: Value.Type, _ key: Key) throws -> Value {
        guard contains(key) else { throw RequestError.invalidField(key.stringValue, reason: "is required") }
        do {
            return try decode(type, forKey: key)
        } catch let error as RequestError {
            throw error
        } catch {
            throw RequestError.invalidField(key.stringValue, reason: DecodingError.rule(for: type))
        }
    }
}
