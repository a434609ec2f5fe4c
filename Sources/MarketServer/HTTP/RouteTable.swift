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

    /// The methods the routes matching `path` answer; empty when no route matches it.
    public func methods(answering path: String) -> Set<String> {
        let requested = Self.segments(of: path)
        return templates.withLock { templates in
            templates.reduce(into: Set<String>()) { found, template in
                guard template.segments.count == requested.count,
                    zip(template.segments, requested).allSatisfy({ $0.hasPrefix("{") || $0 == $1 })
                else { return }
                found.formUnion(template.methods)
            }
        }
    }

    private static func segments(of path: some StringProtocol) -> [Substring] {
        Substring(path).split(separator: "/")
    }
}
