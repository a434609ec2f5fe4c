import Foundation

/// The path under which a venue's REST routes live: `/api` for `main`, `/api/venues/{venue}` for the others.
struct VenuePrefix: Sendable {
    let path: String

    static let main = VenuePrefix(path: "/api")

    static func venue(_ name: String) -> VenuePrefix {
        VenuePrefix(path: "/api/venues/\(APICall.pathSegment(name))")
    }

    /// The venue a route's `venue` parameter names; `main` is the unprefixed form.
    static func named(_ name: String) -> VenuePrefix {
        name == "main" ? .main : .venue(name)
    }

    func route(_ suffix: String) -> String { path + suffix }
}

extension APICall {
    /// `value` as one path segment: every character but letters, digits and `-._~` percent-encoded, so a value
    /// taken from a request can never reach another route.
    static func pathSegment(_ value: String) -> String {
        let encoded = value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
        // "." and ".." are path steps, not names.
        return encoded == "." || encoded == ".." ? encoded.replacingOccurrences(of: ".", with: "%2E") : encoded
    }
}

/// The characters a URL path segment may carry as they are (RFC 3986's unreserved set).
private let unreserved = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
