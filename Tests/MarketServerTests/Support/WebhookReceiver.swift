import Crypto
import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A real HTTP server on loopback that webhooks are sent to: it records every request and answers each path
/// as told (a 2xx, an error status, or nothing for a while).
final class WebhookReceiver: Sendable {
    enum Behaviour: Sendable {
        case answer(Int)
        /// Waits this long before answering 200: longer than the server's timeout, it is no answer at all.
        case hang(Duration)
        /// Answers 200 at once, then sends the body a byte every 100 ms and never finishes it.
        case trickle
    }

    struct Received: Sendable {
        let path: String
        let headers: [String: String]
        let body: Data
        /// The status it was answered with in time; `nil` for one left hanging.
        let status: Int?

        var wasAccepted: Bool { status.map { (200..<300).contains($0) } ?? false }

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var events: [[String: Any]] { json["events"] as? [[String: Any]] ?? [] }

        /// Whether the signature headers verify with `secret`, as a receiver checks them.
        func isSigned(with secret: String) -> Bool {
            guard let timestamp = headers["marketsim-timestamp"], let signature = headers["marketsim-signature"]
            else { return false }
            var message = Data("\(timestamp).".utf8)
            message.append(body)
            let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
            return signature == "v1=" + code.map { String(format: "%02x", $0) }.joined()
        }
    }

    private let behaviours = Mutex<[String: Behaviour]>([:])
    private let log = Mutex<[Received]>([])
    private let task = Mutex<Task<Void, any Error>?>(nil)
    let port: Int

    private init(port: Int) {
        self.port = port
    }

    /// Starts a receiver on an ephemeral port of 127.0.0.1.
    static func start() async throws -> WebhookReceiver {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        let holder = Mutex<WebhookReceiver?>(nil)
        router.post("**") { request, context -> Response in
            let body = try await request.body.collect(upTo: 1 << 24)
            guard let receiver = holder.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
            return try await receiver.receive(request, body: Data(buffer: body))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("the receiver did not start") }
        let receiver = WebhookReceiver(port: port)
        receiver.task.withLock { $0 = task }
        holder.withLock { $0 = receiver }
        return receiver
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    func set(_ path: String, _ behaviour: Behaviour) { behaviours.withLock { $0["/" + path] = behaviour } }

    /// Every request received at `path`, in arrival order.
    func received(_ path: String) -> [Received] { log.withLock { $0.filter { $0.path == "/" + path } } }

    /// The requests received at `path` and answered with a 2xx.
    func accepted(_ path: String) -> [Received] { received(path).filter(\.wasAccepted) }

    func stop() {
        task.withLock { $0?.cancel() }
    }

    private func receive(_ request: Request, body: Data) async throws -> Response {
        let path = request.uri.path
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let behaviour = behaviours.withLock({ $0[path] }) ?? .answer(200)
        var status: Int?
        if case .answer(let code) = behaviour { status = code }
        if case .trickle = behaviour { status = 200 }
        log.withLock { $0.append(Received(path: path, headers: headers, body: body, status: status)) }
        switch behaviour {
        case .answer(let status):
            return Response(status: .init(code: status))
        case .trickle:
            return Response(
                status: .ok,
                body: ResponseBody { writer in
                    while true {
                        try await writer.write(ByteBuffer(string: "x"))
                        try await Task.sleep(for: .milliseconds(100))
                    }
                })
        case .hang(let duration):
            try await Task.sleep(for: duration)
            return Response(status: .ok)
        }
    }
}
