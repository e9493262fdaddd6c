-- The device lock is held by the server too: when the app locks, it tells
-- the server (a cookie, read at the next request, so a lock made offline
-- counts as soon as the phone reaches the server) and lock_check keeps the
-- SHA-256 (hex) of the proof that only the person's PIN makes on the device.
-- While it is set, pages and server functions answer "locked" with no one's
-- data, and sync takes the phone's records but hands it none. The proof ends
-- it; wrong proofs count with hand_back_failures (five end the session).
alter table login_sessions add column lock_check text;
