import MarketCore

/// The width of a price candle, and how trades become candles.
enum CandleInterval: String, CaseIterable, Sendable {
    /// For a market watched as it lives: a fresh venue draws several within its first minute.
    case tenSeconds = "10s"
    case oneMinute = "1m"
    case fiveMinutes = "5m"
    case fifteenMinutes = "15m"
    case oneHour = "1h"
    case oneDay = "1d"

    var milliseconds: Int64 {
        switch self {
        case .tenSeconds: 10_000
        case .oneMinute: 60_000
        case .fiveMinutes: 300_000
        case .fifteenMinutes: 900_000
        case .oneHour: 3_600_000
        case .oneDay: 86_400_000
        }
    }

    struct Fill: Sendable {
        let price: Cents
        let quantity: Shares
        let time: Int64
    }

    struct Candle: Sendable, Equatable {
        let start: Int64
        var open: Cents
        var high: Cents
        var low: Cents
        var close: Cents
        var volume: Shares
    }

    /// Candles of trades given in execution order; intervals without trades have no candle.
    func candles(of fills: [Fill]) -> [Candle] {
        var candles: [Candle] = []
        for fill in fills {
            let start = fill.time - ((fill.time % milliseconds) + milliseconds) % milliseconds
            if let last = candles.last, last.start == start {
                candles[candles.count - 1].high = max(last.high, fill.price)
                candles[candles.count - 1].low = min(last.low, fill.price)
                candles[candles.count - 1].close = fill.price
                candles[candles.count - 1].volume += fill.quantity
            } else {
                candles.append(
                    Candle(
                        start: start, open: fill.price, high: fill.price, low: fill.price, close: fill.price,
                        volume: fill.quantity))
            }
        }
        return candles
    }
}
