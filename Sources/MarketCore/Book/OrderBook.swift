/// One ticker's resting orders in price-time priority: the best price first and, at one price,
/// the order that rested first.
///
/// Orders live in a pool of nodes linked into one FIFO queue per price level, so adding at the back,
/// filling at the front and cancelling anywhere are all O(1) once the level is found; levels are kept
/// sorted with the best price last, where levels come and go most often.
public struct OrderBook: Sendable {
    private var nodes: [Node] = []
    private var freeSlots: [Int32] = []
    private var slots = IdentifierMap<Int32>()
    private var bids = BookSide(side: .buy)
    private var asks = BookSide(side: .sell)

    public init() {}

    /// The number of resting orders.
    public var count: Int { slots.count }

    /// The number of resting icebergs; while there are none, every order shows all it has.
    private(set) var icebergCount = 0

    /// The best (highest) bid.
    public var bestBid: Cents? { bids.levels.last?.price }
    /// The best (lowest) ask.
    public var bestAsk: Cents? { asks.levels.last?.price }

    /// The open quantity showing on `side`: icebergs count their visible slices only.
    public func totalQuantity(on side: Side) -> Shares { side == .buy ? bids.quantity : asks.quantity }

    /// The resting order with this id.
    public func order(_ id: OrderID) -> RestingOrder? {
        slots[id.rawValue].map { nodes[Int($0)].order }
    }

    /// Price levels on `side`, best first, with the quantity showing at each.
    public func depth(on side: Side, levels limit: Int = .max) -> [PriceLevelSummary] {
        let levels = side == .buy ? bids.levels : asks.levels
        return levels.reversed().prefix(limit).map {
            PriceLevelSummary(price: $0.price, quantity: $0.quantity, orderCount: Int($0.count))
        }
    }

    /// Calls `body` with the orders of `side` in priority order until it returns `false`.
    public func forEachOrder(on side: Side, _ body: (RestingOrder) -> Bool) {
        let levels = side == .buy ? bids.levels : asks.levels
        for level in levels.reversed() {
            var slot = level.head
            while slot >= 0 {
                let node = nodes[Int(slot)]
                guard body(node.order) else { return }
                slot = node.next
            }
        }
    }

    /// Every resting order of `side` in priority order.
    public func orders(on side: Side) -> [RestingOrder] {
        var result: [RestingOrder] = []
        forEachOrder(on: side) {
            result.append($0)
            return true
        }
        return result
    }

