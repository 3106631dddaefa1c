/**
 * Migration 10: a stream mapping's open tumbling window (bounds and the function's state, JSON) beside
 * the shard's checkpoint, so both move in one statement and a restart resumes the window where it was.
 */
export const ESM_TUMBLING_WINDOW_MIGRATION_SQL = `
  ALTER TABLE lambda_esm_checkpoints ADD COLUMN tumbling_window TEXT;
`;
