import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An endpoint's URL, checked: `http` or `https`, a host, no credentials, at most 2,048 characters.
struct WebhookURL: Sendable, Hashable {
    let text: String
    let isSecure: Bool
    let host: String
    let port: Int

    init(_ text: String) throws(WebhookError) {
        guard text.utf8.count <= 2_048, let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { throw .invalidURL("must be an http or https URL with a host, of at most 2048 characters") }
        guard components.user == nil, components.password == nil else {
            throw .invalidURL("must not carry a user name or password")
        }
        if let port = components.port, !(1...65_535).contains(port) { throw .invalidURL("has no valid port") }
        self.text = text
        isSecure = scheme == "https"
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? (isSecure ? 443 : 80)
    }

    /// The addresses the host names, checked against `allowPrivate`: the first allowed one, or why none may
    /// be called. Every address must be public when private ones are forbidden, so that a name that also
    /// resolves inside the network is refused.
    func resolve(allowPrivate: Bool) async throws(WebhookError) -> String {
        let addresses = await WebhookAddress.lookUp(host)
        guard let first = addresses.first else { throw .unreachable("\(host) does not resolve") }
        if !allowPrivate, let inside = addresses.first(where: { !$0.isPublic }) {
            throw .blockedAddress("\(host) resolves to \(inside.text), which is not a public address")
        }
        return first.text
    }
}

/// One IP address and whether it is a public unicast one.
struct WebhookAddress: Sendable, Hashable {
    let text: String
    let isPublic: Bool

    /// Resolves `host` off the cooperative pool (the resolver blocks), giving up after two seconds as if it
    /// had no address; a literal address is read as it is.
    static func lookUp(_ host: String) async -> [WebhookAddress] {
        if let literal = address(literal: host) { return [literal] }
        let answered = Mutex(false)
        return await withCheckedContinuation { continuation in
            let once: @Sendable ([WebhookAddress]) -> Void = { addresses in
                if answered.withLock({ done in
                    defer { done = true }
                    return !done
                }) {
                    continuation.resume(returning: addresses)
                }
            }
            DispatchQueue.global().async { once(resolved(host)) }
            DispatchQueue.global().asyncAfter(deadline: .now() + 2) { once([]) }
        }
    }

    static func address(literal text: String) -> WebhookAddress? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return WebhookAddress(text: text, isPublic: isPublic(v4: withUnsafeBytes(of: &v4) { Array($0) }))
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return WebhookAddress(text: text, isPublic: isPublic(v6: withUnsafeBytes(of: &v6) { Array($0) }))
        }
        return nil
    }

    private static func resolved(_ host: String) -> [WebhookAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [WebhookAddress] = []
        var cursor = list
        while let entry = cursor?.pointee {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            if entry.ai_family == AF_INET, let raw = entry.ai_addr {
                var address = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
            } else if entry.ai_family == AF_INET6, let raw = entry.ai_addr {
                var address = raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
            }
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let address = self.address(literal: text), !addresses.contains(address) { addresses.append(address) }
            cursor = entry.ai_next
        }
        return addresses
    }

    /// Not "this network", private, shared (CGNAT), loopback, link-local, protocol-assignment, benchmarking,
    /// documentation, multicast or reserved.
    static func isPublic(v4 bytes: [UInt8]) -> Bool {
        let (a, b, c) = (bytes[0], bytes[1], bytes[2])
        switch a {
        case 0, 10, 127: return false
        case 100 where (64...127).contains(b): return false
        case 169 where b == 254: return false
        case 172 where (16...31).contains(b): return false
        case 192 where b == 168 || (b == 0 && (c == 0 || c == 2)): return false
        case 198 where b == 18 || b == 19 || (b == 51 && c == 100): return false
        case 203 where b == 0 && c == 113: return false
        case 224...255: return false
        default: return true
        }
    }

    /// Not unspecified, loopback, unique-local, link-local, multicast or documentation; an IPv4-mapped,
    /// IPv4-compatible or NAT64 address is judged by the IPv4 address it carries.
    static func isPublic(v6 bytes: [UInt8]) -> Bool {
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && (bytes[10..<12] == [0xff, 0xff] || bytes[10..<12] == [0, 0]) {
            return bytes[12..<16].allSatisfy({ $0 == 0 }) ? false : isPublic(v4: Array(bytes[12..<16]))
        }
        if bytes[0..<12] == [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0] {
            return isPublic(v4: Array(bytes[12..<16]))
        }
        if bytes[0] & 0xfe == 0xfc || bytes[0] == 0xff { return false }
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return false }
        if bytes[0..<4] == [0x20, 0x01, 0x0d, 0xb8] { return false }
        if bytes[0] == 0x20 && bytes[1] == 0x02 { return isPublic(v4: Array(bytes[2..<6])) }
        return true
    }
}
