// Request counters and latency histograms, exposed in Prometheus text format on /metrics.
#pragma once
#include <array>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace trame::web {

// One value read at scrape time: a gauge (a level, e.g. requests in flight) or a counter (a running
// total since start, named *_total). Every family is printed with its # HELP and # TYPE lines.
struct Reading {
  enum class Type { gauge, counter };
  std::string name;
  std::string help;
  Type type = Type::gauge;
  double value = 0;
};

class Metrics {
 public:
  static constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  // `route` is a registered pattern or "(none)"; methods outside the standard ones count as "OTHER".
  void record(const std::string& route, const std::string& method, int status, double seconds);
  // The request series, then `readings` (each with its HELP and TYPE).
  std::string prometheus(const std::vector<Reading>& readings) const;

 private:
  struct Series {
    long long count = 0;
    double sum = 0;
    std::array<long long, kBuckets.size()> buckets{};
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, long long> requests_;
  std::map<std::string, Series> latency_;
};

}  // namespace trame::web
