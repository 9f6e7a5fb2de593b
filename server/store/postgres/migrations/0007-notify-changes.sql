-- The outbox's change log: a change's transaction appends one row (what
-- changed, and an address given with it); the outbox worker fans the rows
-- out, in order, into notify_messages in a transaction of its own.

CREATE TABLE notify_changes (
	id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	doc json NOT NULL
);
