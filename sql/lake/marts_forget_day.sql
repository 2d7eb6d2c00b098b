-- marts_forget_day: a day partition the team build removed (its mart has no rows that day any more).
DELETE FROM lake_mart_state WHERE lake_id = $lake_id AND mart = $mart AND day = $day
