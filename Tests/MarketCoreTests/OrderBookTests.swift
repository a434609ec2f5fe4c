import Testing

@testable import MarketCore

@Suite struct OrderBookTests {
    private func order(_ id: UInt64, _ side: Side, _ price: Cents, _ quantity: Shares, account: Int64 = 1)
        -> RestingOrder
    {
        RestingOrder(
            id: OrderID(id), account: AccountID(account), side: side, price: price, quantity: quantity,
            remaining: quantity, filledQuantity: 0, escrowPerShare: side == .buy ? price : 0, priority: id)
    }

    @Test func ordersComeOutBestPriceFirstThenOldestFirst() {
        var book = OrderBook()
        book.insert(order(1, .buy, 99_00, 5))
        book.insert(order(2, .buy, 100_00, 5))
        book.insert(order(3, .buy, 99_00, 5))
        book.insert(order(4, .buy, 98_00, 5))
        book.insert(order(5, .sell, 102_00, 5))
        book.insert(order(6, .sell, 101_00, 5))
        book.insert(order(7, .sell, 101_00, 5))
        #expect(book.orders(on: .buy).map(\.id.rawValue) == [2, 1, 3, 4])
        #expect(book.orders(on: .sell).map(\.id.rawValue) == [6, 7, 5])
        #expect(book.bestBid == 100_00)
        #expect(book.bestAsk == 101_00)
    }

    @Test func depthAggregatesByPriceLevel() {
        var book = OrderBook()
        book.insert(order(1, .buy, 99_00, 5))
        book.insert(order(2, .buy, 99_00, 7))
        book.insert(order(3, .buy, 98_00, 1))
        #expect(
            book.depth(on: .buy) == [
                PriceLevelSummary(price: 99_00, quantity: 12, orderCount: 2),
                PriceLevelSummary(price: 98_00, quantity: 1, orderCount: 1),
            ])
        #expect(book.depth(on: .buy, levels: 1).count == 1)
        #expect(book.totalQuantity(on: .buy) == 13)
        #expect(book.depth(on: .sell) == [])
    }

    @Test func removingFromTheMiddleKeepsTheQueueAndDropsEmptyLevels() {
        var book = OrderBook()
        for id in 1...3 { book.insert(order(UInt64(id), .sell, 101_00, 1)) }
        book.insert(order(4, .sell, 102_00, 1))
        #expect(book.remove(OrderID(2))?.id == OrderID(2))
        #expect(book.orders(on: .sell).map(\.id.rawValue) == [1, 3, 4])
        book.remove(OrderID(1))
        book.remove(OrderID(3))
        #expect(book.bestAsk == 102_00)
        #expect(book.remove(OrderID(3)) == nil)
        book.insert(order(5, .sell, 101_00, 1))
        #expect(book.orders(on: .sell).map(\.id.rawValue) == [5, 4])
        #expect(book.count == 2)
    }

    @Test func reducingKeepsPlaceAndFillingCounts() {
        var book = OrderBook()
        book.insert(order(1, .buy, 100_00, 10))
        book.insert(order(2, .buy, 100_00, 10))
        book.reduce(OrderID(1), by: 4, filling: false)
        book.reduce(OrderID(1), by: 2, filling: true)
        let first = book.order(OrderID(1))!
        #expect(first.remaining == 4 && first.filledQuantity == 2 && first.quantity == 6)
        #expect(book.orders(on: .buy).map(\.id.rawValue) == [1, 2])
        #expect(book.depth(on: .buy).first?.quantity == 14)
        book.reduce(OrderID(1), by: 4, filling: true)
        #expect(book.order(OrderID(1)) == nil)
        #expect(book.totalQuantity(on: .buy) == 10)
    }
}
