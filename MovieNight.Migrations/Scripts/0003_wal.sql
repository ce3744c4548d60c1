-- no-transaction: the journal mode cannot change inside a transaction. WAL lets readers work
-- while a writer commits; it is a property of the file, so it is set once, here.
PRAGMA journal_mode = WAL;
