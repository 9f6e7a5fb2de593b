-- The outbox: subscriptions by subject, and messages queued in the same
-- transaction as the change that causes them. A worker on any instance
-- claims due messages with FOR UPDATE SKIP LOCKED.

CREATE TABLE notify_subscriptions (
	id      text COLLATE "C" PRIMARY KEY,
	subject text COLLATE "C" NOT NULL,
	doc     json NOT NULL
);
CREATE INDEX notify_subscriptions_subject ON notify_subscriptions (subject, id);

CREATE SEQUENCE notify_message_ids;
CREATE TABLE notify_messages (
	id           bigint PRIMARY KEY,
	key          text COLLATE "C" NOT NULL UNIQUE,
	subject      text COLLATE "C" NOT NULL,
	subscription text COLLATE "C" NOT NULL,
	state        text COLLATE "C" NOT NULL,
	due_ns       bigint NOT NULL,
	done_ns      bigint NOT NULL DEFAULT 0,
	doc          json NOT NULL
);
CREATE INDEX notify_messages_due ON notify_messages (due_ns, id) WHERE state = 'queued';
CREATE INDEX notify_messages_subject ON notify_messages (subject, id);
CREATE INDEX notify_messages_done ON notify_messages (done_ns) WHERE state <> 'queued';
