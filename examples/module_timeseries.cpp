// RedisTimeSeries through the typed module API: series created with labels and a retention period,
// samples added at std::chrono time points, a range read back aggregated into buckets, and TS.MRANGE
// grouping two series by a label. Needs a server with RedisTimeSeries (Redis 8,
// redis-stack-server); prints a note and exits 0 without one.
//
//   module_timeseries [URL]      URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
#include <typedis/modules.hpp>
#include <typedis/typedis.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace c = typedis::cmd;
namespace ts = typedis::timeseries;
using namespace std::chrono_literals;

// Milliseconds since the epoch, the module's own unit, for printing.
long long ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

int main(int argc, char** argv) {
  const char* env_url = std::getenv("REDIS_URL");
  const std::string url = argc > 1 ? argv[1] : env_url ? env_url : "redis://127.0.0.1:6379";

  try {
    typedis::client r{url};
    const std::string kitchen = "typedis:example:temp:kitchen";
    const std::string hall = "typedis:example:temp:hall";
    r.del({kitchen, hall});

    // Two series with labels, keeping one day of samples.
    try {
      r.ts_create(kitchen,
                  {.retention = 24h, .labels = {{"type", "temp"}, {"room", "kitchen"}, {"example", "typedis"}}});
    } catch (const typedis::server_error& e) {
      std::cout << "this server has no RedisTimeSeries (" << e.what() << "): nothing to show\n";
      return 0;
    }
    r.ts_create(hall, {.retention = 24h, .labels = {{"type", "temp"}, {"room", "hall"}, {"example", "typedis"}}});

    // A sample per minute over the last hour, at time points of the system clock.
    const auto start = std::chrono::floor<std::chrono::hours>(std::chrono::system_clock::now()) - 1h;
    for (int minute = 0; minute < 60; ++minute) {
      const auto t = start + std::chrono::minutes(minute);
      r.ts_madd({{kitchen, t, 20 + minute % 7 * 0.5}, {hall, t, 17 + minute % 5 * 0.25}});
    }
    // One more now, stamped by the server's clock; the reply is the time point it used.
    const std::chrono::system_clock::time_point added = r.ts_add(kitchen, ts::timestamp::now(), 22.5);
    std::cout << "added a sample at " << ms(added) << " ms\n";
    if (const std::optional<ts::sample> last = r.ts_get(kitchen))
      std::cout << "last kitchen sample: " << last->value << '\n';

    // The kitchen's hour in 15-minute buckets: the average of each.
    const std::vector<ts::sample> quarters = r.ts_range(
        kitchen, start, start + 1h - 1ms,
        {.aggregation = c::ts_range_aggregation{.aggregator = ts::aggregator::avg, .bucketduration = 15min}});
    for (const ts::sample& s : quarters) std::cout << "  avg from " << ms(s.timestamp) << ": " << s.value << '\n';

    // Both rooms' maximum per 30 minutes, then grouped by type: the maximum over the rooms.
    const std::vector<ts::series> grouped = r.ts_mrange(
        start, ts::range_bound::latest(), {"example=typedis", "type=temp"},
        {.labels = typedis::withlabels{},  // over RESP2 the group's sources come as labels
         .aggregation = c::ts_mrange_aggregation{.aggregator = ts::aggregator::max, .bucketduration = 30min},
         .groupby = c::ts_mrange_groupby{.label = "type", .reducer = ts::aggregator::max}});
    for (const ts::series& s : grouped) {
      std::cout << s.key << " (reducer " << (s.reducers.empty() ? "?" : s.reducers[0]) << ", " << s.sources.size()
                << " series):\n";
      for (const ts::sample& sample : s.samples)
        std::cout << "  " << ms(sample.timestamp) << " -> " << sample.value << '\n';
    }

    r.del({kitchen, hall});
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
