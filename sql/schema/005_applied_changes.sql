-- The keepers' own changes, kept whole once applied.
--
-- A change is a numbered script of a changes directory (changes/001_slug.sql
-- beside the database) that `asemdb init` applies after the built-in schema and
-- seed, recorded in applied_script with its SHA-256 like any script. Its text is
-- kept here as well, so that the audit rebuilds what the built-in scripts and
-- the changes build without the directory, and an applied change can be shown
-- after its file is gone.

CREATE TABLE applied_change (
    name    TEXT PRIMARY KEY CHECK (name GLOB 'changes/[0-9]*_*.sql'),
    number  INTEGER NOT NULL UNIQUE CHECK (number > 0),
    text    TEXT NOT NULL
) STRICT;

INSERT INTO schema_doc (object_name, column_name, description) VALUES
    ('applied_change', '', 'Every change script applied to this database (changes/NNN_slug.sql), kept whole'),
    ('applied_change', 'name', 'The change as applied_script names it: changes/ and its file name'),
    ('applied_change', 'number', 'The number its file name starts with; changes apply in this order'),
    ('applied_change', 'text', 'The script as applied, its header (title, date, author, source) included');
UPDATE schema_doc SET description = 'Every schema, seed and change script applied to this database, with its SHA-256'
 WHERE object_name = 'applied_script' AND column_name = '';
