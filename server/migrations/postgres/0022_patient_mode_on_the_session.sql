-- Patient mode is held by the server on the signed-in session, not only by a
-- cookie the browser could drop: handed_to names the patient whose plan the
-- session is kept to, hand_back_check is the SHA-256 (hex) of the proof that
-- only the staff member's PIN can make on the device, and hand_back_failures
-- counts wrong proofs (five end the session). A browser can put a session
-- into patient mode; only the proof or signing out takes it out.
alter table login_sessions add column handed_to text;
alter table login_sessions add column hand_back_check text;
alter table login_sessions add column hand_back_failures integer not null default 0;
