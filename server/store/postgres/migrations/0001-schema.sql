-- The first schema: every domain's records as JSON documents (the same
-- encoding as the bbolt store's values), with the columns that index,
-- order or constrain them beside. Text keys compare byte by byte
-- (COLLATE "C"), like bbolt's keys.

CREATE TABLE meta (
	key   text COLLATE "C" PRIMARY KEY,
	value bytea NOT NULL
);

-- Single documents: the offices, the municipality list, address counters.
CREATE TABLE documents (
	key text COLLATE "C" PRIMARY KEY,
	doc json NOT NULL
);

CREATE TABLE dossiers (
	number    text COLLATE "C" PRIMARY KEY,
	procedure text COLLATE "C" NOT NULL,
	waiting   boolean NOT NULL,
	queue_key bigint NOT NULL,
	doc       json NOT NULL
);
CREATE INDEX dossiers_queue ON dossiers (procedure, queue_key) WHERE waiting;

-- Wrong answers per dossier number (any number, not only dossiers).
CREATE TABLE dossier_failures (
	number       text COLLATE "C" PRIMARY KEY,
	window_start bigint NOT NULL,
	failures     bigint NOT NULL
);

CREATE TABLE dossier_stats (
	key text COLLATE "C" PRIMARY KEY,
	doc json NOT NULL
);

CREATE TABLE api_tokens (
	hash bytea PRIMARY KEY,
	name text COLLATE "C" NOT NULL UNIQUE,
	doc  json NOT NULL
);

CREATE TABLE bookings (
	ref        text COLLATE "C" PRIMARY KEY,
	office     text COLLATE "C" NOT NULL,
	start_unix bigint NOT NULL,
	created_ns bigint NOT NULL,
	idem_key   text COLLATE "C" UNIQUE,
	pin_hash   bytea,
	doc        json NOT NULL
);
CREATE INDEX bookings_start ON bookings (office, start_unix, ref);
CREATE INDEX bookings_created ON bookings (office, created_ns, ref);
CREATE INDEX bookings_purge ON bookings (start_unix);

-- Active bookings per slot: the row every booking of a slot locks.
CREATE TABLE booking_slots (
	office     text COLLATE "C" NOT NULL,
	service    text COLLATE "C" NOT NULL,
	start_unix bigint NOT NULL,
	booked     integer NOT NULL CHECK (booked >= 0),
	PRIMARY KEY (office, service, start_unix)
);

-- The latest booking of a dossier for a service (one per dossier).
CREATE TABLE booking_dossiers (
	dossier text COLLATE "C" NOT NULL,
	service text COLLATE "C" NOT NULL,
	ref     text COLLATE "C" NOT NULL,
	PRIMARY KEY (dossier, service)
);

CREATE TABLE booking_pins (
	ref text COLLATE "C" PRIMARY KEY REFERENCES bookings (ref) ON DELETE CASCADE,
	doc json NOT NULL
);

CREATE TABLE receipts (
	id  text COLLATE "C" PRIMARY KEY,
	doc json NOT NULL
);

CREATE TABLE receipt_keys (
	id      text COLLATE "C" PRIMARY KEY,
	doc     json NOT NULL
);

CREATE SEQUENCE account_ids;
CREATE TABLE accounts (
	id    text COLLATE "C" PRIMARY KEY,
	email text COLLATE "C" NOT NULL UNIQUE,
	doc   json NOT NULL
);

CREATE TABLE sessions (
	id_hash text COLLATE "C" PRIMARY KEY,
	doc     json NOT NULL
);

CREATE TABLE audit (
	seq bigint PRIMARY KEY,
	doc json NOT NULL
);

CREATE TABLE queue_tickets (
	id          text COLLATE "C" PRIMARY KEY,
	office      text COLLATE "C" NOT NULL,
	day         text COLLATE "C" NOT NULL,
	waiting     boolean NOT NULL,
	token_hash  bytea UNIQUE,
	arrival_key text COLLATE "C" UNIQUE,
	doc         json NOT NULL
);
CREATE INDEX queue_tickets_day ON queue_tickets (office, day, id);
CREATE INDEX queue_tickets_waiting ON queue_tickets (office, day) WHERE waiting;
CREATE INDEX queue_tickets_purge ON queue_tickets (day);

CREATE TABLE queue_counters (
	office  text COLLATE "C" NOT NULL,
	day     text COLLATE "C" NOT NULL,
	service text COLLATE "C" NOT NULL,
	last    integer NOT NULL,
	PRIMARY KEY (office, day, service)
);

CREATE TABLE kiosks (
	id          text COLLATE "C" PRIMARY KEY,
	code_hash   bytea UNIQUE,
	secret_hash bytea UNIQUE,
	doc         json NOT NULL
);

CREATE TABLE address_notifications (
	ref          text COLLATE "C" PRIMARY KEY,
	municipality text COLLATE "C" NOT NULL,
	created_ns   bigint NOT NULL,
	departure    text COLLATE "C" NOT NULL,
	doc          json NOT NULL
);
CREATE INDEX address_by_muni ON address_notifications (municipality, created_ns, ref);
CREATE INDEX address_by_created ON address_notifications (created_ns, ref);
CREATE INDEX address_by_departure ON address_notifications (departure, ref);

CREATE TABLE escalations (
	ref        text COLLATE "C" PRIMARY KEY,
	created_ns bigint NOT NULL,
	doc        json NOT NULL
);
CREATE INDEX escalations_created ON escalations (created_ns, ref);

CREATE TABLE canned_answers (
	id  text COLLATE "C" PRIMARY KEY,
	doc json NOT NULL
);

CREATE SEQUENCE mandate_ids;
CREATE TABLE mandates (
	seq     bigint PRIMARY KEY,
	dossier text COLLATE "C" NOT NULL,
	lawyer  text COLLATE "C" NOT NULL,
	live    boolean NOT NULL,
	doc     json NOT NULL
);
CREATE INDEX mandates_dossier ON mandates (dossier, seq) WHERE live;
CREATE INDEX mandates_lawyer ON mandates (lawyer, seq) WHERE live;

CREATE TABLE mandate_codes (
	hash bytea PRIMARY KEY,
	doc  json NOT NULL
);

CREATE TABLE lawyers (
	id        text COLLATE "C" PRIMARY KEY,
	feed_hash bytea UNIQUE,
	doc       json NOT NULL
);

CREATE TABLE usage_stats (
	key   text COLLATE "C" PRIMARY KEY,
	count bigint NOT NULL
);
