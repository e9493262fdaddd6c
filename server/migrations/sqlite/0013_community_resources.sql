-- The community resources directory: services and groups PSWs signpost
-- people to, kept by administrators. A resource taken off the list keeps
-- its row (contacts recorded its name), marked with when it was retired.
create table community_resources (
    id text primary key,
    name text not null,
    offers text not null,
    contact text not null,
    created_by text references staff (id),
    created_at text not null,
    retired_at text
);
-- One listed resource per name; a retired name may be listed again.
create unique index community_resources_listed_name on community_resources (name) where retired_at is null;
