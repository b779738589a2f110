/**
 * The option and reply types of the command methods that a user names in
 * an annotation (`SetOptions`, `ScoredMember`, `StreamEntry`, …): what the
 * entry files export from lib/commands. The groups themselves and the reply
 * machinery (`Reply`, `Mode`, …) are exported by `commands.ts` only.
 *
 * @module
 */
export type { AclLogEntry, AclSelector, AclUser } from "./acl.ts";
export type { ModuleInfo } from "./admin_shapes.ts";
export type { BitfieldOperation, BitRange } from "./bitmap.ts";
export type {
  ClusterLink,
  ClusterNode,
  ClusterShard,
  ClusterShardNode,
  ClusterSlotNode,
  ClusterSlotRange,
  ClusterSlotStats,
  SetSlotAction,
  SlotRange,
} from "./cluster.ts";
export type { RedisKey } from "./command_base.ts";
export type {
  ClientKillFilters,
  ClientListOptions,
  ClientSetinfoAttribute,
  ClientTrackingInfo,
  ClientTrackingOptions,
  HelloOptions,
  HelloReply,
} from "./connection.ts";
export type {
  CopyOptions,
  ExpireCondition,
  KeyScanPageOptions,
  MigrateOptions,
  RestoreOptions,
  ScanCursor,
  ScanPage,
  ScanPageOptions,
  SortOptions,
} from "./generic.ts";
export type {
  GeoAddOptions,
  GeoMatch,
  GeoMember,
  GeoPosition,
  GeoRadiusMatchOptions,
  GeoRadiusMembersOptions,
  GeoRadiusOptions,
  GeoRadiusStore,
  GeoRadiusStoreOptions,
  GeoSearchOptions,
  GeoUnit,
  GeoWith,
  GeoWithSome,
} from "./geo.ts";
export type { FieldValue, HashFieldsScanPage, HashScanPage, HashScanPageOptions } from "./hash.ts";
export type { KeyElement, KeyElements } from "./list.ts";
export type { Integer } from "./replies.ts";
export type {
  FunctionEngineStats,
  FunctionInfo,
  FunctionLibrary,
  FunctionStats,
  RunningFunction,
} from "./scripting.ts";
export type { ReplicationRole, RoleReplica, ServerTime } from "./server.ts";
export type {
  CommandArgument,
  CommandDoc,
  CommandInfo,
  CommandKeySpec,
  KeySearch,
  LatencyHistogram,
  LatencyLatest,
  LatencySample,
  MemoryStats,
  SlowlogEntry,
} from "./server_introspection.ts";
export type { SetScanPage } from "./set.ts";
export type {
  KeyedScoredMember,
  KeyedScoredMembers,
  SortedSetScanPage,
  ZAddOptions,
  ZCombineOptions,
  ZMember,
  ZRangeByScoreOptions,
  ZRangeOptions,
} from "./sorted_set.ts";
export type {
  AutoClaimed,
  AutoClaimedIds,
  PendingEntry,
  PendingSummary,
  StreamEntries,
  StreamEntry,
  StreamTrim,
  XAddOptions,
  XClaimOptions,
} from "./stream.ts";
export type {
  GetExOptions,
  LcsIdx,
  LcsIdxOptions,
  LcsMatch,
  LcsMatchWithLength,
  LcsOptions,
  LcsRange,
  SetCondition,
  SetExpiry,
  SetOptions,
} from "./string.ts";
export type { InfoSections, ScoredMember } from "./transforms.ts";
