/// @file
/// typedis::prometheus_observer: command counters, latency histograms and connection events of a
/// typedis client as Prometheus metrics (prometheus-cpp). Optional component: link
/// typedis::prometheus (CMake option TYPEDIS_PROMETHEUS, built when prometheus-cpp is found;
/// find_package(typedis COMPONENTS prometheus) for an installed typedis).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "typedis/observer.hpp"

namespace typedis {

/// @ingroup observer
/// Settings of a prometheus_observer.
struct prometheus_options {
  /// Prefix of every metric name: `<prefix>_commands_total`, ...
  std::string prefix = "typedis";
  /// Upper bounds (seconds) of the latency histogram buckets.
  std::vector<double> latency_buckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                      0.025,  0.05,    0.1,    0.25,  0.5,    1.0,  2.5};
  /// Labels added to every metric, e.g. {{"client", "sessions"}} when one process has several clients.
  std::map<std::string, std::string> constant_labels;
};

/// @ingroup observer
/// An observer that counts into a prometheus::Registry (expose it with prometheus::Exposer):
///
/// | metric | labels | |
/// |---|---|---|
/// | `typedis_commands_total` | command, outcome | commands ended, by outcome (ok, server_error, io_error, other_error, aborted) |
/// | `typedis_command_duration_seconds` | command, outcome | histogram of the time from start to end, retries included |
/// | `typedis_command_errors_total` | command, error | server error prefix (`WRONGTYPE`), or `not_sent` / `may_have_executed` for I/O errors |
/// | `typedis_command_bytes_sent_total`, `typedis_command_bytes_received_total` | command | request and reply bytes |
/// | `typedis_connection_events_total` | event | connect, connect_failed, discard, reconnect, failover, redirect |
///
/// Commands of pipelines and transactions count one by one, like single commands. The command label
/// is the command's name in upper case; argument values never become labels.
/// Thread-safe; share one instance between clients through client_options::observer.
class prometheus_observer final : public observer {
 public:
  explicit prometheus_observer(prometheus::Registry& registry, prometheus_options options = {});

  /// Counts the command in every family above.
  void on_command_end(const command_end_event& event) noexcept override;
  /// Counts the event in `typedis_connection_events_total`.
  void on_connection_event(const connection_event& event) noexcept override;

 private:
  prometheus_options options_;
  prometheus::Family<prometheus::Counter>& commands_;
  prometheus::Family<prometheus::Histogram>& duration_;
  prometheus::Family<prometheus::Counter>& errors_;
  prometheus::Family<prometheus::Counter>& bytes_sent_;
  prometheus::Family<prometheus::Counter>& bytes_received_;
  prometheus::Family<prometheus::Counter>& connection_events_;
};

}  // namespace typedis
