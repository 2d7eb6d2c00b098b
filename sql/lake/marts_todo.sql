-- marts_todo: the day partitions of the staged mart to (re)write, filled by the Appender.
CREATE OR REPLACE TEMP TABLE lake_mart_todo (day VARCHAR NOT NULL)
