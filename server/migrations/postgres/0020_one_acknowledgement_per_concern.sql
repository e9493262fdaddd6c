-- A concern is acknowledged once, as the rules say. The sync check refuses a
-- second acknowledgement, but two sent in the same moment were both judged
-- before either was stored; the database now refuses the second, and the op
-- writer stores the other requests of that group without it.
drop index concern_acks_by_concern;
create unique index concern_acks_one_per_concern on concern_acks (concern_id);
