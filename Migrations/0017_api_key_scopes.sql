-- What each API key may do: read (market data, its owner's orders and portfolio), trade (also place and
-- change orders and everything else outside the control plane), or admin (also /api/admin, as far as its
-- owner's role and hostings allow). Keys made before scopes could do all their owner could: those of
-- administrators and venue hosts stay admin keys, so that their scripts keep working; the rest are trade keys.
ALTER TABLE api_keys ADD COLUMN scope TEXT NOT NULL DEFAULT 'trade' CHECK (scope IN ('read', 'trade', 'admin'));
UPDATE api_keys SET scope = 'admin'
WHERE user_id IN (SELECT id FROM users WHERE role = 'admin') OR user_id IN (SELECT user_id FROM venue_hosts);
