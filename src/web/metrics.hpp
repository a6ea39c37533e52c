// Request counters and latency histograms, exposed in Prometheus text format on /metrics.
#pragma once
#include <array>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace trame::web {

class Metrics {
 public:
  static constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  // `route` is a registered pattern or "(none)"; methods outside the standard ones count as "OTHER".
  void record(const std::string& route, const std::string& method, int status, double seconds);
  // gauges: name → value, printed as they are.
  std::string prometheus(const std::vector<std::pair<std::string, double>>& gauges) const;

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
