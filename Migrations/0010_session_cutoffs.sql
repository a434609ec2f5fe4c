-- Revoking a user's keys can also end their sessions: tokens issued before tokens_valid_after (milliseconds
-- since 1970) are refused from then on. One row per user whose sessions were ever ended.
CREATE TABLE session_cutoffs (
    user_id BIGINT PRIMARY KEY,
    tokens_valid_after BIGINT NOT NULL
);
