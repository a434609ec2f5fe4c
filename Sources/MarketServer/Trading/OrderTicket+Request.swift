import Hummingbird
import MarketWire

extension OrderTicket {
    /// The body of `request`: read by ``PlainJSONObject`` when it can, which is nearly always, else by
    /// `JSONDecoder`, which also explains what is wrong with a body that is refused.
    static func decode(from request: Request, context: MarketRequestContext) async throws -> OrderTicket {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let ticket = body.withUnsafeReadableBytes { bytes in
            PlainJSONObject(bytes).flatMap { try? OrderTicket(fields: $0) }
        }
        if let ticket { return ticket }
        return try await request.decode(as: OrderTicket.self, context: context)
    }
}
