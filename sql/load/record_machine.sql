-- record_machine: this warehouse's machine name into raw_machine, written only when it changed
-- (an ingest under the same name writes nothing). Parameter: $host.
DELETE FROM raw_machine WHERE host <> $host;
INSERT INTO raw_machine SELECT $host, now()::TIMESTAMP WHERE NOT EXISTS (SELECT 1 FROM raw_machine);
