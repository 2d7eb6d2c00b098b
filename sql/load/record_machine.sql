-- record_machine: this warehouse's machine (raw_machine): an id on the first run, the name when
-- it changed (a run under the same name writes nothing). Parameter: $host.
INSERT INTO raw_machine SELECT CAST(uuid() AS VARCHAR), $host, now()::TIMESTAMP WHERE NOT EXISTS (SELECT 1 FROM raw_machine);
UPDATE raw_machine SET host = $host, named_at = now()::TIMESTAMP WHERE host <> $host;
