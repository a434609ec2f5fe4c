import AsyncHTTPClient
import Foundation
import MarketCore
import NIOCore
import NIOHTTP1

extension Webhooks {
    /// How an attempt went.
    struct Answer: Sendable {
        let statusCode: Int?
        let error: String?

        var succeeded: Bool { statusCode.map { (200..<300).contains($0) } ?? false }
    }

    /// Posts `delivery` to `endpoint`, signed, once. The host is resolved and checked first; a plain `http`
    /// request then goes to the very address that was checked (with the name in `Host`), so that a name
    /// answering differently the second time cannot point it inside the network. An `https` request goes by
    /// name, and only a server with a certificate for that name can answer it. Redirects are not followed.
    func send(_ delivery: WebhookDelivery, to endpoint: WebhookEndpoint, at time: Timestamp) async -> Answer {
        let target: WebhookURL
        let address: String
        do {
            target = try WebhookURL(endpoint.url)
            address = try await target.resolve(allowPrivate: allowsPrivateAddresses)
        } catch {
            return Answer(statusCode: nil, error: error.detail)
        }
        let timestamp = time.millisecondsSinceEpoch / 1_000
        var request = HTTPClientRequest(url: target.isSecure ? target.text : target.pinned(to: address))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "MarketSim-Webhooks/1")
        request.headers.add(name: "MarketSim-Delivery", value: String(delivery.id))
        request.headers.add(name: "MarketSim-Timestamp", value: String(timestamp))
        request.headers.add(
            name: "MarketSim-Signature", value: secrets.signature(of: delivery.body, at: timestamp, for: endpoint))
        if !target.isSecure { request.headers.add(name: "Host", value: target.hostHeader) }
        request.body = .bytes(delivery.body)
        do {
            let response = try await client.execute(
                request, timeout: .nanoseconds(Int64(settings.attemptTimeout.wholeMilliseconds) * 1_000_000))
            await drain(response.body, within: settings.attemptTimeout)
            let code = Int(response.status.code)
            return Answer(statusCode: code, error: (200..<300).contains(code) ? nil : "answered \(code)")
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return Answer(statusCode: nil, error: "no answer within \(settings.attemptTimeout)")
        } catch {
            return Answer(statusCode: nil, error: "could not be sent: \(error)")
        }
    }
}

extension Webhooks {
    /// Reads and drops up to 64 KiB of an answer's body, so that its connection can be reused, for at most
    /// `limit`: the client's deadline ends with the answer's head, and a receiver that trickles its body must
    /// not hold the endpoint's worker, or the connection, for ever.
    fileprivate func drain(_ body: HTTPClientResponse.Body, within limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = try? await body.collect(upTo: 64 * 1024) }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }
}

extension WebhookURL {
    /// The URL with its host replaced by `address`.
    func pinned(to address: String) -> String {
        let components = URLComponents(string: text)
        let path = components.map { $0.percentEncodedPath.isEmpty ? "/" : $0.percentEncodedPath } ?? "/"
        let query = components?.percentEncodedQuery.map { "?\($0)" } ?? ""
        let host = address.contains(":") ? "[\(address)]" : address
        return "http://\(host):\(port)\(path)\(query)"
    }

    /// The `Host` header of a request to this URL.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (isSecure ? 443 : 80) ? name : "\(name):\(port)"
    }
}

extension WebhookError {
    /// What went wrong, as a sentence.
    var detail: String {
        switch self {
        case .invalidURL(let reason): "The URL \(reason)"
        case .blockedAddress(let reason): reason
        case .unreachable(let reason): reason
        case .invalidTopics(let reason): reason
        case .limitReached(let limit): "You have \(limit) webhook endpoints, the most you may keep; delete one first"
        case .notFound: "No such webhook endpoint of yours"
        }
    }

    /// What is wrong with a URL, after its field's name.
    var reason: String {
        if case .invalidURL(let reason) = self { reason } else { detail }
    }
}
