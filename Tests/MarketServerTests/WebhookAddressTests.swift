import Testing

@testable import MarketServer

/// Which addresses a webhook may be sent to when private ones are forbidden, and how URLs are read.
@Suite("Webhook addresses")
struct WebhookAddressTests {
    @Test(arguments: [
        "0.0.0.0", "10.0.0.1", "100.64.0.1", "127.0.0.1", "127.255.255.254", "169.254.169.254", "172.16.0.1",
        "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.168.1.1", "198.18.0.1", "198.51.100.7", "203.0.113.9",
        "224.0.0.1", "255.255.255.255", "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1",
        "::ffff:127.0.0.1", "::ffff:10.1.2.3", "64:ff9b::a00:1", "2001:db8::1", "2002:c0a8:101::1",
    ])
    func aNonPublicAddressIsNotPublic(address: String) throws {
        let parsed = try #require(WebhookAddress.address(literal: address))
        #expect(!parsed.isPublic)
    }

    @Test(arguments: [
        "1.1.1.1", "8.8.8.8", "100.63.255.255", "100.128.0.1", "172.15.0.1", "172.32.0.1", "192.169.0.1",
        "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
    ])
    func aPublicAddressIsPublic(address: String) throws {
        let parsed = try #require(WebhookAddress.address(literal: address))
        #expect(parsed.isPublic)
    }

    @Test func urlsAreReadStrictly() throws {
        let url = try WebhookURL("http://[::1]:8080/hooks/a?x=1")
        #expect(url.host == "::1" && url.port == 8080 && !url.isSecure)
        #expect(url.pinned(to: "::1") == "http://[::1]:8080/hooks/a?x=1")
        #expect(url.hostHeader == "[::1]:8080")
        let secure = try WebhookURL("https://example.com")
        #expect(secure.isSecure && secure.port == 443 && secure.hostHeader == "example.com")
        let plain = try WebhookURL("http://example.com/x")
        #expect(plain.pinned(to: "93.184.216.34") == "http://93.184.216.34:80/x" && plain.hostHeader == "example.com")
        for text in [
            "ftp://example.com/", "example.com", "http://", "http://user@example.com/", "http://a:b@example.com/",
            "http://example.com:0/", "http://example.com:70000/", "javascript:alert(1)",
            "http://" + String(repeating: "a", count: 2_050) + ".com/",
        ] {
            #expect(throws: WebhookError.self, "\(text)") { try WebhookURL(text) }
        }
    }

    @Test func aLoopbackNameIsRefusedWhenPrivateAddressesAre() async throws {
        let url = try WebhookURL("http://localhost:9/")
        await #expect(throws: WebhookError.self) { try await url.resolve(allowPrivate: false) }
        let address = try await url.resolve(allowPrivate: true)
        #expect(WebhookAddress.address(literal: address)?.isPublic == false)
    }
}
