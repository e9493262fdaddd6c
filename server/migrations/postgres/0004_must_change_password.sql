-- Set when an admin resets a password: the person must choose a new one at
-- their next sign-in before they can do anything else.
alter table staff add column must_change_password boolean not null default false;
