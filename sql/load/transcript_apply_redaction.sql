-- transcript_apply_redaction: put the redacted text of the suspect lines (redacted in JavaScript,
-- appended to tmp_transcript_redacted) in place of their staged text.
UPDATE tmp_transcript_lines t
SET line = CAST(r.line AS JSON), redacted = from_json(r.kinds, '["VARCHAR"]')
FROM tmp_transcript_redacted r
WHERE t.file_idx = r.file_idx AND t.byte_offset = r.byte_offset