    /// Puts `order` at the back of the queue at its price.
    mutating func insert(_ order: RestingOrder) {
        precondition(
            order.remaining > 0 && slots[order.id.rawValue] == nil, "a resting order needs open quantity and a new id")
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            nodes[Int(slot)] = Node(order: order)
        } else {
            slot = Int32(nodes.count)
            nodes.append(Node(order: order))
        }
        slots[order.id.rawValue] = slot
        if order.displayQuantity != nil { icebergCount += 1 }
        switch order.side {
        case .buy: Self.append(slot, to: &bids, nodes: &nodes)
        case .sell: Self.append(slot, to: &asks, nodes: &nodes)
        }
    }

    /// Takes the order out of the book.
    @discardableResult
    mutating func remove(_ id: OrderID) -> RestingOrder? {
        guard let slot = slots.removeValue(for: id.rawValue) else { return nil }
        let order = nodes[Int(slot)].order
        if order.displayQuantity != nil { icebergCount -= 1 }
        switch order.side {
        case .buy: Self.unlink(slot, from: &bids, nodes: &nodes)
        case .sell: Self.unlink(slot, from: &asks, nodes: &nodes)
        }
        freeSlots.append(slot)
        return order
    }

    /// Lowers the open quantity of a resting order by `quantity`, counting it as filled when
    /// `filling`, and removes the order when nothing is left; the order keeps its place in the queue,
    /// except an iceberg whose visible slice a fill used up: it shows its next slice at the back of its
    /// price level, with `priority` from `requeueingAt`.
    @inline(__always)
    mutating func reduce(_ id: OrderID, by quantity: Shares, filling: Bool, requeueingAt requeue: UInt64 = 0) {
        guard let slot = slots[id.rawValue] else { preconditionFailure("reducing an order that does not rest: \(id)") }
        let index = Int(slot)
        let remaining = nodes[index].order.remaining - quantity
        precondition(remaining >= 0, "reducing \(id) below zero")
        if remaining == 0 {
            remove(id)
            return
        }
        let shown = nodes[index].order.visibleQuantity
        nodes[index].order.remaining = remaining
        if filling {
            precondition(quantity <= shown, "filling \(id) beyond its visible quantity")
            nodes[index].order.filledQuantity += quantity
            nodes[index].order.visibleQuantity = shown - quantity
        } else {
            nodes[index].order.quantity -= quantity
            nodes[index].order.visibleQuantity = min(shown, remaining)
        }
        let change = nodes[index].order.visibleQuantity - shown
        switch nodes[index].order.side {
        case .buy: Self.changeQuantity(at: nodes[index].order.price, by: change, in: &bids)
        case .sell: Self.changeQuantity(at: nodes[index].order.price, by: change, in: &asks)
        }
        if nodes[index].order.visibleQuantity == 0 {
            refill(slot, priority: requeue)
        }
    }

    /// Shows an iceberg's next slice, at the back of its price level.
    @inline(never)
    private mutating func refill(_ slot: Int32, priority: UInt64) {
        let side = nodes[Int(slot)].order.side
        switch side {
        case .buy: Self.unlink(slot, from: &bids, nodes: &nodes)
        case .sell: Self.unlink(slot, from: &asks, nodes: &nodes)
        }
        nodes[Int(slot)].previous = -1
        nodes[Int(slot)].next = -1
        let order = nodes[Int(slot)].order
        nodes[Int(slot)].order.visibleQuantity = min(order.displayQuantity ?? order.remaining, order.remaining)
        nodes[Int(slot)].order.priority = priority
        switch side {
        case .buy: Self.append(slot, to: &bids, nodes: &nodes)
        case .sell: Self.append(slot, to: &asks, nodes: &nodes)
        }
    }

    private static func append(_ slot: Int32, to side: inout BookSide, nodes: inout [Node]) {
        let order = nodes[Int(slot)].order
        let (index, found) = side.search(order.price)
        if !found {
            side.levels.insert(PriceLevel(price: order.price), at: index)
        }
        let tail = side.levels[index].tail
        if tail < 0 {
            side.levels[index].head = slot
        } else {
            nodes[Int(tail)].next = slot
            nodes[Int(slot)].previous = tail
        }
        side.levels[index].tail = slot
        side.levels[index].count += 1
        side.levels[index].quantity += order.visibleQuantity
        side.quantity += order.visibleQuantity
    }

    private static func unlink(_ slot: Int32, from side: inout BookSide, nodes: inout [Node]) {
        let node = nodes[Int(slot)]
        let (index, found) = side.search(node.order.price)
        precondition(found, "a resting order's price level is missing")
        if node.previous >= 0 {
            nodes[Int(node.previous)].next = node.next
        } else {
            side.levels[index].head = node.next
        }
        if node.next >= 0 {
            nodes[Int(node.next)].previous = node.previous
        } else {
            side.levels[index].tail = node.previous
        }
        side.levels[index].count -= 1
        side.levels[index].quantity -= node.order.visibleQuantity
        side.quantity -= node.order.visibleQuantity
        if side.levels[index].count == 0 {
            side.levels.remove(at: index)
        }
    }

    private static func changeQuantity(at price: Cents, by delta: Shares, in side: inout BookSide) {
        let (index, found) = side.search(price)
        precondition(found, "a resting order's price level is missing")
        side.levels[index].quantity += delta
        side.quantity += delta
    }
}

/// One price level as market data shows it.
public struct PriceLevelSummary: Sendable, Hashable, Codable {
    public let price: Cents
    public let quantity: Shares
    public let orderCount: Int

    public init(price: Cents, quantity: Shares, orderCount: Int) {
        self.price = price
        self.quantity = quantity
        self.orderCount = orderCount
    }
}

private struct Node: Sendable {
    var order: RestingOrder
    var previous: Int32 = -1
    var next: Int32 = -1
}

private struct PriceLevel: Sendable {
    let price: Cents
    var quantity: Shares = 0
    var count: Int32 = 0
    var head: Int32 = -1
    var tail: Int32 = -1
}

private struct BookSide: Sendable {
    let side: Side
    /// Sorted from the worst price to the best, so the best level is last.
    var levels: [PriceLevel] = []
    var quantity: Shares = 0

    /// The index of the level at `price`, or where it belongs.
    func search(_ price: Cents) -> (index: Int, found: Bool) {
        if let best = levels.last, best.price == price { return (levels.count - 1, true) }
        var low = 0
        var high = levels.count
        while low < high {
            let middle = (low + high) / 2
            if isWorse(levels[middle].price, than: price) { low = middle + 1 } else { high = middle }
        }
        return (low, low < levels.count && levels[low].price == price)
    }

    private func isWorse(_ price: Cents, than other: Cents) -> Bool {
        side == .buy ? price < other : price > other
    }
}
