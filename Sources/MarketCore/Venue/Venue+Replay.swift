import Synchronization

/// Rebuilding a venue: from its journal's events in sequence order, as a replay does, or from a snapshot.
extension Venue {
    /// Applies an event made elsewhere, as a replay of a journal does; events must come in sequence order.
    public func apply(_ event: Event) {
        switch event.kind {
        case .accountOpened(let account, let cash):
            ledger.withAccount(account) { $0 = Account(cash: cash) }
            issuedCashTotal.add(cash.value, ordering: .sequentiallyConsistent)
        case .accountShortSellingChanged(let account, _), .riskLimitReset(let account):
            ledger.withAccount(account) { $0?.apply(event.kind, for: account) }
        case .riskLimitTripped(let trip):
            ledger.withAccount(trip.account) { $0?.apply(event.kind, for: trip.account) }
        case .cashAdjusted(let account, let amount, _):
            ledger.withAccount(account) { $0?.apply(event.kind, for: account) }
            issuedCashTotal.add(amount.value, ordering: .sequentiallyConsistent)
        case .tickerListed(let listing):
            rules.withLock { rules in
                markets.withLock { $0.append(MarketCell(TickerMarket(listing: listing, rules: rules))) }
            }
        case .tradingStatusChanged(nil, _), .feeScheduleChanged, .riskLimitsChanged, .shortSellingChanged:
            applyRulesChange(event)
        case .adminAction, .newsPublished:
            break
        default:
            guard let ticker = event.kind.ticker, let cell = cell(for: ticker) else {
                preconditionFailure("event \(event.sequence) names a ticker that is not listed")
            }
            cell.market.withLock { market in
                if case .orderAccepted(let order) = event.kind {
                    ledger.withAccount(order.account) { $0?.apply(event.kind, for: order.account) }
                }
                // What the event set in motion is in the events that follow it.
                _ = applyLocked(event, to: &market)
            }
        }
        sequence.store(max(lastSequence, event.sequence), ordering: .sequentiallyConsistent)
    }

    /// A venue as a snapshot describes it, resting orders back in their original priority.
    public convenience init(id: String, restoring snapshot: VenueSnapshot) {
        self.init(id: id, rules: snapshot.rules)
        for saved in snapshot.markets.values.sorted(by: { $0.listing.symbol < $1.listing.symbol }) {
            var market = TickerMarket(listing: saved.listing, rules: snapshot.rules)
            market.restore(
                lastPrice: saved.lastPrice, feesCollected: saved.feesCollected, volume: saved.volume,
                status: saved.status, issuedShares: saved.issuedShares, isDelisted: saved.isDelisted)
            for order in (saved.bids + saved.asks).sorted(by: { $0.priority < $1.priority }) {
                market.restore(order)
            }
            market.restore(pending: saved.pending, links: saved.links, brackets: saved.brackets)
            for (id, account) in snapshot.accounts {
                market.restore(loan: account.position(in: saved.listing.symbol).borrowed, of: id)
            }
            markets.withLock { $0.append(MarketCell(market)) }
        }
        for (id, account) in snapshot.accounts {
            ledger.withAccount(id) { $0 = account }
        }
        issuedCashTotal.store(snapshot.issuedCash.value, ordering: .sequentiallyConsistent)
        sequence.store(snapshot.lastSequence, ordering: .sequentiallyConsistent)
    }

    /// Applies an event's effects on its ticker (already locked) and on the accounts it names; returns the
    /// working order's answer once it is done, and what the event set in motion.
    func applyLocked(_ event: Event, to market: inout TickerMarket) -> MarketChange {
        switch event.kind {
        case .tradeExecuted(let trade):
            return settle(trade, in: &market)
        case .orderTriggered(let triggering):
            return market.trigger(triggering)
        case .orderCancelled(let cancellation):
            return cancel(cancellation, in: &market)
        case .orderRested(let id, _, _):
            return MarketChange(remember(market.rest(id, priority: event.sequence)))
        case .orderReduced(let reduction):
            market.reduce(reduction)
            ledger.withAccount(reduction.account) { $0?.apply(event.kind, for: reduction.account) }
        case .sharesAdjusted(let account, let ticker, let amount, _):
            let price = market.lastPrice
            _ = market.apply(event)
            ledger.withAccount(account) {
                $0?.apply(event.kind, for: account)
                $0?.valueShareGrant(amount, of: ticker, at: price)
            }
        case .sharesBorrowed(let loan), .sharesReturned(let loan):
            ledger.withAccount(loan.account) { $0?.apply(event.kind, for: loan.account) }
            _ = market.apply(event)
        case .marginCalled(let call):
            ledger.withAccount(call.account) { $0?.apply(event.kind, for: call.account) }
        case .positionLiquidated(let liquidation):
            ledger.withAccount(liquidation.account) { $0?.apply(event.kind, for: liquidation.account) }
        case .dividendPaid(let payment), .tickerDelisted(let payment):
            for credit in payment.credits {
                ledger.withAccount(credit.account) { $0?.apply(event.kind, for: credit.account) }
            }
            issuedCashTotal.add(payment.total.value, ordering: .sequentiallyConsistent)
            _ = market.apply(event)
        default:
            var change = market.apply(event)
            change.acknowledgement = remember(change.acknowledgement)
            return change
        }
        return MarketChange()
    }

    func settle(_ trade: Trade, in market: inout TickerMarket) -> MarketChange {
        var change = market.execute(trade)
        ledger.withAccount(trade.buyer) { $0?.settle(trade, as: trade.buyer) }
        ledger.withAccount(trade.seller) { $0?.settle(trade, as: trade.seller) }
        change.acknowledgement = remember(change.acknowledgement)
        return change
    }

    func cancel(_ cancellation: OrderCancellation, in market: inout TickerMarket) -> MarketChange {
        var change = market.cancel(cancellation)
        ledger.withAccount(cancellation.account) { $0?.apply(.orderCancelled(cancellation), for: cancellation.account) }
        change.acknowledgement = remember(change.acknowledgement)
        return change
    }

    /// Keeps a finished order's answer on its account when it was placed with a client order id.
    func remember(_ acknowledgement: OrderAcknowledgement?) -> OrderAcknowledgement? {
        if let acknowledgement, let key = acknowledgement.clientOrderID {
            ledger.withAccount(acknowledgement.account) { $0?.record(acknowledgement, for: key) }
        }
        return acknowledgement
    }
}
