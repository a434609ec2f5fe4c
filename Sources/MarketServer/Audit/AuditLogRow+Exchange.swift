import MarketCore

extension AuditLogRow {
    /// The name the exchange acts under in the audit log, with no user behind it.
    static let exchangeActor = (id: Int64(0), name: "exchange")

    /// The audit-log row of an event that has one: an administrator's or host's action, or the exchange's own
    /// margin call or liquidation of a short position, or trip of an account's safety limit.
    init?(_ kind: EventKind, venue: String, sequence: UInt64, createdAt: Timestamp) {
        let record: AuditRecord
        switch kind {
        case .adminAction(let action):
            record = action
        case .marginCalled(let call):
            record = AuditRecord(
                actorID: Self.exchangeActor.id, actorName: Self.exchangeActor.name, action: "margin_call",
                target: "user \(call.account.rawValue) ticker \(call.ticker)", reason: nil,
                before: ["short_quantity": call.shortShares.description, "price": MoneyText.text(cents: call.price)],
                after: [
                    "required": MoneyText.text(cents: call.required),
                    "collateral_added": MoneyText.text(cents: call.collateralAdded),
                ])
        case .positionLiquidated(let liquidation):
            record = AuditRecord(
                actorID: Self.exchangeActor.id, actorName: Self.exchangeActor.name, action: "liquidation",
                target: "user \(liquidation.account.rawValue) ticker \(liquidation.ticker)", reason: nil,
                before: [
                    "short_quantity": liquidation.shortShares.description,
                    "price": MoneyText.text(cents: liquidation.price),
                ],
                after: ["collateral_released": MoneyText.text(cents: liquidation.collateralReleased)])
        case .riskLimitTripped(let trip):
            record = AuditRecord(
                actorID: Self.exchangeActor.id, actorName: Self.exchangeActor.name, action: "risk_limit_tripped",
                target: "user \(trip.account.rawValue)", reason: trip.limit == .dailyLoss ? "daily loss" : "drawdown",
                before: ["reference_equity": MoneyText.text(cents: trip.reference)],
                after: [
                    "equity": MoneyText.text(cents: trip.equity), "limit": MoneyText.text(cents: trip.threshold),
                ])
        default:
            return nil
        }
        self.init(record, venue: venue, sequence: sequence, createdAt: createdAt)
    }
}
