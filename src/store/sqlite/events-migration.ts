/** Migration 7: EventBridge buses and rules (targets and schedule state live on the rule row). */
export const EVENTS_MIGRATION_SQL = `
  CREATE TABLE events_buses (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    tags TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    last_modified_at_ms INTEGER NOT NULL,
    PRIMARY KEY (account_id, region, name)
  ) STRICT;

  CREATE TABLE events_rules (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    bus_name TEXT NOT NULL,
    name TEXT NOT NULL,
    event_pattern TEXT,
    schedule_expression TEXT,
    state TEXT NOT NULL,
    description TEXT,
    role_arn TEXT,
    created_by TEXT NOT NULL,
    tags TEXT NOT NULL,
    targets TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    next_fire_at_ms INTEGER,
    last_fire_at_ms INTEGER,
    PRIMARY KEY (account_id, region, bus_name, name)
  ) STRICT;
  CREATE INDEX events_rules_scheduled ON events_rules (schedule_expression) WHERE schedule_expression IS NOT NULL;
`;
