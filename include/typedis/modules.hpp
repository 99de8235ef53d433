/// @file
/// What the module commands need beyond <typedis/typedis.hpp>: RedisJSON (json_*), RediSearch
/// (ft_*), RedisTimeSeries (ts_*) and Vector Sets (v*) are methods of every executor (r.json_set,
/// r.ft_search, r.ts_madd, r.vsim), declared by typedis.hpp with nlohmann::json only forward
/// declared and the modules' hand-written reply types only named. Include this header where you
/// call them: it brings nlohmann::json, its decoder, and those reply types with their decoders.
///
/// @code
///   #include <typedis/typedis.hpp>
///   #include <typedis/modules.hpp>
///   typedis::client r{"redis://localhost:6379"};
///   r.json_set("doc", "$", nlohmann::json{{"a", 1}});
///   std::optional<nlohmann::json> v = r.json_get_paths("doc", {"$.a", "$.b"});
/// @endcode
#pragma once

#include <nlohmann/json.hpp>

#include "typedis/codec/json.hpp"
#include "typedis/json_arg.hpp"
#include "typedis/command.hpp"
#include "typedis/generated/modules.hpp"

// RedisJSON reply types and helpers
#include "typedis/redisjson/matches.hpp"
#include "typedis/redisjson/types.hpp"

// RediSearch reply types and helpers
#include "typedis/search/aggregate_page.hpp"
#include "typedis/search/aggregate_result.hpp"
#include "typedis/search/cursor_pages.hpp"
#include "typedis/search/hybrid_result.hpp"
#include "typedis/search/profile_result.hpp"
#include "typedis/search/search_result.hpp"
#include "typedis/search/spellcheck_result.hpp"
#include "typedis/search/vector_blob.hpp"

// RedisTimeSeries reply types and helpers
#include "typedis/timeseries/add_result.hpp"
#include "typedis/timeseries/enums.hpp"
#include "typedis/timeseries/info.hpp"
#include "typedis/timeseries/last_sample.hpp"
#include "typedis/timeseries/sample.hpp"
#include "typedis/timeseries/sample_time.hpp"
#include "typedis/timeseries/series.hpp"

// Vector Sets reply types and helpers
#include "typedis/vectorset/attributed_elements.hpp"
#include "typedis/vectorset/scored_attributed_elements.hpp"
#include "typedis/vectorset/scored_elements.hpp"
