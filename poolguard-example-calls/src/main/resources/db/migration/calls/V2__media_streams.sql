-- Media Streams: the WebSocket audio of an answered call, and the voice agent's conversation on it. Written only at
-- the edges of a stream (its start, a batch of turns, its stop), never per audio frame.

-- One stream per call: started when the provider's `start` message names a live call, ended at `stop` or when the
-- socket closes. The counters are the stream's own, written with each batch of turns and at the end.
create table call_streams (
    id                     bigint generated always as identity primary key,
    call_id                bigint      not null unique references calls (id), -- GET /calls/{callSid} joins on it
    stream_sid             text        not null unique,                       -- the provider's MZ... id
    started_at             timestamptz not null default now(),
    ended_at               timestamptz,
    frames_in              bigint      not null default 0,
    frames_out             bigint      not null default 0,
    turns                  int         not null default 0,
    -- why it ended: stop (the provider hung up), closed (socket closed without stop), silent (idle timeout),
    -- protocol-error, oversize, store-failed, shutdown
    end_reason             text,
    -- a conversation: the stream ended with stop after the agent answered the caller at least once
    conversation_completed boolean     not null default false
);

-- The transcript: caller and agent turns in order; (stream_id, seq) is the transcript read and keeps a rerun batch
-- from writing a turn twice.
create table call_turns (
    stream_id   bigint  not null references call_streams (id),
    seq         int     not null,
    speaker     text    not null check (speaker in ('caller', 'agent')),
    text        text    not null,
    at_ms       bigint  not null, -- stream time (the media timestamps), when the turn began
    duration_ms int     not null,
    interrupted boolean not null default false, -- an agent turn the caller talked over (the agent sent clear)
    primary key (stream_id, seq)
);
