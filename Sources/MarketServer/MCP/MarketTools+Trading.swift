import MCP

extension MarketTools {
    /// The fields of `POST /api/orders`, for place_order and preview_order.
    static let orderFields: [String: Value] = [
        "venue": ToolSchema.venue,
        "ticker": ToolSchema.ticker,
        "side": ToolSchema.text("buy or sell.", oneOf: ["buy", "sell"]),
        "quantity": ToolSchema.whole("Whole shares, 1 to 1,000,000,000."),
        "type": ToolSchema.text(
            """
            limit (default) rests at price until it trades; market takes what the book offers now; stop and \
            stop_limit trigger when a trade prints at or beyond stop_price (above it for a buy, below for a \
            sell), take_profit and take_profit_limit the other way round; trailing_stop follows the best price \
            by trail_amount or trail_percent.
            """,
            oneOf: ["limit", "market", "stop", "stop_limit", "take_profit", "take_profit_limit", "trailing_stop"]),
        "price": ToolSchema.dollars(
            "Limit price in dollars, e.g. 100.25: for limit, stop_limit and take_profit_limit only."),
        "time_in_force": ToolSchema.text(
            "GTC (default) rests until cancelled; IOC trades what it can now and cancels the rest; FOK trades all at once or nothing.",
            oneOf: ["GTC", "IOC", "FOK"]),
        "stop_price": ToolSchema.dollars("The trigger price, for stop, stop_limit, take_profit and take_profit_limit."),
        "trail_amount": ToolSchema.dollars("For trailing_stop: the distance in dollars (or give trail_percent)."),
        "trail_percent": ToolSchema.dollars("For trailing_stop: the distance in percent, above 0 and below 100."),
        "client_order_id": ToolSchema.text(
            """
            Your own id for this order, up to 64 characters. If a call fails or times out, call again with the \
            same client_order_id: the order is placed at most once and you get its first answer.
            """),
        "post_only": ToolSchema.flag("Refuse the order rather than trade on arrival (limit GTC only)."),
        "display_quantity": ToolSchema.whole("An iceberg: show only this many shares at a time (limit GTC only)."),
        "bracket": .object([
            "type": "object",
            "description": """
            Exits attached to a limit or market entry: once it fills, a take-profit limit order, a stop-loss \
            order, or both (one cancelling the other) for the filled shares. Give take_profit, stop_loss or \
            both; with both, for a buy take_profit > stop_loss.
            """,
            "properties": [
                "take_profit": ToolSchema.dollars("Take-profit limit price."),
                "stop_loss": ToolSchema.dollars("Stop-loss trigger price."),
                "stop_loss_limit": ToolSchema.dollars("Optional: makes the stop loss a stop-limit at this price."),
            ],
        ]),
    ]

    /// Orders: place, preview, amend, cancel, and read one's own orders and fills.
    static let trading: [MarketTool] = [
        MarketTool(
            name: "place_order",
            description: """
                Place an order; the answer comes once it is recorded and says what filled: {order_id, status \
                (open, partial, filled or cancelled), filled_quantity, trades: [{price, quantity}]}. Prices are \
                dollars, quantities whole shares. A buy holds price × quantity (plus fees) of your cash until it \
                fills or is cancelled; a sell holds the shares. Refused orders change nothing and come back as \
                an error with a code (insufficient_cash, unknown_ticker, ...). Example: {"ticker":"FUN", \
                "side":"buy","quantity":10,"type":"limit","price":100.25,"client_order_id":"my-1"}.
                """,
            inputSchema: ToolSchema.object(orderFields, required: ["ticker", "side", "quantity"]), isReadOnly: false
        ) { arguments, prefix throws(ToolArgumentError) in
            try APICall(
                method: .post, path: venue(arguments, else: prefix).route("/orders"),
                body: arguments.body(excluding: ["venue"]))
        },
        MarketTool(
            name: "preview_order",
            description: """
                What place_order would do now with the same arguments, without placing anything: the fills it \
                would get at each price, the average price, fees, the cash or shares it would hold, and what \
                would rest in the book. Refused just as place_order would be. Use it before a large order.
                """,
            inputSchema: ToolSchema.object(orderFields, required: ["ticker", "side", "quantity"]), isReadOnly: true
        ) { arguments, prefix throws(ToolArgumentError) in
            try APICall(
                method: .post, path: venue(arguments, else: prefix).route("/orders/preview"),
                body: arguments.body(excluding: ["venue", "client_order_id"]))
        },
        MarketTool(
            name: "amend_order",
            description: """
                Change a resting order: a lower quantity keeps its place in the queue; a new price replaces it \
                (new order_id, back of the queue). Give price, quantity or both.
                """,
            inputSchema: ToolSchema.object(
                [
                    "order_id": ToolSchema.orderID, "venue": ToolSchema.venue,
                    "price": ToolSchema.dollars("The new limit price in dollars."),
                    "quantity": ToolSchema.whole("The new total quantity."),
                ], required: ["order_id"]),
            isReadOnly: false
        ) { arguments, prefix throws(ToolArgumentError) in
            let order = try arguments.segment("order_id")
            return try APICall(
                method: .patch, path: venue(arguments, else: prefix).route("/orders/\(order)"),
                body: arguments.body(excluding: ["order_id", "venue"]))
        },
        MarketTool(
            name: "cancel_order",
            description: "Cancel a resting order; what it held (cash or shares) comes back to you.",
            inputSchema: ToolSchema.object(
                ["order_id": ToolSchema.orderID, "venue": ToolSchema.venue], required: ["order_id"]),
            isReadOnly: false
        ) { arguments, prefix throws(ToolArgumentError) in
            let order = try arguments.segment("order_id")
            return APICall(method: .delete, path: venue(arguments, else: prefix).route("/orders/\(order)"))
        },
        MarketTool(
            name: "get_orders",
            description: """
                Your orders, newest first: status open (default: those still working), partial, filled, \
                cancelled or all.
                """,
            inputSchema: ToolSchema.object(
                ToolSchema.paging.merging([
                    "venue": ToolSchema.venue,
                    "status": ToolSchema.text(
                        "Which orders.", oneOf: ["open", "partial", "filled", "cancelled", "all"]),
                ]) { $1 }),
            isReadOnly: true, listKey: "orders"
        ) { arguments, prefix in
            APICall(
                method: .get, path: venue(arguments, else: prefix).route("/orders"),
                query: arguments.query(["status", "limit", "offset"]))
        },
        MarketTool(
            name: "get_fills",
            description: """
                Your trades (fills), newest first: ticker, price (dollars), quantity, side, the order it filled \
                and when. Optionally for one ticker.
                """,
            inputSchema: ToolSchema.object(
                ToolSchema.paging.merging(["venue": ToolSchema.venue, "ticker": ToolSchema.ticker]) { $1 }),
            isReadOnly: true, listKey: "trades"
        ) { arguments, prefix in
            APICall(
                method: .get, path: venue(arguments, else: prefix).route("/trades"),
                query: arguments.query(["ticker", "limit", "offset"]))
        },
    ]
}
