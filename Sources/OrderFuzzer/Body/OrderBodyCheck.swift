import Foundation
import MarketCore
import MarketWire

/// One fuzz input as the body of `POST /api/orders`, `POST /api/orders/oco` and `PATCH /api/orders/{id}`.
///
/// It traps (which libFuzzer reports as a crash) when a reader traps, or when the order path's two
/// readers answer differently: the server takes ``PlainJSONObject``'s answer whenever it has one, so
/// that answer must be the one `JSONDecoder` gives, or an order would depend on which reader read it.
enum OrderBodyCheck {
    static func run(_ bytes: UnsafeRawBufferPointer) {
        let data = Data(bytes)
        let object = PlainJSONObject(bytes)
        if let object { checkPlainObject(object, against: data) }
        // The server refuses bodies that name a field twice; the fast reader must never take one.
        if let repeated = RepeatedName.first(in: data), object != nil {
            fatalError("the fast reader accepted \(quoted(bytes)), which names \(repeated) twice")
        }
        let fast = object.flatMap { try? OrderTicket(fields: $0) }
        let slow = Result { try JSONDecoder().decode(OrderTicket.self, from: data) }
        if let fast {
            switch slow {
            case .success(let slow):
                let account = AccountID(1)
                guard fast.request(for: account) == slow.request(for: account) else {
                    fatalError(
                        "readers disagree on \(quoted(bytes)): fast \(fast.request(for: account)), "
                            + "JSONDecoder \(slow.request(for: account))")
                }
            case .failure(let error):
                fatalError("the fast reader accepted \(quoted(bytes)), JSONDecoder refused it: \(error)")
            }
        }
        // The other order bodies are read only by JSONDecoder; they must refuse, never trap.
        _ = try? JSONDecoder().decode(PairTicket.self, from: data)
        _ = try? JSONDecoder().decode(Amendment.self, from: data)
    }

    /// Whatever ``PlainJSONObject`` accepts must be a JSON object, with the same strings, booleans and
    /// nulls under the same names as Foundation's parser reads. That keeps the fast reader honest
    /// about JSON itself, beyond the fields an order has.
    private static func checkPlainObject(_ object: PlainJSONObject, against data: Data) {
        // Foundation refuses numbers beyond a Double's range (`1e400`), which JSON's grammar allows and
        // the fast reader keeps as text for the field readers to decline; nothing to compare then.
        guard let parsed = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return
        }
        guard let dictionary = parsed as? [String: Any] else {
            fatalError("the fast reader accepted a body that is not a JSON object: \(quoted(data))")
        }
        for (name, value) in dictionary {
            let expected: PlainJSONObject.Value?
            switch value {
            case let text as String: expected = .string(text)
            case is NSNull: expected = .null
            default: continue  // numbers and booleans: NSNumber blurs the two, compared via tickets
            }
            guard object[name] == expected else {
                fatalError("fast reader reads \(name) as \(String(describing: object[name])), not \(value)")
            }
        }
    }

    private static func quoted(_ bytes: some Sequence<UInt8>) -> String {
        String(decoding: Array(bytes), as: UTF8.self).debugDescription
    }
}
