#include "typedis/prometheus.hpp"

#include <cctype>

namespace typedis {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

prometheus::Family<prometheus::Counter>& counter(prometheus::Registry& r, const prometheus_options& o,
                                                 const char* name, const char* help) {
  return prometheus::BuildCounter().Name(o.prefix + name).Help(help).Labels(o.constant_labels).Register(r);
}

}  // namespace

prometheus_observer::prometheus_observer(prometheus::Registry& registry, prometheus_options options)
    : options_(std::move(options)),
      commands_(counter(registry, options_, "_commands_total", "Commands ended, by outcome")),
      duration_(prometheus::BuildHistogram()
                    .Name(options_.prefix + "_command_duration_seconds")
                    .Help("Time from the start of a command to its end, retries included")
                    .Labels(options_.constant_labels)
                    .Register(registry)),
      errors_(counter(registry, options_, "_command_errors_total",
                      "Failed commands: the server error prefix, or not_sent / may_have_executed for I/O errors")),
      bytes_sent_(counter(registry, options_, "_command_bytes_sent_total", "Request bytes written")),
      bytes_received_(counter(registry, options_, "_command_bytes_received_total", "Reply bytes read")),
      connection_events_(counter(registry, options_, "_connection_events_total",
                                 "Connections opened, failed, discarded; commands moved to a new connection")) {}

void prometheus_observer::on_command_end(const command_end_event& e) noexcept {
  // A metrics backend must never take the application down: failures (allocation, a label the
  // registry refuses) lose one sample, nothing else.
  try {
    const std::string command = upper(e.command);
    const std::string outcome(to_string(e.outcome));
    commands_.Add({{"command", command}, {"outcome", outcome}}).Increment();
    duration_.Add({{"command", command}, {"outcome", outcome}}, options_.latency_buckets)
        .Observe(std::chrono::duration<double>(e.duration).count());
    if (e.outcome == command_outcome::server_error) {
      errors_.Add({{"command", command}, {"error", std::string(e.error_prefix)}}).Increment();
    } else if (e.outcome == command_outcome::io_error) {
      errors_.Add({{"command", command}, {"error", e.io_state == send_state::not_sent ? "not_sent" : "may_have_executed"}})
          .Increment();
    }
    bytes_sent_.Add({{"command", command}}).Increment(static_cast<double>(e.bytes_out));
    bytes_received_.Add({{"command", command}}).Increment(static_cast<double>(e.bytes_in));
  } catch (...) {
  }
}

void prometheus_observer::on_connection_event(const connection_event& e) noexcept {
  try {
    connection_events_.Add({{"event", std::string(to_string(e.kind))}}).Increment();
  } catch (...) {
  }
}

}  // namespace typedis
