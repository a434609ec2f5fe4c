/// The parts of MarketSim's REST answers that the Alpaca facade reads, decoded from the JSON the routes wrote.
enum REST {
    struct Order: Decodable, Sendable {
        struct Bracket: Decodable, Sendable {
            let takeProfit: ExactDecimal?
            let stopLoss: ExactDecimal?
            let stopLossLimit: ExactDecimal?

            /// Both exits, one cancelling the other: Alpaca's bracket; one alone is its one-triggers-other.
            var orderClass: String { takeProfit != nil && stopLoss != nil ? "bracket" : "oto" }

            enum CodingKeys: String, CodingKey {
                case takeProfit = "take_profit", stopLoss = "stop_loss", stopLossLimit = "stop_loss_limit"
            }
        }

        let orderID: String
        let ticker: String
        let side: String
        let type: String
        let price: ExactDecimal?
        let quantity: Int64
        let filledQuantity: Int64
        let status: String
        let timeInForce: String
        let clientOrderID: String?
        let cancellationReason: String?
        let createdAt: String?
        let updatedAt: String?
        let filledValue: ExactDecimal?
        let stopPrice: ExactDecimal?
        let trailAmount: ExactDecimal?
        let trailPercent: ExactDecimal?
        let linkedOrderID: String?
        let parentOrderID: String?
        let bracket: Bracket?

        enum CodingKeys: String, CodingKey {
            case ticker, side, type, price, quantity, status, bracket
            case orderID = "order_id", filledQuantity = "filled_quantity", timeInForce = "time_in_force"
            case clientOrderID = "client_order_id", cancellationReason = "cancellation_reason"
            case createdAt = "created_at", updatedAt = "updated_at", filledValue = "filled_value"
            case stopPrice = "stop_price", trailAmount = "trail_amount", trailPercent = "trail_percent"
            case linkedOrderID = "linked_order_id", parentOrderID = "parent_order_id"
        }
    }

    /// The answer to placing an order: only its id is read; the order is then read back whole.
    struct Placed: Decodable, Sendable {
        let orderID: String

        enum CodingKeys: String, CodingKey { case orderID = "order_id" }
    }

    struct PlacedPair: Decodable, Sendable {
        let orders: [Placed]
    }

    struct Portfolio: Decodable, Sendable {
        struct Holding: Decodable, Sendable {
            let ticker: String
            let quantity: Int64
            let currentPrice: ExactDecimal
            let value: ExactDecimal
            let averagePrice: ExactDecimal?
            let costBasis: ExactDecimal?
            let unrealizedPnL: ExactDecimal?

            enum CodingKeys: String, CodingKey {
                case ticker, quantity, value, currentPrice = "current_price", averagePrice = "average_price"
                case costBasis = "cost_basis", unrealizedPnL = "unrealized_pnl"
            }
        }

        struct ShortSelling: Decodable, Sendable {
            let allowed: Bool
        }

        let userID: String
        let username: String
        let cash: ExactDecimal
        let buyingPower: ExactDecimal
        let escrowedCash: ExactDecimal
        let holdings: [Holding]
        let totalValue: ExactDecimal
        let marginUsed: ExactDecimal?
        let shortSelling: ShortSelling?

        enum CodingKeys: String, CodingKey {
            case cash, holdings, username, userID = "user_id", buyingPower = "buying_power"
            case escrowedCash = "escrowed_cash", totalValue = "total_value", marginUsed = "margin_used"
            case shortSelling = "short_selling"
        }
    }

    struct Tickers: Decodable, Sendable {
        struct Summary: Decodable, Sendable {
            let currentPrice: ExactDecimal
            let halted: Bool?

            enum CodingKeys: String, CodingKey { case currentPrice = "current_price", halted }
        }

        let tickers: [String: Summary]
    }

    struct Book: Decodable, Sendable {
        struct Level: Decodable, Sendable {
            let price: ExactDecimal
            let quantity: Int64
        }

        let bids: [Level]
        let asks: [Level]
    }

    struct Candles: Decodable, Sendable {
        struct Candle: Decodable, Sendable {
            let timestamp: String
            let open: ExactDecimal
            let high: ExactDecimal
            let low: ExactDecimal
            let close: ExactDecimal
            let volume: Int64
        }

        let candles: [Candle]
    }

    struct Tape: Decodable, Sendable {
        struct Trade: Decodable, Sendable {
            let tradeID: String
            let price: ExactDecimal
            let quantity: Int64
            let timestamp: String

            enum CodingKeys: String, CodingKey { case tradeID = "trade_id", price, quantity, timestamp }
        }

        let trades: [Trade]
    }
}
