-- A contact's details beyond its type, start, duration and note (place,
-- recovery themes, how the person took part, signposting, a late entry's
-- reason), as the canonical JSON of `app::domain::contact::ContactDetails`.
-- Contacts saved before this have none: '{}'.
alter table sessions add column details text not null default '{}';
