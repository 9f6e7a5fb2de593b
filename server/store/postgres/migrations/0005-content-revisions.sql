-- The content editor's revisions: numbered per text ("kind/lang/key"),
-- at most one of them live (published) per text.
CREATE TABLE content_revisions (
	ref       text COLLATE "C" NOT NULL,
	n         integer NOT NULL,
	published boolean NOT NULL,
	doc       json NOT NULL,
	PRIMARY KEY (ref, n)
);
CREATE UNIQUE INDEX content_revisions_live ON content_revisions (ref) WHERE published;
