import MCP

extension MarketTools {
    /// One's own account, the rankings, and tournaments.
    static let account: [MarketTool] = [
        venueRead(
            "get_portfolio",
            """
            Your account in the venue: cash (free to spend), escrowed_cash (held by resting buys), \
            holdings [{ticker, quantity, current_price, value, average_price, cost_basis, unrealized_pnl, \
            realized_pnl}] and total_value = cash + escrowed_cash + the holdings' value. Dollars throughout.
            """, route: "/portfolio"),
        venueRead(
            "get_leaderboard", "The venue's top 50 accounts by total value (dollars), market makers left out.",
            route: "/leaderboard"),
        MarketTool(
            name: "list_tournaments",
            description: """
                Published tournaments: id, name, status (scheduled, running, completed, ...), start and end \
                times, starting cash, tickers, and the venue each trades in. To trade in one, enter it, then \
                pass its venue to the trading tools.
                """,
            inputSchema: ToolSchema.object([
                "status": ToolSchema.text("Only tournaments with this status.")
            ]),
            isReadOnly: true, listKey: "tournaments"
        ) { arguments, _ in
            APICall(method: .get, path: "/api/tournaments", query: arguments.query(["status"]))
        },
        MarketTool(
            name: "get_standings",
            description: """
                A tournament's standings: each entrant's rank and total value (dollars), live while it runs and \
                final once it has ended.
                """,
            inputSchema: ToolSchema.object(["tournament_id": ToolSchema.tournamentID], required: ["tournament_id"]),
            isReadOnly: true
        ) { arguments, _ throws(ToolArgumentError) in
            let tournament = try arguments.segment("tournament_id")
            return APICall(method: .get, path: "/api/tournaments/\(tournament)/standings")
        },
        MarketTool(
            name: "enter_tournament",
            description: """
                Enter a tournament that is open for entry; an invite-only one needs its invite_code. You start \
                in its venue with its starting cash.
                """,
            inputSchema: ToolSchema.object(
                [
                    "tournament_id": ToolSchema.tournamentID,
                    "invite_code": ToolSchema.text("The code an invite-only tournament's host gave you."),
                ], required: ["tournament_id"]),
            isReadOnly: false
        ) { arguments, _ throws(ToolArgumentError) in
            let tournament = try arguments.segment("tournament_id")
            return try APICall(
                method: .post, path: "/api/tournaments/\(tournament)/enter",
                body: arguments.body(excluding: ["tournament_id"]))
        },
        MarketTool(
            name: "withdraw_from_tournament",
            description: "Withdraw from a tournament you entered, before it starts.",
            inputSchema: ToolSchema.object(["tournament_id": ToolSchema.tournamentID], required: ["tournament_id"]),
            isReadOnly: false
        ) { arguments, _ throws(ToolArgumentError) in
            let tournament = try arguments.segment("tournament_id")
            return APICall(method: .post, path: "/api/tournaments/\(tournament)/withdraw")
        },
    ]
}
