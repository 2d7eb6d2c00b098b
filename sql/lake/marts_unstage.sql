-- marts_unstage: free the staged mart.
DROP VIEW IF EXISTS temp.lake_mart_rows;
DROP TABLE IF EXISTS temp.lake_mart_todo;
