-- Lawyer API tokens: found by hash, listed per lawyer.
CREATE SEQUENCE lawyer_token_ids;
CREATE TABLE lawyer_tokens (
	seq    bigint PRIMARY KEY,
	lawyer text COLLATE "C" NOT NULL,
	hash   bytea NOT NULL UNIQUE,
	doc    json NOT NULL
);
CREATE INDEX lawyer_tokens_lawyer ON lawyer_tokens (lawyer, seq);
