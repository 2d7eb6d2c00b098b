-- push_unstage: free the staged push batch.
DROP TABLE IF EXISTS temp.lake_push_rows
