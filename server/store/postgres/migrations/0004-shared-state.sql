-- State that several instances share: the proofs of work already used
-- (each with the form it was used for, until it expires).
CREATE TABLE pow_used (
	token   text COLLATE "C" PRIMARY KEY,
	form    text COLLATE "C" NOT NULL,
	expires timestamptz NOT NULL
);
CREATE INDEX pow_used_expires ON pow_used (expires);
