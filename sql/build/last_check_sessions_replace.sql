-- last_check_sessions_replace: after checks over everything, what they found is all there is.
DELETE FROM last_check_sessions;
INSERT INTO last_check_sessions SELECT * FROM found_check_sessions;
