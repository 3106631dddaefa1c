/** Migration 6: SNS topics, subscriptions, FIFO deduplication, HTTP deliveries and the email/sms outbox. */
export const SNS_MIGRATION_SQL = `
  CREATE TABLE sns_topics (
    id INTEGER PRIMARY KEY,
    arn TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    fifo INTEGER NOT NULL,
    attributes TEXT NOT NULL,
    tags TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    last_sequence_number TEXT NOT NULL DEFAULT '0'
  ) STRICT;
  CREATE INDEX sns_topics_by_account ON sns_topics (account_id, region, id);

  CREATE TABLE sns_subscriptions (
    id INTEGER PRIMARY KEY,
    arn TEXT NOT NULL UNIQUE,
    topic_arn TEXT NOT NULL,
    owner TEXT NOT NULL,
    protocol TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    attributes TEXT NOT NULL,
    pending_confirmation INTEGER NOT NULL,
    token TEXT,
    created_at_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sns_subscriptions_by_topic ON sns_subscriptions (topic_arn, id);

  CREATE TABLE sns_deduplication (
    topic_arn TEXT NOT NULL,
    deduplication_key TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sequence_number TEXT NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    PRIMARY KEY (topic_arn, deduplication_key)
  ) STRICT;

  CREATE TABLE sns_http_deliveries (
    id INTEGER PRIMARY KEY,
    subscription_arn TEXT NOT NULL,
    topic_arn TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    kind TEXT NOT NULL,
    message_id TEXT NOT NULL,
    body TEXT NOT NULL,
    content_type TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    due_at_ms INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sns_http_deliveries_due ON sns_http_deliveries (due_at_ms, id);

  CREATE TABLE sns_outbox (
    id INTEGER PRIMARY KEY,
    created_at_ms INTEGER NOT NULL,
    topic_arn TEXT NOT NULL,
    subscription_arn TEXT NOT NULL,
    protocol TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    kind TEXT NOT NULL,
    message_id TEXT NOT NULL,
    subject TEXT,
    body TEXT NOT NULL
  ) STRICT;
`;
