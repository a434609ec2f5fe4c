import Foundation
import Testing

/// A real WebSocket upgrade that the server refuses is answered as the README says: 401 for credentials
/// that are missing or wrong, 404 for an unknown venue, ticker or channel, with the JSON error body.
@Suite("Refused WebSocket upgrades")
struct UpgradeRefusalTests {
    private static func upgrade(_ path: String, port: Int) async throws -> (status: Int?, body: [String: Any]?) {
        let connection = try RawConnection(port: port)
        connection.send(
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        let (text, _) = await connection.readUntilClosed(timeout: .seconds(10))
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return (RawConnection.status(of: text), object)
    }

    @Test func refusalsKeepTheirStatusAndBody() async throws {
        try await withServer(.sqlite) { server in
            let refusals: [(String, Int, String)] = [
                ("/ws/private", 401, "not_authenticated"), ("/ws/private?token=not-a-token", 401, "invalid_token"),
                ("/ws/private?api_key=msk_wrong", 401, "invalid_api_key"), ("/ws/NOPE", 404, "not_found"),
                ("/ws/venues/nowhere/FUN", 404, "not_found"),
            ]
            for (path, status, code) in refusals {
                let answer = try await Self.upgrade(path, port: server.port)
                #expect(answer.status == status, "\(path)")
                #expect(answer.body?["error"] as? String == code, "\(path): \(answer.body ?? [:])")
                #expect((answer.body?["detail"] as? String)?.isEmpty == false, "\(path)")
            }
            // An accepted upgrade still switches protocols.
            let accepted = try RawConnection(port: server.port)
            accepted.send(
                "GET /ws/prices HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            let (text, _) = await accepted.readUntilClosed(timeout: .seconds(1))
            #expect(RawConnection.status(of: text) == 101)
        }
    }
}
