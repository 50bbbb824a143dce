-- Messages sent from a preview address (a version not yet published, see src/preview.rs) are
-- kept, marked 1 here, and no mail is sent for them. Delete them once looked at:
--   npx wrangler d1 execute DB --remote --command "DELETE FROM messages WHERE preview = 1"
ALTER TABLE messages ADD COLUMN preview INTEGER NOT NULL DEFAULT 0 CHECK (preview IN (0, 1));
