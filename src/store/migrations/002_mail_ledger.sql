-- What the IMAP listener saw on a server: one row per (mailbox, UIDVALIDITY, UID). The business key stays the
-- message id (Message-ID + content hash), so the same reply twice, in two folders or after a UIDVALIDITY change is
-- several ledger rows but one message. A row is written only after the raw mail is stored (state 'stored'), or
-- when the mail was refused or filtered out before fetching its body.
CREATE TABLE mail_ledger (
  mailbox      text NOT NULL,
  uidvalidity  bigint NOT NULL,
  uid          bigint NOT NULL,
  pipeline_id  text NOT NULL,
  message_id   text REFERENCES messages (id) ON DELETE SET NULL,
  state        text NOT NULL CHECK (state IN ('stored', 'refused', 'skipped')),
  reason       text,
  size         integer,
  -- The server-side acknowledgement applied: 'done' (flag/move), 'failed' (failed flag/folder), or 'lost' when the
  -- UID could no longer be addressed (UIDVALIDITY changed before the message finished).
  ack          text CHECK (ack IN ('done', 'failed', 'lost')),
  acked_at     timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (mailbox, uidvalidity, uid)
);
CREATE INDEX mail_ledger_message_idx ON mail_ledger (message_id);
CREATE INDEX mail_ledger_unacked_idx ON mail_ledger (mailbox, uidvalidity) WHERE acked_at IS NULL;
