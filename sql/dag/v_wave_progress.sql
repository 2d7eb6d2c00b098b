-- v_wave_progress: rpt_wave_progress over all history (the report macro with no window; see sql/dag/rpt_wave_progress.sql).
CREATE OR REPLACE VIEW v_wave_progress AS SELECT * FROM rpt_wave_progress(NULL, NULL, NULL);
