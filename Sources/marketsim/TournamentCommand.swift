import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `marketsim tournament load FILE`: sends a tournament definition to a running server, as an admin or a
/// host would through `POST /api/admin/tournaments`, so the server that runs the tournament is the one that
/// validates and stores it.
struct TournamentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tournament", abstract: "Manage tournaments on a running server.", subcommands: [Load.self])

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a tournament from a definition file (see tournaments/) on a running server.")

        @Argument(help: "The tournament definition, a JSON file.")
        var file: String

        @Option(help: "The server's address.")
        var url: String = "http://127.0.0.1:8080"

        @Option(help: "An admin's or host's API key (or MARKETSIM_API_KEY).")
        var apiKey: String?

        @Option(help: "Sign in with this username instead of an API key; the password comes from MARKETSIM_PASSWORD.")
        var username: String?

        @Flag(help: "Publish the tournament at once, so users can enter it.")
        var publish = false

        func run() async throws {
            guard let definition = FileManager.default.contents(atPath: file) else {
                throw ValidationError("Cannot read \(file)")
            }
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let credentials = try await credentials(client)
                let created = try await send(client, "POST", "/api/admin/tournaments", body: definition, credentials)
                guard let id = created["id"] as? String else { throw ValidationError("Unexpected answer: \(created)") }
                print(
                    "Created tournament \(id) (\(created["status"] as? String ?? "?")), starting \(created["starts_at"] as? String ?? "?")"
                )
                if publish {
                    _ = try await send(client, "POST", "/api/admin/tournaments/\(id)/publish", body: nil, credentials)
                    print("Published tournament \(id): users may enter it now.")
                }
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }

        private func credentials(_ client: HTTPClient) async throws -> (name: String, value: String) {
            let environment = ProcessInfo.processInfo.environment
            if let username {
                guard let password = environment["MARKETSIM_PASSWORD"] else {
                    throw ValidationError("Set MARKETSIM_PASSWORD to sign in as \(username)")
                }
                let body = try JSONSerialization.data(withJSONObject: ["username": username, "password": password])
                let login = try await send(client, "POST", "/api/login", body: body, nil)
                guard let token = login["jwt_token"] as? String else { throw ValidationError("Sign-in gave no token") }
                return ("Authorization", "Bearer \(token)")
            }
            guard let key = apiKey ?? environment["MARKETSIM_API_KEY"] else {
                throw ValidationError("Give --api-key (or MARKETSIM_API_KEY), or --username with MARKETSIM_PASSWORD")
            }
            return ("X-API-Key", key)
        }

        private func send(
            _ client: HTTPClient, _ method: String, _ path: String, body: Data?,
            _ credentials: (name: String, value: String)?
        ) async throws -> [String: Any] {
            var request = HTTPClientRequest(url: url + path)
            request.method = .init(rawValue: method)
            if let credentials { request.headers.add(name: credentials.name, value: credentials.value) }
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            let response = try await client.execute(request, timeout: .seconds(30))
            let data = Data(buffer: try await response.body.collect(upTo: 1 << 20))
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            guard (200..<300).contains(response.status.code) else {
                let detail = object["detail"] as? String ?? String(decoding: data, as: UTF8.self)
                throw ValidationError("\(method) \(path) refused (\(response.status.code)): \(detail)")
            }
            return object
        }
    }
}
