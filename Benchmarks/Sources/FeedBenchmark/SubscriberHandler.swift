import Foundation
import NIOCore

/// A WebSocket subscriber as lean as the protocol allows, on a raw NIO channel: it sends the upgrade
/// request, checks the `101`, then reads server frames straight from the socket's bytes (unmasked, as a
/// server sends them), takes each text frame's `"sequence":N` without decoding the JSON, records the delay
/// from its publication, and answers pings. No task or allocation per message.
final class SubscriberHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let path: String
    private let port: Int
    private let expected: Int
    private let receipt: Receipts
    private let published: PublicationTimes
    private var pending = ByteBuffer()
    private var upgraded = false
    private var last: UInt64 = 0
    private var delays: [UInt64] = []
    private var received = 0

    init(path: String, port: Int, expected: Int, receipt: Receipts, published: PublicationTimes) {
        self.path = path
        self.port = port
        self.expected = expected
        self.receipt = receipt
        self.published = published
        delays.reserveCapacity(expected)
    }

    func channelActive(context: ChannelHandlerContext) {
        let request =
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: request)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        if !upgraded {
            guard let headerEnd = pending.readableBytesView.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
            let header = pending.readString(length: headerEnd.upperBound - pending.readerIndex) ?? ""
            guard header.hasPrefix("HTTP/1.1 101") else {
                print("upgrade refused: \(header.prefix(80))")
                context.close(promise: nil)
                return
            }
            upgraded = true
        }
        while let frame = nextFrame() {
            switch frame.opcode {
            case 0x1: record(frame.payload)
            case 0x9: pong(frame.payload, context: context)
            case 0x8: context.close(promise: nil)
            default: break
            }
        }
        pending.discardReadBytes()
    }

    func channelInactive(context: ChannelHandlerContext) {
        receipt.record(delays)
        delays = []
    }

    /// The next complete frame in `pending`, consumed; `nil` until one has fully arrived.
    private func nextFrame() -> (opcode: UInt8, payload: ByteBuffer)? {
        let start = pending.readerIndex
        guard let first = pending.getInteger(at: start, as: UInt8.self),
            let second = pending.getInteger(at: start + 1, as: UInt8.self)
        else { return nil }
        var length = Int(second & 0x7F)
        var headerLength = 2
        if length == 126 {
            guard let extended = pending.getInteger(at: start + 2, as: UInt16.self) else { return nil }
            length = Int(extended)
            headerLength = 4
        } else if length == 127 {
            guard let extended = pending.getInteger(at: start + 2, as: UInt64.self) else { return nil }
            length = Int(extended)
            headerLength = 10
        }
        guard pending.readableBytes >= headerLength + length else { return nil }
        pending.moveReaderIndex(forwardBy: headerLength)
        let payload = pending.readSlice(length: length)!
        return (first & 0x0F, payload)
    }

    private func record(_ payload: ByteBuffer) {
        let arrived = nanosecondsNow()
        guard let sequence = Self.sequence(in: payload) else { return }
        if last != 0 && sequence != last + 1 { receipt.gaps.add(1, ordering: .relaxed) }
        last = sequence
        let publishedAt = Int(sequence) < published.times.count ? published.times[Int(sequence)] : 0
        if publishedAt != 0 && arrived >= publishedAt { delays.append(arrived - publishedAt) }
        received += 1
        receipt.received.add(1, ordering: .relaxed)
        if received == expected {
            receipt.record(delays)
            delays = []
        }
    }

    /// A client's frames are masked; a zero mask leaves the payload as it is.
    private func pong(_ payload: ByteBuffer, context: ChannelHandlerContext) {
        var payload = payload
        var frame = context.channel.allocator.buffer(capacity: payload.readableBytes + 6)
        frame.writeInteger(UInt8(0x8A))
        frame.writeInteger(UInt8(0x80 | UInt8(payload.readableBytes)))
        frame.writeInteger(UInt32(0))
        frame.writeBuffer(&payload)
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    private static let key = Array(#""sequence":"#.utf8)

    /// The `"sequence":N` of a message, read from its bytes.
    static func sequence(in buffer: ByteBuffer) -> UInt64? {
        buffer.withUnsafeReadableBytes { bytes -> UInt64? in
            guard bytes.count > key.count else { return nil }
            var start = 0
            search: while start + key.count < bytes.count {
                for offset in 0..<key.count where bytes[start + offset] != key[offset] {
                    start += 1
                    continue search
                }
                var value: UInt64 = 0
                var index = start + key.count
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    value = value * 10 + UInt64(bytes[index] - 48)
                    index += 1
                }
                return value
            }
            return nil
        }
    }
}
