// A client's metrics at http://127.0.0.1:PORT/metrics for Prometheus to scrape: the client reports
// to a typedis::prometheus_observer, prometheus-cpp's Exposer serves the registry on loopback.
//
//   prometheus_metrics_endpoint [redis-url] [port (default 0: any free port)]
//
// Runs 3 SET, 2 GET, one INCR of a string value (an ERR error reply), a pipeline (SET, GET), a
// transaction (MULTI, INCR, EXEC) and one DEL, prints the metrics URL, then serves until stdin is
// closed.
#include <typedis/prometheus.hpp>
#include <typedis/typedis.hpp>

#include <prometheus/exposer.h>
#include <prometheus/registry.h>

#include <iostream>
#include <memory>
#include <string>

#include <unistd.h>

int main(int argc, char** argv) {
  const std::string url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379";
  const std::string port = argc > 2 ? argv[2] : "0";
  try {
    auto registry = std::make_shared<prometheus::Registry>();
    prometheus::Exposer exposer{"127.0.0.1:" + port};
    exposer.RegisterCollectable(registry);

    typedis::client_options options = typedis::parse_url(url);
    options.observer = std::make_shared<typedis::prometheus_observer>(*registry);
    typedis::client r{options};

    const std::string key = "typedis:example:metrics:" + std::to_string(::getpid());
    const std::string counter = key + ":counter";
    for (int i = 0; i < 3; ++i) r.set(key, "v" + std::to_string(i));
    for (int i = 0; i < 2; ++i) std::cout << "GET " << r.get(key).value_or("(nil)") << '\n';
    try {
      r.incr(key);  // the value is not an integer
    } catch (const typedis::server_error& e) {
      std::cout << "INCR failed as expected: " << e.prefix() << '\n';
    }
    // Pipelines and transactions count per command: SET and GET, then MULTI, INCR and EXEC.
    auto [set_ok, value] = r.pipeline().set(key, "piped").get(key).exec();
    std::cout << "pipeline -> " << value.value_or("(nil)") << '\n';
    (void)set_ok;
    auto tx = r.transaction().incr(counter).exec();
    std::cout << "transaction -> " << (tx ? "committed" : "aborted") << '\n';
    r.del({key, counter});

    std::cout << "metrics: http://127.0.0.1:" << exposer.GetListeningPorts().at(0) << "/metrics" << std::endl;
    for (std::string line; std::getline(std::cin, line);) {
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "prometheus_metrics_endpoint: " << e.what() << '\n';
    return 1;
  }
}
