import Foundation
import MarketCore

/// The journal's record format: the text an event is stored as, with the number of the format it was
/// written in (the `events.format` column). docs/JOURNAL.md describes every record.
///
/// - Format 1: every record written before the format was numbered.
/// - Format 2: as format 1, except that an `orderRested` record also names the order's account.
/// - Format 3: as format 2, with one more record, `newsPublished`.
/// - Format 4: as format 3, with the records of short selling (`shortSellingChanged`, `sharesBorrowed`,
///   `sharesReturned`, `marginCalled`, `positionLiquidated`), `isShortable` on a listing that is not, and the
///   cancellation reason `liquidation`.
/// - Format 5: as format 4, with `isOptIn` on a short-selling rule that asks accounts to opt in, and the
///   record of an account's choice, `accountShortSellingChanged`.
/// - Format 6: as format 5, with the cancellation reason `disconnected`.
/// - Format 7: as format 6, with the records of an account's safety switches (`riskLimitTripped`,
///   `riskLimitReset`) and the cancellation reason `riskLimit`.
///
/// A reader takes every format ever written; a writer writes only ``current``.
enum JournalRecord {
    /// The format new records are written in.
    static let current = 7

    /// The stored text of an event, in the current format.
    static func text(of kind: EventKind) throws -> String {
        try EventPayload.json(kind)
    }

    /// The stored text of an event through the record types alone, as the rarer events are written.
    static func encodedText(of kind: EventKind) throws -> String {
        String(decoding: try JSONEncoder().encode(Writable(kind: kind)), as: UTF8.self)
    }

    /// Reads one journal's records in sequence order. A format-1 `orderRested` record does not name its
    /// account; the reader knows it from the order's acceptance, which always comes first.
    struct Reader {
        private let decoder = JSONDecoder()
        /// Format-1 orders accepted and not yet finished or rested, with their accounts.
        private var openOrders: [OrderID: AccountID] = [:]

        /// The event a stored record holds.
        mutating func event(_ text: String, format: Int) throws -> EventKind {
            guard (1...JournalRecord.current).contains(format) else {
                throw RecordError.malformed("format \(format) is newer than this build reads")
            }
            let stored = try decoder.decode(Readable.self, from: Data(text.utf8)).stored
            switch stored {
            case .restedWithoutAccount(let order, let ticker):
                guard format == 1, let account = openOrders.removeValue(forKey: order) else {
                    throw RecordError.malformed("order \(order) rests without a known account")
                }
                return .orderRested(order, ticker, account: account)
            case .event(let kind):
                if format == 1 { follow(kind) }
                return kind
            }
        }

        /// Keeps the accounts of format-1 orders until they rest or finish.
        private mutating func follow(_ kind: EventKind) {
            switch kind {
            case .orderAccepted(let order): openOrders[order.id] = order.account
            case .orderCancelled(let cancellation): openOrders[cancellation.order] = nil
            case .tradeExecuted(let trade):
                if trade.completesBuyOrder { openOrders[trade.buyOrder] = nil }
                if trade.completesSellOrder { openOrders[trade.sellOrder] = nil }
            default: break
            }
        }
    }

    private struct Writable: Encodable {
        let kind: EventKind
        func encode(to encoder: any Encoder) throws { try EventRecord.encode(kind, to: encoder) }
    }

    private struct Readable: Decodable {
        let stored: EventRecord.Stored
        init(from decoder: any Decoder) throws { stored = try EventRecord.decode(from: decoder) }
    }
}
