-- The outbox claim gets a token: a sender whose claim expired (a slow send, a pause) can no longer mark the row sent
-- or put it back, which would undo the claim of the sender that took it over.
alter table email_outbox add column claim_token uuid;
