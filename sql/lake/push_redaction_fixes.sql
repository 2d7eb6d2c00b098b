-- push_redaction_fixes: values of the staged batch the redaction pass changed (a pattern added
-- since the row was stored, a door that let a secret through), one row per value, filled by the
-- Appender and applied by push_apply_fix.sql.
CREATE OR REPLACE TEMP TABLE lake_push_fixes (rid BIGINT NOT NULL, col VARCHAR NOT NULL, text VARCHAR NOT NULL)
