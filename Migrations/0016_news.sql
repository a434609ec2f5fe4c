-- A venue's news is read newest first from its journal. Only headlines are indexed, so the order path's
-- inserts into the journal leave the index alone.
CREATE INDEX events_news ON events (venue_id, sequence) WHERE kind = 'news_published';
