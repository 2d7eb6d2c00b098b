-- scope_everything: a full build. Every model reads all rows: in_scope() and in_day_scope() are
-- constant true, so the optimizer drops the filters the model files put on their inputs.
CREATE OR REPLACE TEMP MACRO in_scope(s) AS true;
CREATE OR REPLACE TEMP MACRO in_day_scope(d) AS true;
