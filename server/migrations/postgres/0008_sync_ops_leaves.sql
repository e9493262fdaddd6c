-- When a patient moves ward, the server writes a `patient`/`leave` op under
-- the ward they left, so that ward's phones forget them. Pulls find those
-- few ops by ward without reading the whole log since their cursor.
create index sync_ops_leaves on sync_ops (ward_id, seq) where action = 'leave';
