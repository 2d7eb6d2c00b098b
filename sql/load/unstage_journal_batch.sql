-- unstage_journal_batch: free the staged batch (a big segment's lines hold hundreds of MB).
DROP TABLE IF EXISTS journal_batch_lines;
DROP TABLE IF EXISTS journal_batch_offsets;
