import MCP

/// The tools an MCP client is offered, each one REST operation.
enum MarketTools {
    /// Every tool, in the order `tools/list` gives them.
    static let all: [MarketTool] = market + trading + account

    static func named(_ name: String) -> MarketTool? { all.first { $0.name == name } }

    /// The venue named by the `venue` argument, or `fallback` (the connection's) when there is none.
    static func venue(_ arguments: ToolArguments, else fallback: VenuePrefix) -> VenuePrefix {
        guard let name = arguments.text("venue"), !name.isEmpty else { return fallback }
        return name == "main" ? .main : .venue(name)
    }

    /// A tool that reads one route of a venue and takes no argument but the venue.
    static func venueRead(_ name: String, _ description: String, route: String) -> MarketTool {
        MarketTool(
            name: name, description: description, inputSchema: ToolSchema.object(["venue": ToolSchema.venue]),
            isReadOnly: true
        ) { arguments, prefix in
            APICall(method: .get, path: venue(arguments, else: prefix).route(route))
        }
    }

    /// Market data: what trades, at what prices.
    static let market: [MarketTool] = [
        venueRead(
            "get_tickers",
            """
            Every ticker of the venue with its last trade price and best bid and ask, in dollars (null where \
            nobody has traded yet or that side of the book is empty). Start here to see what you can trade. \
            Example answer: {"tickers":{"FUN":{"current_price":100.25,"best_bid":100.2,"best_ask":100.3}}}.
            """, route: "/market/tickers"),
        MarketTool(
            name: "get_quote",
            description: """
                One ticker's last trade price, best bid and ask (dollars) and how many shares rest on each side \
                of the book (bid_depth, ask_depth).
                """,
            inputSchema: ToolSchema.object(
                ["ticker": ToolSchema.ticker, "venue": ToolSchema.venue], required: ["ticker"]),
            isReadOnly: true
        ) { arguments, prefix throws(ToolArgumentError) in
            let ticker = try arguments.segment("ticker")
            return APICall(method: .get, path: venue(arguments, else: prefix).route("/market/\(ticker)"))
        },
        MarketTool(
            name: "get_orderbook",
            description: """
                A ticker's order book by price level, best first: bids (buyers, highest first) and asks \
                (sellers, lowest first), each {"price": dollars, "quantity": shares}. A buy at or above the best \
                ask trades at once; one below it waits in the book.
                """,
            inputSchema: ToolSchema.object(
                [
                    "ticker": ToolSchema.ticker, "venue": ToolSchema.venue,
                    "depth": ToolSchema.whole("How many price levels a side (default all)."),
                ], required: ["ticker"]),
            isReadOnly: true
        ) { arguments, prefix throws(ToolArgumentError) in
            let ticker = try arguments.segment("ticker")
            return APICall(
                method: .get, path: venue(arguments, else: prefix).route("/market/\(ticker)/orderbook"),
                query: arguments.query(["depth"]))
        },
        MarketTool(
            name: "get_candles",
            description: """
                A ticker's price history as candles {timestamp, open, high, low, close, volume}, oldest first. \
                interval is 1m, 5m (default), 15m, 1h or 1d; start and end are ISO 8601 times or Unix seconds \
                (default: the last 24 hours).
                """,
            inputSchema: ToolSchema.object(
                [
                    "ticker": ToolSchema.ticker, "venue": ToolSchema.venue,
                    "interval": ToolSchema.text("Candle length.", oneOf: ["1m", "5m", "15m", "1h", "1d"]),
                    "start": ToolSchema.text("From this time, e.g. \"2026-12-05T09:00:00Z\"."),
                    "end": ToolSchema.text("Up to this time."),
                ], required: ["ticker"]),
            isReadOnly: true
        ) { arguments, prefix throws(ToolArgumentError) in
            let ticker = try arguments.segment("ticker")
            return APICall(
                method: .get, path: venue(arguments, else: prefix).route("/market/\(ticker)/history"),
                query: arguments.query(["interval", "start", "end"]))
        },
    ]
}
