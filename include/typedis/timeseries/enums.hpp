/// @file
/// Short names for the RedisTimeSeries enums. The generated API names each after the first command
/// that uses it (typedis::cmd::ts_createrule_aggregator, ...) and aliases it in every other
/// command (ts_range_aggregation_aggregator, ts_mrange_groupby_reducer, ...): these are the same
/// types, so ts::aggregator::avg goes wherever any of them is expected.
#pragma once

#include "typedis/generated/timeseries.hpp"

namespace typedis::timeseries {

/// AGGREGATION of TS.RANGE / REVRANGE / MRANGE / MREVRANGE / CREATERULE, and GROUPBY's REDUCE.
using aggregator = typedis::cmd::ts_createrule_aggregator;
/// DUPLICATE_POLICY and ON_DUPLICATE.
using duplicate_policy = typedis::cmd::ts_add_duplicate_policy;
/// ENCODING.
using encoding = typedis::cmd::ts_add_encoding;
/// BUCKETTIMESTAMP.
using bucket_timestamp = typedis::cmd::ts_range_aggregation_buckettimestamp;

}  // namespace typedis::timeseries
