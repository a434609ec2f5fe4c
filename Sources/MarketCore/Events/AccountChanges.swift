/// What a run of events changed in one account, as signed amounts.
///
/// Computed by the same account mutations the venue uses, applied to an account that starts at zero,
/// so a journal can add these to stored balances instead of re-deriving them.
public struct AccountChanges: Sendable, Hashable {
    /// Whether the run opened the account (with `cash` as its opening balance).
    public internal(set) var opensAccount = false
    public internal(set) var cash: Cents = 0
    public internal(set) var reservedCash: Cents = 0
    public internal(set) var openOrders: Int = 0
    public internal(set) var positions: [TickerSymbol: Position] = [:]

    /// The net change of every account the events touch.
    public static func of(_ events: some Sequence<Event>) -> [AccountID: AccountChanges] {
        var accounts: [AccountID: Account] = [:]
        var opened: Set<AccountID> = []
        for event in events {
            switch event.kind {
            case .accountOpened(let id, let cash):
                opened.insert(id)
                accounts[id, default: Account(cash: 0)].cash += cash
            case .cashAdjusted(let id, _, _), .sharesAdjusted(let id, _, _, _):
                accounts[id, default: Account(cash: 0)].apply(event.kind, for: id)
            case .orderAccepted(let order):
                accounts[order.account, default: Account(cash: 0)].apply(event.kind, for: order.account)
            case .tradeExecuted(let trade):
                accounts[trade.buyer, default: Account(cash: 0)].settle(trade, as: trade.buyer)
                accounts[trade.seller, default: Account(cash: 0)].settle(trade, as: trade.seller)
            case .orderCancelled(let cancellation):
                accounts[cancellation.account, default: Account(cash: 0)].apply(event.kind, for: cancellation.account)
            case .orderReduced(let reduction):
                accounts[reduction.account, default: Account(cash: 0)].apply(event.kind, for: reduction.account)
            case .dividendPaid(let payment):
                for credit in payment.credits {
                    accounts[credit.account, default: Account(cash: 0)].cash += credit.amount
                }
            case .tickerDelisted(let payment):
                for credit in payment.credits {
                    accounts[credit.account, default: Account(cash: 0)].apply(event.kind, for: credit.account)
                }
            case .sharesBorrowed(let loan), .sharesReturned(let loan):
                accounts[loan.account, default: Account(cash: 0)].apply(event.kind, for: loan.account)
            case .marginCalled(let call):
                accounts[call.account, default: Account(cash: 0)].apply(event.kind, for: call.account)
            case .positionLiquidated(let liquidation):
                accounts[liquidation.account, default: Account(cash: 0)].apply(event.kind, for: liquidation.account)
            case .tickerListed, .orderRested, .orderTriggered, .tradingStatusChanged, .feeScheduleChanged,
                .riskLimitsChanged, .shortSellingChanged, .accountShortSellingChanged, .riskLimitTripped,
                .riskLimitReset, .adminAction, .newsPublished:
                break
            }
        }
        return accounts.mapValues { account in
            AccountChanges(
                opensAccount: false, cash: account.cash, reservedCash: account.reservedCash,
                openOrders: account.openOrders, positions: account.positions)
        }.reduce(into: [:]) { result, entry in
            var changes = entry.value
            changes.opensAccount = opened.contains(entry.key)
            result[entry.key] = changes
        }
    }
}
