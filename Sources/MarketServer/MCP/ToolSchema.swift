import MCP

/// The JSON Schema fragments the tools' input schemas are built from.
enum ToolSchema {
    static func object(_ properties: [String: Value], required: [String] = []) -> Value {
        var schema: [String: Value] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        return .object(schema)
    }

    static func text(_ description: String, oneOf choices: [String] = []) -> Value {
        var schema: [String: Value] = ["type": "string", "description": .string(description)]
        if !choices.isEmpty { schema["enum"] = .array(choices.map { .string($0) }) }
        return .object(schema)
    }

    /// Money: dollars with at most two decimals, as a number or a string (`100.25` or `"100.25"`).
    static func dollars(_ description: String) -> Value {
        .object(["type": ["number", "string"], "description": .string(description)])
    }

    static func whole(_ description: String, minimum: Int = 1) -> Value {
        .object(["type": "integer", "minimum": .int(minimum), "description": .string(description)])
    }

    static func flag(_ description: String) -> Value {
        .object(["type": "boolean", "description": .string(description)])
    }

    static let ticker = text("A listed ticker symbol, e.g. \"FUN\" (any case). get_tickers lists them.")

    static let venue = text(
        "The venue to act in: a tournament's venue (list_tournaments gives it as `venue`) or \"main\". "
            + "Leave it out to use this connection's venue.")

    static let orderID = text("The order's id, as place_order or get_orders gave it.")

    static let tournamentID = text("The tournament's id, as list_tournaments gives it.")

    static let paging: [String: Value] = [
        "limit": whole("How many to return, 1 to 100 (default 50)."),
        "offset": whole("How many of the newest to skip, for the next page (default 0).", minimum: 0),
    ]
}
