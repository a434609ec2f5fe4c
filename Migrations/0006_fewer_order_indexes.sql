-- Resting orders are found by replaying the journal, never through this index, yet every order paid for it
-- on the order path: an entry when it was placed, and a move each time its status changed.

DROP INDEX orders_resting;
