-- "We watched it" looks up a nomination's watches (who is already recorded, and everyone's ratings
-- on the history page); without this index each lookup scans every watch the household ever had.
CREATE INDEX ix_watch_history_nomination ON watch_history(nomination_id, user_id);
