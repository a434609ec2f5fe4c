-- Standings measure what trading made: each equity snapshot keeps how much of the account had been given
-- rather than traded for (opening cash, adjustments, dividends), and the final results keep the adjustments
-- and dividends beside the profit. Snapshots and results written before hold none.
ALTER TABLE equity_snapshots ADD COLUMN given_cents BIGINT;
ALTER TABLE tournament_results ADD COLUMN adjustments_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tournament_results ADD COLUMN dividends_cents BIGINT NOT NULL DEFAULT 0;
