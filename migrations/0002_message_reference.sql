-- Each message's opaque random reference (32 hex digits), also its notification's Message-ID
-- and the answer to a script: the team finds a message by it, and nothing outside the
-- database ever shows the sequential `id`. Rows stored before this migration have none.
ALTER TABLE messages ADD COLUMN reference TEXT;

CREATE UNIQUE INDEX messages_reference ON messages (reference);
