-- Each account's orders and trades are looked up in the server's memory (AccountIndex), which it fills from
-- these tables at start. An index keyed by account took one more page into every commit for each account
-- the commit touched; these three were two thirds of the pages an order commit wrote.
DROP INDEX orders_by_user_status;
DROP INDEX trades_by_buyer;
DROP INDEX trades_by_seller;
