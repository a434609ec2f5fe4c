import NIOCore
import Synchronization

/// The open WebSocket connections of each signed-in user, so that taking a user's access away also ends
/// the feeds it already opened: a socket is authenticated once, at its upgrade, and would otherwise live on.
public final class UserSockets: Sendable {
    private struct Socket {
        let method: AuthenticatedUser.Method
        let connection: any Channel
    }

    private let sockets = Mutex<[UserID: [ObjectIdentifier: Socket]]>([:])

    public init() {}

    /// Records `connection` as `user`'s until ``remove(_:of:)``.
    func add(_ connection: any Channel, of user: AuthenticatedUser) {
        sockets.withLock {
            $0[user.id, default: [:]][ObjectIdentifier(connection)] = Socket(
                method: user.method, connection: connection)
        }
    }

    func remove(_ connection: any Channel, of user: UserID) {
        sockets.withLock { sockets in
            sockets[user]?[ObjectIdentifier(connection)] = nil
            if sockets[user]?.isEmpty == true { sockets[user] = nil }
        }
    }

    /// Closes every socket of `user` that was opened with a credential `matching`; returns how many.
    @discardableResult
    func close(of user: UserID, matching: (AuthenticatedUser.Method) -> Bool = { _ in true }) -> Int {
        let closing = sockets.withLock { sockets in
            let chosen = (sockets[user] ?? [:]).filter { matching($0.value.method) }
            for key in chosen.keys { sockets[user]?[key] = nil }
            return chosen.values.map(\.connection)
        }
        for connection in closing { connection.close(promise: nil) }
        return closing.count
    }

    /// How many sockets `user` has open.
    func count(of user: UserID) -> Int { sockets.withLock { $0[user]?.count ?? 0 } }
}
