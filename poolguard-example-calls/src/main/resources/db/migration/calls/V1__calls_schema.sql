-- The voice-campaign schema. Every lookup the service makes has an index below; the comment on each index names the
-- query it serves.

create table users (
    id                   bigint generated always as identity primary key,
    email                text        not null unique,
    name                 text        not null,
    -- the concurrency manager's per-user limit, and the count it enforces (changed only in the claiming transaction
    -- and in the transaction that ends a call, so it holds across instances)
    max_concurrent_calls int         not null check (max_concurrent_calls between 1 and 1000),
    active_calls         int         not null default 0 check (active_calls >= 0),
    created_at           timestamptz not null default now()
);

create table campaigns (
    id                   bigint generated always as identity primary key,
    owner_id             bigint      not null references users (id),
    name                 text        not null,
    from_number          text        not null,
    status               text        not null default 'draft'
                                     check (status in ('draft', 'scheduled', 'running', 'completed')),
    scheduled_at         timestamptz,
    max_concurrent_calls int         not null check (max_concurrent_calls between 1 and 1000),
    active_calls         int         not null default 0 check (active_calls >= 0),
    created_at           timestamptz not null default now(),
    started_at           timestamptz,
    completed_at         timestamptz
);
-- the scheduler: campaigns due to start
create index campaigns_due on campaigns (scheduled_at) where status = 'scheduled';
create index campaigns_by_owner on campaigns (owner_id, id);

create table leads (
    id          bigint generated always as identity primary key,
    campaign_id bigint not null references campaigns (id),
    name        text   not null,
    phone       text   not null,
    score       int    not null default 0 check (score between 0 and 100),
    unique (campaign_id, phone)
);
-- the summary's top leads by score
create index leads_by_score on leads (campaign_id, score desc, id);

create table calls (
    id               bigint generated always as identity primary key,
    lead_id          bigint      not null unique references leads (id), -- one call per lead: dialed at most once
    campaign_id      bigint      not null references campaigns (id),
    user_id          bigint      not null references users (id),
    call_sid         text unique,                                        -- the provider's id; the webhook lookup
    status           text        not null default 'queued'
                                 check (status in ('queued', 'dialing', 'initiated', 'ringing', 'in-progress',
                                                   'completed', 'busy', 'no-answer', 'canceled', 'failed')),
    queued_at        timestamptz not null default now(),
    dialed_at        timestamptz,
    answered_at      timestamptz,
    ended_at         timestamptz,
    duration_seconds int,
    -- why it ended: answered, no-answer, busy, canceled, failed (the provider's word), dial-error (the provider
    -- refused to place it), dial-timeout (claimed but never dialed: its instance stopped)
    outcome          text,
    dialed_by        text                                                -- the instance that claimed it
);
-- paging a campaign's calls (keyset on id)
create index calls_by_campaign on calls (campaign_id, id);
-- "is anything of this campaign still open?" when a call ends
create index calls_open_by_campaign on calls (campaign_id)
    where status in ('queued', 'dialing', 'initiated', 'ringing', 'in-progress');
-- a user's active calls
create index calls_active_by_user on calls (user_id, id)
    where status in ('dialing', 'initiated', 'ringing', 'in-progress');

-- Calls waiting to be dialed. Workers claim rows with FOR UPDATE SKIP LOCKED and delete them in the claiming
-- transaction, so any number of instances dial each call once.
create table call_queue (
    call_id      bigint      primary key references calls (id),
    available_at timestamptz not null default now()
);
create index call_queue_ready on call_queue (available_at, call_id);

-- Every accepted status callback, once: a duplicate (same call, same status) is not stored again.
create table webhook_events (
    id              bigint generated always as identity primary key,
    call_sid        text        not null,
    call_status     text        not null,
    sequence_number int,
    call_duration   int,
    applied         boolean     not null, -- false when it arrived after a later status (out of order)
    received_at     timestamptz not null default now(),
    unique (call_sid, call_status)
);

-- The transactional outbox: a campaign's summary is written in the transaction that completes the campaign, and a
-- background task sends it. One row per (campaign, kind): exactly one summary per campaign.
create table email_outbox (
    id            bigint generated always as identity primary key,
    campaign_id   bigint      not null references campaigns (id),
    kind          text        not null,
    recipient     text        not null,
    subject       text        not null,
    body          text        not null,
    message_id    text        not null,
    status        text        not null default 'pending' check (status in ('pending', 'sending', 'sent')),
    attempts      int         not null default 0,
    available_at  timestamptz not null default now(),
    claimed_until timestamptz,
    sent_at       timestamptz,
    last_error    text,
    created_at    timestamptz not null default now(),
    unique (campaign_id, kind)
);
-- the sweep: summaries not sent yet (a task that failed, or an instance that stopped before sending)
create index email_outbox_unsent on email_outbox (available_at) where status <> 'sent';
