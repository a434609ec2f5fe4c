import Foundation
import HTTPTypes
import Hummingbird
import MarketCore

/// Alpaca's trading and market-data API over a venue, so that bots written with `alpaca-py` trade here
/// unchanged: `/alpaca/v2/...` for `main`, `/api/venues/{venue}/alpaca/v2/...` for any venue.
///
/// Every operation is translated into the REST requests that do it and run through ``LoopbackAPI`` with the
/// caller's key, so scopes, venue membership, escrow, limits, journalling and audit are those of the REST API;
/// the answers are translated back into Alpaca's shapes, and refusals into its `{"code","message"}` errors.
struct AlpacaRoutes: Sendable {
    let loopback: LoopbackAPI
    let venues: VenueDirectory

    /// The group's own middleware: Alpaca's errors, its credentials, authentication and the rate limit.
    static func group(
        _ path: String, of router: Router<MarketRequestContext>, authentication: AuthenticationMiddleware,
        rateLimit: RateLimitMiddleware
    ) -> RouterGroup<MarketRequestContext> {
        router.group(RouterPath(path))
            .add(middleware: AlpacaErrorMiddleware())
            .add(middleware: AlpacaCredentialsMiddleware())
            .add(middleware: authentication)
            .add(middleware: AlpacaKeyIDCheck())
            .add(middleware: rateLimit)
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        addOrders(to: group)
        addOrderChanges(to: group)
        addAccount(to: group)
        addPositions(to: group)
        addMarketData(to: group)
    }

    func call(_ request: Request, _ context: MarketRequestContext) -> AlpacaCall {
        AlpacaCall(loopback: loopback, request: request, context: context)
    }

    /// The time on the clock of the venue the request names.
    func now(_ context: MarketRequestContext) -> Timestamp {
        let id = context.parameters.get("venue") ?? VenueDirectory.mainVenue
        return (venues.venue(id) ?? venues.venue(VenueDirectory.mainVenue))?.clock.now() ?? Timestamp(Date())
    }

    /// A JSON body of `type`; one that cannot be read is refused with 422.
    static func body<T: Decodable>(_ type: T.Type, of request: Request, _ context: MarketRequestContext)
        async throws -> T
    {
        var request = request
        let bytes = try await request.collectBody(upTo: context.maxUploadSize)
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: bytes))
        } catch {
            throw AlpacaError.unprocessable("the request body is not valid JSON for this request")
        }
    }

    /// One of the caller's orders by its number; another user's is as unknown as a missing one.
    func order(_ number: String, _ call: AlpacaCall) async throws -> AlpacaOrder {
        do {
            return AlpacaOrder(try await call.value(REST.Order.self, .get, "/orders/\(number)"))
        } catch let error as AlpacaError where error.status == .forbidden {
            throw AlpacaError.notFound("order not found")
        }
    }

    /// The order number an Alpaca order id names, or 404.
    static func orderNumber(_ context: MarketRequestContext) throws -> String {
        let text = context.parameters.get("order") ?? ""
        guard let number = AlpacaID.orderNumber(text) else { throw AlpacaError.notFound("order not found") }
        return number
    }
}
