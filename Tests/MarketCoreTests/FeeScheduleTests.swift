import Testing

@testable import MarketCore

@Suite struct FeeScheduleTests {
    @Test func feeIsRoundedDownToTheCent() {
        let fees = FeeSchedule(makerBasisPoints: 10, takerBasisPoints: 25)
        // 25 bp of 123.45 is 0.3086…: the trader pays 30 cents, never a fraction.
        #expect(fees.fee(onNotional: 123_45, basisPoints: 25) == 30)
        #expect(fees.fee(onNotional: 123_45, basisPoints: 10) == 12)
        #expect(fees.fee(onNotional: 99, basisPoints: 25) == 0)
    }

    @Test func minimumAppliesPerFillButNeverAboveTheNotional() {
        let fees = FeeSchedule(makerBasisPoints: 0, takerBasisPoints: 10, minimumPerFill: 5)
        #expect(fees.fee(onNotional: 100_00, basisPoints: 10) == 10)
        #expect(fees.fee(onNotional: 1_00, basisPoints: 10) == 5)
        #expect(fees.fee(onNotional: 3, basisPoints: 10) == 3)
        #expect(fees.fee(onNotional: 1_00, basisPoints: 0) == 5)
    }

    @Test func escrowPerShareCoversPriceAndTheLargestRateRoundedUp() {
        let fees = FeeSchedule(makerBasisPoints: 5, takerBasisPoints: 20)
        #expect(fees.escrowPerShare(atPrice: 100_00) == 100_20)
        #expect(fees.escrowPerShare(atPrice: 1_01) == 1_02)  // 0.202 cents rounds up to 1
        #expect(FeeSchedule.free.escrowPerShare(atPrice: 1_01) == 1_01)
        #expect(FeeSchedule(minimumPerFill: 7).escrowPerShare(atPrice: 50_00) == 50_07)
        #expect(FeeSchedule.free.escrowPerShare(atPrice: .max) == .max)
        #expect(FeeSchedule(minimumPerFill: 1).escrowPerShare(atPrice: .max) == nil)
    }

    @Test func validity() {
        #expect(FeeSchedule(makerBasisPoints: 0, takerBasisPoints: 10_000).isValid)
        #expect(!FeeSchedule(makerBasisPoints: -1).isValid)
        #expect(!FeeSchedule(takerBasisPoints: 10_001).isValid)
        #expect(!FeeSchedule(minimumPerFill: -1).isValid)
    }
}
