/**
 * The closed vocabulary of log lines: every line carries one of these as its `event` field, beside a constant
 * human message, so operators filter by event (`jq 'select(.event == "job.failed")'`) as they filter failures by
 * code. `<area>.<what happened>`; adding a line means adding its event here (the logger's type demands one).
 */
export const LOG_EVENTS = [
  // the mail pipeline
  'mail.received',
  'mail.parsed',
  'extract.sent_to_ocr',
  'extract.failed',
  'ocr.failed',
  'message.classified',
  'job.failed',
  'worker.error',
  'worker.claimed_elsewhere',
  'worker.heartbeat_failed',
  'relations.refreshed',
  'arguments.deferred',
  'arguments.recomputed',
  'training.retrain_check_failed',
  'training.candidate_trained',
  'training.retrain_finished',
  'relations.refresh_failed',
  'requeue.failed',
  // classifier models
  'model.trained_from_files',
  'model.cache_failed',
  'model.warm_up_failed',
  // processes
  'process.started',
  'process.stopping',
  'process.stopped',
  'process.no_mailbox',
  'listeners.started',
  'listeners.stopped',
  'redis.private_started',
  'redis.config_unreadable',
  'redis.not_durable',
  // the IMAP listener
  'imap.listener_state',
  'imap.listener_crashed',
  'imap.session_failed',
  'imap.lock_lost',
  'imap.watchdog_silent',
  'imap.uidvalidity_changed',
  'imap.new_mails',
  'imap.sweep_done',
  'imap.mail_refused',
  'imap.mail_filtered',
  'imap.ack_keyword_refused',
  'imap.acknowledged',
  // the review workspace
  'web.listening',
  'web.request_failed',
  'web.session_sweep_failed',
  'web.login',
  'web.login_failed',
  'web.login_rate_limited',
  'web.passage_reviewed',
  'web.reprocess_requested',
  'web.reprocess_started',
  'web.group_correction_applied',
  'web.argument_edited',
  'web.bulk_review',
  'web.assessment_saved',
  'web.retrain_requested',
  'web.arguments_enqueue_failed',
] as const;

export type LogEvent = (typeof LOG_EVENTS)[number];
