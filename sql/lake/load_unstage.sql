-- load_unstage: free the staged chunk.
DROP TABLE IF EXISTS temp.lake_load_rows;
DROP TABLE IF EXISTS temp.lake_load_listing;
