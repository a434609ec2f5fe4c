import Synchronization

/// The methods each route path answers, filled in once the routes are built, so that a request with a
/// method a path does not answer gets 405 and the `Allow` header rather than "no route".
public final class RouteTable: Sendable {
    private let templates = Mutex<[(segments: [Substring], methods: Set<String>)]>([])

    public init() {}

    /// Records the routes, each as `METHOD /path/{parameter}`.
    public func record(_ routes: [String]) {
        var byPath: [String: Set<String>] = [:]
        for route in routes {
            let parts = route.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            byPath[String(parts[1]), default: []].insert(String(parts[0]))
        }
        templates.withLock { $0 = byPath.map { (Self.segments(of: $0.key), $0.value) } }
    }

    /// The methods the routes matching `path` answer; empty when no route matches it. Where a literal
    /// segment and a parameter both match (`/orders/oco` and `/orders/{order}`), the literal wins, as it
    /// does in the router.
    public func methods(answering path: String) -> Set<String> {
        let requested = Self.segments(of: path)
        return templates.withLock { templates in
            var best: [Bool] = []
            var found = Set<String>()
            for template in templates {
                guard template.segments.count == requested.count,
                    zip(template.segments, requested).allSatisfy({ $0.hasPrefix("{") || $0 == $1 })
                else { continue }
                let literals = template.segments.map { !$0.hasPrefix("{") }
                if found.isEmpty || Self.isMoreLiteral(literals, than: best) {
                    best = literals
                    found = template.methods
                } else if literals == best {
                    found.formUnion(template.methods)
                }
            }
            return found
        }
    }

    /// Whether, at the first segment where they differ, `one` has a literal and `other` a parameter.
    private static func isMoreLiteral(_ one: [Bool], than other: [Bool]) -> Bool {
        zip(one, other).first { $0 != $1 }?.0 ?? false
    }

    private static func segments(of path: some StringProtocol) -> [Substring] {
        Substring(path).split(separator: "/")
    }
}
