-- Contact messages sent through /contact/. No IP address is stored: only the country that
-- Cloudflare reports and a short hash of the User-Agent, to spot floods.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    subject TEXT NOT NULL CHECK (subject IN ('information', 'partenariat', 'presse', 'autre')),
    message TEXT NOT NULL CHECK (length(message) BETWEEN 1 AND 5000),
    country TEXT CHECK (country IS NULL OR length(country) = 2),
    user_agent_hash TEXT
);

CREATE INDEX messages_created_at ON messages (created_at);
