-- A new device's first pull starts at its retention window, found by when
-- the server received each op, not by reading the log from the beginning.
create index sync_ops_by_received_at on sync_ops (received_at);
