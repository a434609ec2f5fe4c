-- Administrators and hosts need stronger passwords than traders (12 characters, not a common one, by
-- default). A stored hash cannot be measured, so whether a password met that policy is noted when it is set;
-- naming a host asks it. Passwords set before this migration are taken not to.
ALTER TABLE users ADD COLUMN password_suits_privileged BOOLEAN NOT NULL DEFAULT FALSE;
