/** The Kinesis Data Streams part of the Store port: streams, shards and records, no SQL. */

export interface StreamKey {
  accountId: string;
  region: string;
  name: string;
}

export interface ShardRecord {
  /** 0, 1, ... (the shard id is `shardId-` + 12 digits). */
  index: number;
  shardId: string;
  startingHashKey: string;
  endingHashKey: string;
  startingSequenceNumber: string;
}

export interface StreamRecord extends StreamKey {
  id: number;
  arn: string;
  mode: 'PROVISIONED' | 'ON_DEMAND';
  retentionHours: number;
  createdAtMs: number;
  shards: ShardRecord[];
}

export interface NewKinesisRecord {
  shardIndex: number;
  partitionKey: string;
  data: Buffer;
  arrivalMs: number;
}

export interface StoredKinesisRecord {
  shardIndex: number;
  /** Position inside the shard, 1, 2, ...; the sequence number is derived from it. */
  position: number;
  partitionKey: string;
  data: Buffer;
  arrivalMs: number;
}

export interface KinesisStore {
  createStream(stream: Omit<StreamRecord, 'id'>): Promise<StreamRecord | undefined>;
  getStream(key: StreamKey): StreamRecord | undefined;
  getStreamById(id: number): StreamRecord | undefined;
  listStreams(accountId: string, region: string): StreamRecord[];
  deleteStream(id: number): Promise<void>;
  setRetention(id: number, retentionHours: number): Promise<void>;
  /** Appends records, each after the last of its shard; resolves with their positions, in order. */
  appendRecords(streamId: number, records: NewKinesisRecord[]): Promise<number[]>;
  /** Records of a shard with position > `afterPosition` and arrival >= `notBeforeMs`, oldest first. */
  readRecords(
    streamId: number,
    shardIndex: number,
    afterPosition: number,
    notBeforeMs: number,
    limit: number,
  ): StoredKinesisRecord[];
  /** The last position of a shard (0 when empty). */
  lastPosition(streamId: number, shardIndex: number): number;
  /** The first position whose record arrived at or after `atMs` (minus one), for AT_TIMESTAMP. */
  positionBefore(streamId: number, shardIndex: number, atMs: number): number;
  /** Drops records that arrived before `beforeMs` (retention). */
  trim(streamId: number, beforeMs: number): Promise<void>;
}
