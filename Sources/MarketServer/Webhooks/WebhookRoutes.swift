import Hummingbird
import MarketCore

/// `/api/webhooks`: the caller's endpoints (create, list, read, change, delete, rotate the secret, send a test)
/// and each one's deliveries; `GET` and `PUT /api/admin/webhooks/settings` for administrators.
struct WebhookRoutes: Sendable {
    let directory: VenueDirectory
    let webhooks: Webhooks

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.post("webhooks") { request, context -> EditedResponse<WebhookAnswer> in
            let user = try context.requireUser()
            let body = try await request.decode(as: WebhookBody.self, context: context)
            guard let url = body.url, let topics = body.topics else {
                throw RequestError.invalidField(body.url == nil ? "url" : "topics", reason: "is required")
            }
            let venue = try venue(body.venue ?? VenueDirectory.mainVenue, for: user, topics: topics)
            try await check(url)
            let endpoint = WebhookEndpoint(
                id: RowID.random(), owner: user.id, venue: venue.id, url: url.text, topics: topics,
                description: body.description ?? "", isActive: body.active ?? true,
                secretSalt: WebhookEndpoint.newSalt(), createdAt: webhooks.clock.now())
            try await webhooks.save(endpoint, isNew: true)
            return EditedResponse(
                status: .created, response: WebhookAnswer(endpoint, secret: webhooks.secrets.secret(of: endpoint)))
        }
        group.get("webhooks") { _, context -> WebhookList in
            let user = try context.requireUser()
            return WebhookList(webhooks: webhooks.endpoints(of: user.id).map { WebhookAnswer($0) })
        }
        group.get("webhooks/:webhook") { _, context -> WebhookAnswer in
            WebhookAnswer(try own(context))
        }
        group.patch("webhooks/:webhook") { request, context -> WebhookAnswer in
            let user = try context.requireUser()
            var endpoint = try own(context)
            let body = try await request.decode(as: WebhookBody.self, context: context)
            if let venue = body.venue, venue != endpoint.venue {
                throw RequestError.invalidField("venue", reason: "cannot change; create another endpoint")
            }
            if let topics = body.topics {
                _ = try self.venue(endpoint.venue, for: user, topics: topics)
                endpoint.topics = topics
            }
            if let url = body.url {
                try await check(url)
                endpoint.url = url.text
            }
            endpoint.description = body.description ?? endpoint.description
            endpoint.isActive = body.active ?? endpoint.isActive
            try await webhooks.save(endpoint, isNew: false)
            return WebhookAnswer(endpoint)
        }
        group.delete("webhooks/:webhook") { _, context -> WebhookDeleted in
            let endpoint = try own(context)
            try await webhooks.delete(endpoint)
            return WebhookDeleted(webhookID: String(endpoint.id))
        }
        group.post("webhooks/:webhook/rotate-secret") { _, context -> WebhookSecretAnswer in
            var endpoint = try own(context)
            endpoint.secretSalt = WebhookEndpoint.newSalt()
            try await webhooks.save(endpoint, isNew: false)
            return WebhookSecretAnswer(webhookID: String(endpoint.id), secret: webhooks.secrets.secret(of: endpoint))
        }
        group.post("webhooks/:webhook/test") { _, context -> EditedResponse<WebhookTestAnswer> in
            let endpoint = try own(context)
            let now = webhooks.clock.now()
            guard
                let event = WebhookEvent(
                    id: "test:\(RowID.random())", type: "test", topic: nil, account: nil, venue: endpoint.venue,
                    sequence: 0, at: now, data: WebhookTestAnswer.Data(message: "A test event from MarketSim"))
            else { throw RequestError.badRequest(code: "invalid_request", detail: "The test event could not be made") }
            try await webhooks.enqueueNow([(endpoint, event)])
            return EditedResponse(status: .accepted, response: WebhookTestAnswer(webhookID: String(endpoint.id)))
        }
        group.get("webhooks/:webhook/deliveries") { request, context -> WebhookDeliveryList in
            let endpoint = try own(context)
            let status = try request.uri.queryParameters.get("status").map { text in
                guard let status = WebhookDelivery.Status(rawValue: String(text)) else {
                    throw RequestError.invalidField("status", reason: "must be pending, delivered or dead")
                }
                return status
            }
            let limit = try Self.limit(request)
            let deliveries = try await webhooks.store.deliveries(of: endpoint.id, status: status, limit: limit)
            return WebhookDeliveryList(deliveries: deliveries.map { WebhookDeliveryAnswer($0.0, attempts: $0.1) })
        }
        addSettings(to: group)
    }

    private func addSettings(to group: RouterGroup<MarketRequestContext>) {
        group.get("admin/webhooks/settings") { _, context -> WebhookSettingsAnswer in
            _ = try VenueDirectory.requireAdministrator(context, to: "read the webhook settings")
            return WebhookSettingsAnswer(allowsPrivate: webhooks.allowsPrivateAddresses)
        }
        group.put("admin/webhooks/settings") { request, context -> WebhookSettingsAnswer in
            _ = try VenueDirectory.requireAdministrator(context, to: "change the webhook settings")
            let body = try await request.decode(as: WebhookSettingsAnswer.self, context: context)
            try await webhooks.setAllowsPrivateAddresses(body.allowsPrivate)
            return WebhookSettingsAnswer(allowsPrivate: webhooks.allowsPrivateAddresses)
        }
    }

    /// The caller's endpoint named in the path; 404 for anyone else's, as for one that does not exist.
    private func own(_ context: MarketRequestContext) throws -> WebhookEndpoint {
        let user = try context.requireUser()
        guard let id = context.parameters.get("webhook", as: Int64.self), let endpoint = webhooks.endpoint(id),
            endpoint.owner == user.id
        else { throw WebhookError.notFound }
        return endpoint
    }

    /// The venue an endpoint of `topics` listens to: for the topics about an account the caller needs one there,
    /// and for the venue-wide topics must administer it, with a key of `admin` scope.
    private func venue(_ id: String, for user: AuthenticatedUser, topics: Set<WebhookTopic>) throws -> VenueRuntime {
        guard let venue = directory.venue(id) else { throw RequestError.notFound("No venue \(id)") }
        if topics.contains(where: \.isForHosts) {
            guard user.isAdmin || venue.isHost(user.id), user.scope >= .admin else {
                throw RequestError.forbidden(
                    "Only the venue's hosts and administrators, with an admin-scoped key, may subscribe to "
                        + "venue_trades and venue_status")
            }
        } else if topics.contains(where: \.isAboutAnAccount),
            venue.committed.account(AccountID(user.id.rawValue)) == nil
        {
            throw RequestError.forbidden("You have no account in venue \(venue.id)")
        }
        return venue
    }

    /// Refuses a URL whose host does not resolve, or resolves to an address the server may not call.
    private func check(_ url: WebhookURL) async throws {
        _ = try await url.resolve(allowPrivate: webhooks.allowsPrivateAddresses)
    }

    private static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return 50 }
        guard let limit = Int(text), (1...500).contains(limit) else {
            throw RequestError.invalidField("limit", reason: "must be an integer from 1 to 500")
        }
        return limit
    }
}

extension WebhookError: ErrorAnswerConvertible {
    var errorAnswer: ErrorAnswer {
        switch self {
        case .invalidURL: ErrorAnswer(status: .badRequest, error: "invalid_url", detail: detail)
        case .blockedAddress: ErrorAnswer(status: .badRequest, error: "blocked_address", detail: detail)
        case .unreachable: ErrorAnswer(status: .badRequest, error: "unresolvable_host", detail: detail)
        case .invalidTopics: ErrorAnswer(status: .badRequest, error: "invalid_topics", detail: detail)
        case .limitReached: ErrorAnswer(status: .conflict, error: "webhook_limit", detail: detail)
        case .notFound: ErrorAnswer(status: .notFound, error: "not_found", detail: detail)
        }
    }
}
