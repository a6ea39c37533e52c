#include "platform/web/metrics.hpp"

#include <sstream>

namespace trame::web {

namespace {
// Labels come from closed sets: an invented method (any token is a valid HTTP method) must not
// become a new series, or anonymous requests could grow the process's memory without bound.
std::string method_label(const std::string& method) {
  static const char* known[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
  for (const char* m : known)
    if (method == m) return method;
  return "OTHER";
}
int status_label(int status) {
  return status >= 100 && status <= 599 ? status : 0;
}
}  // namespace

void Metrics::record(const std::string& route, const std::string& method, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, method_label(method), status_label(status)}];
  auto& s = latency_[route];
  ++s.count;
  s.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++s.buckets[i];
}

std::string Metrics::prometheus(const std::vector<Reading>& readings) const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP trame_http_requests_total Requests served, by route, method and status.\n"
      << "# TYPE trame_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out << "trame_http_requests_total{route=\"" << route << "\",method=\"" << method << "\",status=\"" << status
        << "\"} " << count << "\n";
  }
  out << "# HELP trame_http_request_duration_seconds Time to handle a request.\n"
      << "# TYPE trame_http_request_duration_seconds histogram\n";
  for (const auto& [route, s] : latency_) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out << "trame_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << kBuckets[i] << "\"} "
          << s.buckets[i] << "\n";
    out << "trame_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << s.count << "\n"
        << "trame_http_request_duration_seconds_sum{route=\"" << route << "\"} " << s.sum << "\n"
        << "trame_http_request_duration_seconds_count{route=\"" << route << "\"} " << s.count << "\n";
  }
  for (const auto& r : readings)
    out << "# HELP " << r.name << " " << (r.help.empty() ? r.name : r.help) << "\n"
        << "# TYPE " << r.name << " " << (r.type == Reading::Type::counter ? "counter" : "gauge") << "\n"
        << r.name << " " << r.value << "\n";
  return out.str();
}

}  // namespace trame::web
