/// Accounts: opened with cash issued into them, and adjusted by administrators; what is credited counts as
/// issued, so conservation holds.
extension Venue {
    /// Opens an account with `cash` issued into it.
    public func openAccount(_ account: AccountID, cash: Cents, at time: Timestamp) throws(VenueError) -> Event {
        guard cash >= 0 else { throw .invalidAmount }
        return try ledger.withAccount(account) { (slot) throws(VenueError) -> Event in
            guard slot == nil else { throw .accountAlreadyOpen(account) }
            try issue(cash)
            let event = Event(sequence: allocate(1), timestamp: time, kind: .accountOpened(account, cash: cash))
            slot = Account(cash: cash)
            return event
        }
    }

    /// Credits (positive) or debits (negative) free cash; the amount counts as issued.
    public func adjustCash(
        of account: AccountID, by amount: Cents, reason: String, at time: Timestamp
    ) throws(VenueError) -> Event {
        guard amount != 0 else { throw .invalidAmount }
        return try ledger.withAccount(account) { (slot) throws(VenueError) -> Event in
            guard var current = slot else { throw .unknownAccount(account) }
            guard amount.value.magnitude <= AmountCeiling.supply.magnitude else { throw .amountTooLarge }
            guard current.cash + amount >= 0 else { throw .insufficientCash(needed: -amount, available: current.cash) }
            try issue(amount)
            let kind = EventKind.cashAdjusted(account, amount: amount, reason: reason)
            let event = Event(sequence: allocate(1), timestamp: time, kind: kind)
            current.apply(kind, for: account)
            slot = current
            return event
        }
    }

    /// Turns short selling on or off for `account` itself; it lets the account sell short only where the venue's
    /// rule allows short selling to accounts that opt in (see ``ShortSelling``). Turning it off leaves open
    /// short positions as they are.
    public func setShortSelling(
        of account: AccountID, enabled: Bool, at time: Timestamp
    ) throws(VenueError) -> Event {
        try ledger.withAccount(account) { (slot) throws(VenueError) -> Event in
            guard slot != nil else { throw .unknownAccount(account) }
            let kind = EventKind.accountShortSellingChanged(account, enabled: enabled)
            slot!.apply(kind, for: account)
            return Event(sequence: allocate(1), timestamp: time, kind: kind)
        }
    }

    /// Credits (positive) or debits (negative) free shares; the amount counts as issued.
    public func adjustShares(
        of account: AccountID, in ticker: TickerSymbol, by amount: Shares, reason: String, at time: Timestamp
    ) throws(VenueError) -> Event {
        guard amount != 0 else { throw .invalidAmount }
        guard let cell = cell(for: ticker) else { throw .unknownTicker(ticker) }
        return try cell.market.withLock { (market) throws(VenueError) -> Event in
            guard !market.isDelisted else { throw .unknownTicker(ticker) }
            guard AmountCeiling.canIssue(amount, onTopOf: market.issuedShares) else { throw .amountTooLarge }
            let kind = EventKind.sharesAdjusted(account, ticker, amount: amount, reason: reason)
            let event = try ledger.withAccount(account) { (slot) throws(VenueError) -> Event in
                guard var current = slot else { throw .unknownAccount(account) }
                let free = current.position(in: ticker).shares
                guard free + amount >= 0 else { throw .insufficientShares(needed: -amount, available: free) }
                let event = Event(sequence: allocate(1), timestamp: time, kind: kind)
                current.apply(kind, for: account)
                current.valueShareGrant(amount, of: ticker, at: market.lastPrice)
                slot = current
                return event
            }
            _ = market.apply(event)
            return event
        }
    }
}
