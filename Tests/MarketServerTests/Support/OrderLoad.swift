import Foundation
import Synchronization

/// Concurrent order submissions, one task per user, each placing random limit orders on FUN and MEME around
/// 100 as fast as its answers come, until stopped or until the server stops answering. It records every order the
/// server acknowledged (answered 200), and every other status it answered with.
final class OrderLoad: Sendable {
    struct Acknowledged: Sendable {
        let user: Int
        let orderID: String
        let filled: Int
        /// When the answer arrived.
        let at: ContinuousClock.Instant
    }

    private let acknowledged = Mutex<[Acknowledged]>([])
    private let refusals = Mutex<[Int: Int]>([:])
    private let task = Mutex<Task<Void, any Error>?>(nil)

    /// Starts the load against `server` with one task per user.
    static func start(on server: ServerProcess, users: [RegisteredUser]) -> OrderLoad {
        let load = OrderLoad()
        load.task.withLock {
            $0 = Task {
                try await server.withClient { client in
                    await withTaskGroup(of: Void.self) { group in
                        for (index, user) in users.enumerated() {
                            group.addTask { await load.submit(as: user, index: index, to: client) }
                        }
                    }
                }
            }
        }
        return load
    }

    private func submit(as user: RegisteredUser, index: Int, to client: TestServer) async {
        var random = SystemRandomNumberGenerator()
        while !Task.isCancelled {
            let side = Bool.random(using: &random) ? "buy" : "sell"
            let body =
                #"{"ticker":"\#(["FUN", "MEME"].randomElement(using: &random)!)","side":"\#(side)","price":\#(Int.random(in: 95...105, using: &random)),"quantity":\#(Int.random(in: 1...5, using: &random))}"#
            guard let answer = try? await client.request(.POST, "/api/orders", json: body, headers: user.keyHeader)
            else { return }
            guard answer.status == 200, let object = try? answer.object() else {
                refusals.withLock { $0[answer.status, default: 0] += 1 }
                continue
            }
            let order = Acknowledged(
                user: index, orderID: object["order_id"] as? String ?? "",
                filled: object["filled_quantity"] as? Int ?? -1,
                at: .now)
            acknowledged.withLock { $0.append(order) }
        }
    }

    /// The orders acknowledged so far.
    var orders: [Acknowledged] { acknowledged.withLock { $0 } }

    /// How many answers were not 200, by status.
    var refused: [Int: Int] { refusals.withLock { $0 } }

    /// Waits until at least `count` orders were acknowledged, failing after `timeout`.
    func wait(forAcknowledged count: Int, timeout: Duration = .seconds(60)) async throws {
        try await eventually("\(count) acknowledged orders", timeout: timeout) { orders.count >= count }
    }

    /// Stops submitting and waits for the tasks to end.
    func stop() async {
        let task = task.withLock { $0 }
        task?.cancel()
        _ = try? await task?.value
    }

    /// Waits for the tasks to end on their own (they end when the server stops answering).
    func finish() async {
        _ = try? await task.withLock { $0 }?.value
    }
}
