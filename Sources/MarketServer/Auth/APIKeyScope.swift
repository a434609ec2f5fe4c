import Foundation
import HTTPTypes

/// What an API key may do, a ceiling on what its owner may: the key never does more than its scope, and the
/// owner's role and hostings still decide within it. A browser session (a token) has the owner's full rights.
public enum APIKeyScope: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    /// Market data, and the owner's own orders, fills and portfolio: requests that change nothing.
    case read
    /// Also orders and everything else a trader does; the control plane (`/api/admin`) excepted.
    case trade
    /// Also the control plane, as far as the owner's role and hostings allow.
    case admin

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .read: 0
        case .trade: 1
        case .admin: 2
        }
    }

    /// The scope a request needs: `admin` for the control plane, `read` for what changes nothing, else `trade`.
    /// The path is read as the router reads it (empty segments skipped, percent escapes decoded), so that no
    /// spelling of a control-plane path passes for another. Two POSTs change nothing and need only `read`: an
    /// order's preview, and the MCP endpoint, each of whose tools is a request of its own, checked again.
    static func needed(by method: HTTPRequest.Method, path: String) -> Self {
        let segments = path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        if segments.prefix(2) == ["api", "admin"] { return .admin }
        if method == .post, MCPRoutes.isEndpoint(segments) || segments.suffix(2) == ["orders", "preview"] {
            return .read
        }
        return method == .get || method == .head ? .read : .trade
    }
}
